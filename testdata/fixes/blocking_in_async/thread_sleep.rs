// check: rustc
// std::thread::sleep in async code becomes Tokio's sleep, awaited: certain where the file
// already uses `tokio::time` (so Tokio's "time" feature is on). The module below stands in
// for Tokio's `time` module, so that rustc can compile this file and its fixed form without
// crates (it is found as `tokio::` from the crate root, like the crate would be).
use std::thread;
use std::time::Duration;

mod tokio {
    pub mod time {
        pub async fn sleep(_d: std::time::Duration) {}
    }
}

pub async fn statement() {
    std::thread::sleep(Duration::from_millis(10)); // want: blocking_in_async (fix: certain)
}

pub async fn imported_module(d: Duration) {
    thread::sleep(d); // want: blocking_in_async (fix: certain)
    println!("slept");
}

pub fn async_block(d: Duration) -> impl std::future::Future<Output = ()> {
    async move {
        std::thread::sleep(d); // want: blocking_in_async (fix: certain)
    }
}

// Not a statement of its own: the `if` is the function's value. Right here, but needs review.
pub async fn tail_of_an_if(slow: bool) {
    if slow {
        std::thread::sleep(Duration::from_secs(1)) // want: blocking_in_async (fix: needs-review)
    }
}

// Tokio's timer counts whole milliseconds: a shorter sleep becomes longer.
pub async fn microseconds() {
    std::thread::sleep(Duration::from_micros(100)); // want: blocking_in_async (fix: needs-review)
}

// An async closure's body is async too, but only async fn and async blocks are certain.
pub async fn async_closure() {
    let wait = async |d: Duration| {
        std::thread::sleep(d); // want: blocking_in_async (fix: needs-review)
    };
    wait(Duration::from_millis(1)).await;
}

// In a closure an `.await` would not compile: no fix.
pub async fn in_a_closure() {
    (0..3).for_each(|i| std::thread::sleep(Duration::from_millis(i))); // want: blocking_in_async (fix: none)
}

// sleep_ms takes milliseconds, not a Duration: no fix.
#[allow(deprecated)]
pub async fn sleep_ms() {
    std::thread::sleep_ms(5); // want: blocking_in_async (fix: none)
}

pub async fn already_on_tokio_time() {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

pub fn sync_code_is_fine() {
    std::thread::sleep(Duration::from_millis(1));
}
