// check: rustc
// A file that does not use `tokio::time` yet: Tokio's "time" feature may be off, so the
// fix needs review.
use std::time::Duration;

mod tokio {
    pub mod time {
        pub async fn sleep(_d: std::time::Duration) {}
    }
}

pub async fn statement() {
    std::thread::sleep(Duration::from_millis(10)); // want: blocking_in_async (fix: needs-review)
}
