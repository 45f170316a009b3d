// A suite of tests the crate ships for the implementors of its store trait to run
// (`mod store_test_suite;`): test code by its name, though compiled into the library.
pub struct StoreTestSuite;

impl StoreTestSuite {
    pub async fn expiry(&self) {
        std::thread::sleep(std::time::Duration::from_millis(50)); // want: blocking_in_async@note
    }
}
