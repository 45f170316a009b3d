// std::thread::sleep in every import form, next to tokio's sleep and the places where a
// blocking sleep is fine.
use std::thread;
use std::thread::sleep;
use std::thread::sleep as nap;
use std::time::Duration;

async fn full_path() {
    std::thread::sleep(Duration::from_millis(10)); // want: blocking_in_async
}

async fn module_import() {
    thread::sleep(Duration::from_millis(10)); // want: blocking_in_async
}

async fn function_import() {
    sleep(Duration::from_millis(10)); // want: blocking_in_async
}

async fn renamed_import() {
    nap(Duration::from_millis(10)); // want: blocking_in_async
}

async fn leading_colons() {
    ::std::thread::sleep(Duration::from_secs(1)); // want: blocking_in_async
}

async fn tokio_sleep_is_fine() {
    tokio::time::sleep(Duration::from_millis(10)).await;
    tokio::time::sleep_until(tokio::time::Instant::now()).await;
}

fn sync_function_is_fine() {
    std::thread::sleep(Duration::from_millis(10));
    thread::sleep(Duration::from_millis(10));
}

async fn nested_sync_fn_sleeps() {
    // The sleep itself is in a sync fn; calling that fn from async code sleeps here.
    fn backoff(attempt: u32) {
        std::thread::sleep(Duration::from_millis(10 * attempt as u64));
    }
    backoff(1); // want: blocking_in_async@note
    tokio::task::yield_now().await;
}

async fn async_block_in_async_fn() {
    let handle = tokio::spawn(async move {
        thread::sleep(Duration::from_secs(1)); // want: blocking_in_async
    });
    handle.await.unwrap();
}

fn async_block_in_sync_fn() -> impl std::future::Future<Output = ()> {
    async {
        sleep(Duration::from_secs(1)); // want: blocking_in_async
    }
}

fn closure_returning_async_block() {
    let make = || async move {
        std::thread::sleep(Duration::from_secs(1)); // want: blocking_in_async
    };
    drop(make);
}

async fn async_closure() {
    let wait = async |d: Duration| {
        std::thread::sleep(d); // want: blocking_in_async
    };
    wait(Duration::from_secs(1)).await;
}

#[tokio::test]
async fn tokio_test_bodies_are_async() {
    std::thread::sleep(Duration::from_millis(5)); // want: blocking_in_async
}

#[test]
fn plain_tests_are_sync() {
    std::thread::sleep(Duration::from_millis(5));
}

struct Poller;

impl Poller {
    async fn method(&self) {
        thread::sleep(Duration::from_millis(1)); // want: blocking_in_async
    }

    fn sync_method(&self) {
        thread::sleep(Duration::from_millis(1));
    }
}

trait Backoff {
    async fn wait(&self) {
        sleep(Duration::from_millis(1)); // want: blocking_in_async
    }
}

// A local function named `sleep` in another module is not std's.
mod local {
    pub fn sleep(_ms: u64) {}
}

async fn local_sleep_is_fine() {
    local::sleep(10);
    crate::local::sleep(10);
}

static WARMUP: fn() = || std::thread::sleep(std::time::Duration::from_millis(1));

// A back-off finer than any async timer, between polls of a lock-free queue: it stalls the
// thread for 100 µs at most. A note. A millisecond or more, which `tokio::time::sleep` can
// do, stays a warning.
const IDLE_BACKOFF: std::time::Duration = std::time::Duration::from_micros(100);

async fn drain(queue: &std::sync::Mutex<Vec<u64>>) {
    loop {
        let next = queue.lock().unwrap().pop();
        match next {
            Some(v) => println!("{v}"),
            None => {
                std::thread::sleep(IDLE_BACKOFF); // want: blocking_in_async@note
                tokio::task::yield_now().await;
            }
        }
    }
}

async fn drain_slowly(queue: &std::sync::Mutex<Vec<u64>>) {
    loop {
        let next = queue.lock().unwrap().pop();
        if next.is_none() {
            std::thread::sleep(std::time::Duration::from_millis(5)); // want: blocking_in_async@warning
            tokio::task::yield_now().await;
        }
    }
}
