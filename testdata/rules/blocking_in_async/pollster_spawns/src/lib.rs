// The twin: the same local store, but the package also spawns tasks on a runtime, so its
// async code shares executor threads: the per-item read that hands its bytes back stays a
// warning.
use pollster::FutureExt as _;

pub struct LocalStore {
    pub root: std::path::PathBuf,
}

impl LocalStore {
    async fn read_object(&self, key: &str) -> Vec<u8> {
        std::fs::read(self.root.join(key)).unwrap_or_default() // want: blocking_in_async@warning
    }

    pub async fn read_all(&self, mut keys: tokio::sync::mpsc::Receiver<String>) -> usize {
        let mut n = 0;
        while let Some(k) = keys.recv().await {
            n += self.read_object(&k).await.len();
        }
        n
    }
}

pub fn total(store: &LocalStore, keys: tokio::sync::mpsc::Receiver<String>) -> usize {
    store.read_all(keys).block_on()
}

pub fn prefetch(store: std::sync::Arc<LocalStore>, keys: tokio::sync::mpsc::Receiver<String>) {
    tokio::spawn(async move {
        store.read_all(keys).await;
    });
}
