// parking_lot and spin locks return the guard directly; they are not reentrant.
use parking_lot::{Mutex, RwLock};
use std::sync::Arc;

pub struct Conn {
    state: Mutex<State>,
    peers: RwLock<Vec<u32>>,
    count: spin::Mutex<u32>,
}

pub struct State {
    open: bool,
}

impl Conn {
    pub fn close(&self) {
        let state = self.state.lock();
        if state.open {
            self.state.lock().open = false; // want: lock_twice
        }
    }

    pub fn close_fixed(&self) {
        let mut state = self.state.lock();
        if state.open {
            state.open = false;
        }
    }

    pub fn add_peer(&self, p: u32) {
        let peers = self.peers.upgradable_read();
        if !peers.contains(&p) {
            self.peers.write().push(p); // want: lock_twice
        }
    }

    pub fn recursive_read(&self) -> usize {
        let peers = self.peers.read();
        let n = self.peers.read_recursive().len();
        peers.len() + n
    }

    pub fn spin_twice(&self) {
        let mut c = self.count.lock();
        *c += 1;
        *self.count.lock() += 1; // want: lock_twice
    }

    // a clone of the same Arc is the same lock
    pub fn through_clone(shared: Arc<Mutex<State>>) {
        let other = shared.clone();
        let state = shared.lock();
        if state.open {
            other.lock().open = false; // want: lock_twice
        }
    }

    // two different Arcs
    pub fn two_arcs(a: Arc<Mutex<State>>, b: Arc<Mutex<State>>) {
        let sa = a.lock();
        let mut sb = b.lock();
        sb.open = sa.open;
    }

    // `MutexGuard::unlocked` releases the lock while its closure runs
    pub fn unlocked(&self) {
        let mut state = self.state.lock();
        parking_lot::MutexGuard::unlocked(&mut state, || {
            self.state.lock().open = true;
        });
    }
}

// In async code a macro body that names only a lock method of the table (`lock_arc`) is
// parsed, so the second lock inside it is seen.
pub async fn lock_arc_in_macro(shared: Arc<Mutex<State>>) {
    let state = shared.lock_arc();
    if state.open {
        println!("{}", shared.lock_arc().open); // want: lock_twice
    }
}
