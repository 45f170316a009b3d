// Twins whose spawning value can end: a stop method (here a trait's), or an `impl Drop`.
use std::time::Duration;

pub trait Service {
    fn start(&self);
    fn stop(&self);
}

pub struct Sync {
    pub interval: Duration,
}

impl Service for Sync {
    fn start(&self) {
        let every = self.interval;
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(every).await;
            }
        });
    }

    fn stop(&self) {}
}

pub struct Pool {
    pub size: usize,
}

impl Pool {
    pub fn open(size: usize) -> Pool {
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(size as u64)).await;
            }
        });
        Pool { size }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.size = 0;
    }
}

// A constructor makes one sweeper per cache, and a dropped cache leaves it running; but
// nothing in sight makes many caches (a binary may make one for the process): a note.
pub struct Cache {
    pub index: std::sync::Arc<std::sync::Mutex<Vec<u32>>>,
}

impl Cache {
    pub fn new(every: Duration) -> Self {
        let index = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let swept = index.clone();
        tokio::spawn(async move { // want: detached_task@note
            loop {
                tokio::time::sleep(every).await;
                swept.lock().unwrap().clear();
            }
        });
        Cache { index }
    }
}

// The constructor hands the spawn to a helper of its own type; nothing in sight makes many
// indexes: a note.
pub struct Index {
    pub entries: std::sync::Arc<std::sync::Mutex<Vec<u32>>>,
}

impl Index {
    pub fn new() -> Index {
        let entries = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        Self::spawn_sweeper(entries.clone());
        Index { entries }
    }

    fn spawn_sweeper(entries: std::sync::Arc<std::sync::Mutex<Vec<u32>>>) {
        tokio::spawn(async move { // want: detached_task@note
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                entries.lock().unwrap().retain(|e| *e > 0);
            }
        });
    }
}

// Twins: a value made per item leaves one task per item. A shard's cache, made in a closure
// for each shard, and a journal's index made in a loop, by a fn of the package.
pub struct ShardCache {
    pub hits: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl ShardCache {
    pub fn new() -> Self {
        let hits = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let h = hits.clone();
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                h.store(0, std::sync::atomic::Ordering::Relaxed);
            }
        });
        ShardCache { hits }
    }
}

pub fn shard_caches(n: usize) -> Vec<ShardCache> {
    (0..n).map(|_| ShardCache::new()).collect()
}

pub struct Journal {
    pub lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Journal {
    pub fn open() -> Journal {
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        Self::spawn_flusher(lines.clone());
        Journal { lines }
    }

    fn spawn_flusher(lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(5)).await;
                lines.lock().unwrap().clear();
            }
        });
    }
}

pub async fn rotate(mut every: tokio::sync::mpsc::Receiver<()>) -> Vec<Journal> {
    let mut kept = Vec::new();
    while every.recv().await.is_some() {
        kept.push(Journal::open());
    }
    kept
}
