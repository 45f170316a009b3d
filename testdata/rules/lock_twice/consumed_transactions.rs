// A database handle whose `write()` hands out a transaction that holds a tokio lock inside
// it: `commit(self)` ends the transaction, and with it the guard, also from inside a closure
// that calls it (the closure captures the transaction by value).
use tokio::sync::RwLock;

pub struct Db {
    inner: RwLock<Vec<u8>>,
}

async fn migrate_then_setup(path: &str) {
    let db = match Db::open(path) {
        Ok(db) => db,
        Err(_) => return,
    };
    let mut txn = db.write().await;
    if txn.migrate().and_then(|_| txn.commit()).is_err() {
        return;
    }
    let mut again = db.write().await;
    again.setup();
}

async fn commit_directly(path: &str) {
    let db = match Db::open(path) {
        Ok(db) => db,
        Err(_) => return,
    };
    let txn = db.write().await;
    txn.commit().unwrap();
    let next = db.write().await;
    next.setup();
}

// The harmful twin: the first transaction is only read in the closure, then the second
// `write()` waits for it forever.
async fn read_in_closure(path: &str) {
    let db = match Db::open(path) {
        Ok(db) => db,
        Err(_) => return,
    };
    let txn = db.write().await;
    let n = txn.entries().iter().map(|e| txn.size_of(e)).sum::<usize>();
    let again = db.write().await; // want: lock_twice
    again.record(n);
}
