use crate::Shard;

impl Shard {
    pub fn flush_all(&self) {
        let mut entries = self.entries.lock().unwrap();
        entries.clear();
    }

    pub fn count(&self) {
        *self.stats.lock().unwrap() += 1;
    }

    pub fn rebuild_index(&self) {
        let keys: Vec<u64> = self.entries.lock().unwrap().keys().copied().collect();
        *self.index.write().unwrap() = keys;
    }

    pub async fn flush_later(&self) {
        self.entries.lock().unwrap().clear();
    }

    pub fn describe(&self) -> String {
        let n = self.entries.lock().unwrap().len();
        format!("{n} entries")
    }
}
