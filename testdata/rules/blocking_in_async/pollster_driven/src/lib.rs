// A library whose API is async for its remote backends, and which drives every future itself
// with pollster's `block_on`, one at a time, on the caller's thread: it spawns no task and
// starts no runtime. Its local backend reads files with std::fs, per item, and hands the
// bytes back: the read stalls only the future it is in. A note.
use pollster::FutureExt as _;

pub trait Store {
    fn read(&self, key: &str) -> impl std::future::Future<Output = Vec<u8>>;
}

pub struct LocalStore {
    pub root: std::path::PathBuf,
}

impl LocalStore {
    async fn read_object(&self, key: &str) -> Vec<u8> {
        std::fs::read(self.root.join(key)).unwrap_or_default() // want: blocking_in_async@note
    }

    pub async fn read_all(&self, keys: &[String]) -> usize {
        let mut n = 0;
        for k in keys {
            n += self.read_object(k).await.len();
        }
        n
    }
}

pub fn total(store: &LocalStore, keys: &[String]) -> usize {
    store.read_all(keys).block_on()
}
