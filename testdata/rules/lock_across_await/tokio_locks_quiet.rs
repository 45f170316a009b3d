// tokio::sync locks are awaited and made to be held across `.await`: all quiet.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, RwLock};

struct Db {
    entries: Mutex<HashMap<String, Vec<u8>>>,
    config: RwLock<u32>,
}

impl Db {
    async fn set(&self, k: String, v: Vec<u8>) {
        let mut entries = self.entries.lock().await;
        entries.insert(k, v);
        persist().await;
    }

    async fn read_config(&self) -> u32 {
        let cfg = self.config.read().await;
        persist().await;
        *cfg
    }

    async fn write_config(&self, v: u32) {
        *self.config.write().await = v;
        persist().await;
    }

    async fn try_lock_is_fine_too(&self) {
        if let Ok(entries) = self.entries.try_lock() {
            persist().await;
            drop(entries);
        }
    }

    async fn with_timeout(&self) {
        if let Ok(guard) = tokio::time::timeout(Duration::from_secs(1), self.entries.lock()).await {
            persist().await;
            drop(guard);
        }
    }

    async fn lock_future_in_select(&self, mut rx: tokio::sync::mpsc::Receiver<u8>) {
        tokio::select! {
            g = self.entries.lock() => {
                persist().await;
                drop(g);
            }
            _ = rx.recv() => {}
        }
    }

    async fn owned(self: Arc<Self>) {
        let _g = self.entries.clone().lock_owned().await;
        persist().await;
    }
}

async fn local_arc() {
    let m = Arc::new(Mutex::new(0u32));
    let fut = m.lock();
    let mut g = fut.await;
    *g += 1;
    persist().await;
}

async fn persist() {}
