// A crate of several files: the receivers' types are declared in state.rs. Nothing in this
// file names a lock, yet `index` is a parking_lot RwLock and `Shared` an alias of a std
// Mutex; evidence.rs holds the look-alikes.
mod evidence;
mod state;

use state::{Shared, Store};

pub fn reindex(s: &Store) {
    let ids = s.index.read();
    let mut w = s.index.write(); // want: lock_twice
    w.extend(ids.iter().copied());
}

pub fn aliased(shared: &Shared) {
    let g = shared.lock().unwrap();
    let again = shared.lock().unwrap(); // want: lock_twice
    drop((g, again));
}

pub fn sequential(s: &Store) {
    let n = s.index.read().len();
    s.index.write().push(n as u64);
}

pub async fn frames(s: &Store) {
    let a = s.stream.read().await;
    let b = s.stream.read().await;
    drop((a, b));
}

pub async fn rename(s: &Store) {
    let names = s.names.read().await;
    let mut w = s.names.write().await; // want: lock_twice
    w.extend(names.iter().cloned());
}
