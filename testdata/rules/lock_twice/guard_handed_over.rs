// A method handed the guard itself uses it, and locks on its own only when it gets none: the
// caller that passes its guard does not lock twice. The twin passes `None` while it still
// holds its own read guard, so the method reads the lock a second time.
use tokio::sync::{RwLock, RwLockReadGuard};

pub struct Replicas {
    remotes: RwLock<Vec<u8>>,
}

impl Replicas {
    async fn read_op(&self, held: Option<RwLockReadGuard<'_, Vec<u8>>>) -> usize {
        match held {
            Some(guard) => guard.len(),
            None => self.remotes.read().await.len(),
        }
    }

    pub async fn local_then_remote(&self) -> usize {
        let remotes = self.remotes.read().await;
        if remotes.is_empty() {
            return 0;
        }
        self.read_op(Some(remotes)).await
    }

    pub async fn counted_twice(&self) -> usize {
        let remotes = self.remotes.read().await;
        let n = remotes.len();
        n + self.read_op(None).await // want: lock_twice@warning
    }

    pub async fn add(&self, r: u8) {
        self.remotes.write().await.push(r);
    }
}
