// Lock types renamed on import, and a crate's own lock wrapper whose guards come back
// without `unwrap()`.
use crate::locks::RwLock as StdRwLock;
use std::collections::HashMap;
use std::sync::Mutex as StdMutex;
use tokio::sync::Mutex as AsyncMutex;

struct Store {
    sessions: StdRwLock<HashMap<String, u64>>,
    pending: StdMutex<Vec<u64>>,
    outbox: AsyncMutex<Vec<u64>>,
}

impl Store {
    async fn renamed_wrapper(&self, id: &str) {
        let sessions = self.sessions.read(); // want: lock_across_await
        if let Some(s) = sessions.get(id) {
            upload(*s).await;
        }
    }

    async fn renamed_std_try_lock(&self) {
        if let Ok(mut pending) = self.pending.try_lock() { // want: lock_across_await
            pending.push(1);
            upload(0).await;
        }
    }

    async fn renamed_tokio(&self) {
        let mut outbox = self.outbox.lock().await;
        outbox.push(1);
        upload(0).await;
    }

    async fn renamed_tokio_try_lock(&self) {
        if let Ok(mut outbox) = self.outbox.try_lock() {
            outbox.push(1);
            upload(0).await;
        }
    }
}

mod locks {
    pub struct RwLock<T>(std::sync::RwLock<T>);
    impl<T> RwLock<T> {
        pub fn read(&self) -> std::sync::RwLockReadGuard<'_, T> {
            self.0.read().unwrap_or_else(|e| e.into_inner())
        }
    }
}

async fn upload(_v: u64) {}
