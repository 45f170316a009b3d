// The crate's test module, in its own file.
async fn fixture() -> String {
    std::fs::read_to_string("fixture.json").unwrap() // want: blocking_in_async@note
}
