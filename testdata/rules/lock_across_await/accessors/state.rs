// Accessors that hand out guards, declared away from the async code that calls them.
use std::cell::{Ref, RefCell, RefMut};
use std::collections::HashMap;
use std::sync::{LockResult, Mutex, MutexGuard, RwLock, RwLockReadGuard};

pub struct Registry {
    peers: Mutex<HashMap<u64, String>>,
    config: RwLock<String>,
    fast: parking_lot::Mutex<Vec<u8>>,
    cache: tokio::sync::Mutex<Vec<u8>>,
}

impl Registry {
    pub fn peers(&self) -> MutexGuard<'_, HashMap<u64, String>> {
        self.peers.lock().unwrap()
    }

    pub fn peers_checked(&self) -> LockResult<MutexGuard<'_, HashMap<u64, String>>> {
        self.peers.lock()
    }

    pub fn config(&self) -> RwLockReadGuard<'_, String> {
        self.config.read().unwrap()
    }

    pub fn fast(&self) -> parking_lot::MutexGuard<'_, Vec<u8>> {
        self.fast.lock()
    }

    // Look-alikes: a copy out of the lock, and an async lock's guard.
    pub fn peer_count(&self) -> usize {
        self.peers.lock().unwrap().len()
    }

    pub async fn cache(&self) -> tokio::sync::MutexGuard<'_, Vec<u8>> {
        self.cache.lock().await
    }
}

pub fn current(cell: &RefCell<Vec<u8>>) -> RefMut<'_, Vec<u8>> {
    cell.borrow_mut()
}

pub fn peek(cell: &RefCell<Vec<u8>>) -> Ref<'_, Vec<u8>> {
    cell.borrow()
}
