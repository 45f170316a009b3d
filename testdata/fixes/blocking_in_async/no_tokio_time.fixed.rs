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
    tokio::time::sleep(Duration::from_millis(10)).await; // want: blocking_in_async (fix: needs-review)
}
