// A crate of several files: methods of `Shard` are declared in lib.rs and in flush.rs.
use std::collections::HashMap;
use std::sync::{Mutex, RwLock};

mod flush;
mod other;

pub struct Shard {
    pub(crate) entries: Mutex<HashMap<u64, Vec<u8>>>,
    pub(crate) index: RwLock<Vec<u64>>,
    pub(crate) stats: Mutex<u64>,
}

impl Shard {
    pub fn insert(&self, k: u64, v: Vec<u8>) {
        let mut entries = self.entries.lock().unwrap();
        entries.insert(k, v);
        if entries.len() > 1024 {
            self.flush_all(); // want: lock_twice
        }
    }

    pub fn insert_fixed(&self, k: u64, v: Vec<u8>) {
        let full = {
            let mut entries = self.entries.lock().unwrap();
            entries.insert(k, v);
            entries.len() > 1024
        };
        if full {
            self.flush_all();
        }
    }

    // the method locks another field
    pub fn insert_counted(&self, k: u64, v: Vec<u8>) {
        let mut entries = self.entries.lock().unwrap();
        entries.insert(k, v);
        self.count();
    }

    pub fn reindex(&self) {
        let index = self.index.read().unwrap();
        if index.is_empty() {
            self.rebuild_index(); // want: lock_twice
        }
    }

    // `describe` is declared twice for `Shard` (here for `Debug`-like use and in other.rs):
    // which one is called is not decided
    pub fn describe_locked(&self) -> String {
        let _entries = self.entries.lock().unwrap();
        self.describe()
    }

    pub async fn drain_async(&self) {
        let _entries = self.entries.lock().unwrap();
        // an async method that is not awaited here does not run here
        let fut = self.flush_later();
        drop(_entries);
        fut.await;
    }
}
