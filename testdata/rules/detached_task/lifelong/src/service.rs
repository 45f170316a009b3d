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

// Twin: a constructor makes one sweeper per cache, and a dropped cache leaves it running.
pub struct Cache {
    pub index: std::sync::Arc<std::sync::Mutex<Vec<u32>>>,
}

impl Cache {
    pub fn new(every: Duration) -> Self {
        let index = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let swept = index.clone();
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(every).await;
                swept.lock().unwrap().clear();
            }
        });
        Cache { index }
    }
}

// Twin: the constructor hands the spawn to a helper of its own type.
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
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                entries.lock().unwrap().retain(|e| *e > 0);
            }
        });
    }
}
