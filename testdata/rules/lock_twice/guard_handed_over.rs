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

// The guard lent by reference (`Some(&db_w)`, `&db_w`): the callee writes through it, and
// takes the lock itself only for `None`. The twin lends nothing while it holds the guard.
pub struct Staged {
    db: parking_lot::RwLock<Vec<u8>>,
}

impl Staged {
    fn upsert(&self, v: u8, held: Option<&parking_lot::RwLockWriteGuard<'_, Vec<u8>>>) {
        match held {
            Some(_guard) => {}
            None => self.db.write().push(v),
        }
    }

    fn cleanup(&self, _held: &parking_lot::RwLockWriteGuard<'_, Vec<u8>>) {}

    pub fn upsert_all(&self, vs: &[u8]) {
        let db_w = self.db.write();
        for v in vs {
            self.upsert(*v, Some(&db_w));
        }
        self.cleanup(&db_w);
    }

    pub fn upsert_then_again(&self, v: u8) {
        let db_w = self.db.write();
        self.cleanup(&db_w);
        self.upsert(v, None); // want: lock_twice@error
    }
}
