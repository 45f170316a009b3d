// tokio::sync locks: `.lock().await` on a lock the task holds waits forever.
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{Mutex, RwLock};

pub struct Sessions {
    map: Mutex<HashMap<u32, String>>,
    order: RwLock<Vec<u32>>,
}

impl Sessions {
    pub async fn replace(&self, k: u32, v: String) {
        let map = self.map.lock().await;
        if map.contains_key(&k) {
            self.map.lock().await.insert(k, v); // want: lock_twice
        }
    }

    pub async fn replace_fixed(&self, k: u32, v: String) {
        let mut map = self.map.lock().await;
        if map.contains_key(&k) {
            map.insert(k, v);
        }
    }

    pub async fn read_then_write(&self, k: u32) {
        let order = self.order.read().await;
        if !order.contains(&k) {
            self.order.write().await.push(k); // want: lock_twice
        }
    }

    pub async fn scoped(&self, k: u32) {
        let known = {
            let order = self.order.read().await;
            order.contains(&k)
        };
        if !known {
            self.order.write().await.push(k);
        }
    }

    // try_lock never waits
    pub async fn try_again(&self) -> bool {
        let _map = self.map.lock().await;
        self.map.try_lock().is_ok()
    }

    // a task of its own waits for the guard to be dropped: no deadlock here
    pub async fn spawned(self: Arc<Self>) {
        let _map = self.map.lock().await;
        let me = self.clone();
        tokio::spawn(async move {
            me.map.lock().await.clear();
        });
    }

    // a temporary in a `match` scrutinee lives to the end of the `match`
    pub async fn matched(&self, k: u32) {
        match self.map.lock().await.get(&k) {
            Some(_) => {}
            None => {
                self.map.lock().await.insert(k, String::new()); // want: lock_twice
            }
        }
    }

    // downgrade() consumes the write guard: what is left is a read guard, not followed
    pub async fn downgraded(&self) -> usize {
        let mut order = self.order.write().await;
        order.push(0);
        let order = order.downgrade();
        order.len() + self.order.read().await.len()
    }

    // two read locks: a writer queued in between makes the second wait forever
    pub async fn read_twice(&self) -> usize {
        let order = self.order.read().await;
        let again = self.order.read().await; // want: lock_twice
        order.len() + again.len()
    }

    // blocking_lock() from synchronous code blocks the thread on the guard it holds
    pub fn blocking_twice(&self) {
        let _map = self.map.blocking_lock();
        self.map.blocking_lock().clear(); // want: lock_twice
    }
}
