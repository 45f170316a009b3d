// A query builder's own `lock()` (a row lock added to a SELECT), on what a method of another
// crate's trait returned: nothing says it is a lock, and its result is used as a builder, not
// held as a guard. Quiet. (builder_lock_sync.rs: the same shape in a file whose Mutex is
// parking_lot's still warns.)
use orm::Model;

pub struct Job {
    pub id: i64,
}

impl Model for Job {}

pub async fn claim(name: &str, tx: &mut orm::Transaction) -> Option<Job> {
    Job::filter("name", name)
        .column("now")
        .lock()
        .first()
        .fetch_optional(tx)
        .await
        .ok()
        .flatten()
}
