// Two read locks of an RwLock deadlock only when a writer starts waiting between them. A
// lock that no code of the crate ever write-locks has no writer: its data is filled in
// through `get_mut` (exclusive access, no lock) or never changes, so reading twice is fine.
use std::collections::BTreeMap;
use tokio::sync::RwLock;

pub struct Snapshot {
    // only ever read-locked; changed through `get_mut`
    entries: RwLock<BTreeMap<u64, String>>,
    // write-locked in `record` below: the harmful twin
    pending: RwLock<Vec<u64>>,
}

impl Snapshot {
    pub fn insert(&mut self, k: u64, v: String) {
        self.entries.get_mut().insert(k, v);
    }

    pub async fn describe(&self) -> String {
        let entries = self.entries.read().await;
        let mut out = String::new();
        for (k, v) in entries.iter() {
            let again = self.entries.read().await; // no writer can queue: quiet
            out.push_str(&format!("{k}={v} of {}\n", again.len()));
        }
        out
    }

    pub async fn record(&self, k: u64) {
        self.pending.write().await.push(k);
    }

    pub async fn pending_twice(&self) -> usize {
        let first = self.pending.read().await;
        let second = self.pending.read().await; // want: lock_twice@warning
        first.len() + second.len()
    }
}
