// The twin of builder_lock_quiet.rs: the file's Mutex is parking_lot's, whose `lock()`
// returns the guard itself; a lock taken on what an accessor of another crate returns and
// held across an `.await` is reported.
use parking_lot::Mutex;

pub struct Local {
    pub hits: Mutex<u64>,
}

async fn flush() {}

pub async fn bump() {
    let mut n = registry::global().counters().lock(); // want: lock_across_await
    flush().await;
    *n += 1;
}
