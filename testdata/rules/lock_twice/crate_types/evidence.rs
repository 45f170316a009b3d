// This file's RwLock is parking_lot's; the cursor's `read()`, `write()` and `lock()` are its
// own methods (state.rs).
use parking_lot::RwLock;

use crate::state::Store;

pub struct Local {
    pub rw: RwLock<u8>,
}

pub fn cursor(s: &Store) {
    let a = s.cursor.read();
    let b = s.cursor.write();
    let c = s.cursor.lock().unwrap();
    let d = s.cursor.lock().unwrap();
    drop((a, b, c, d));
}

pub fn local(l: &Local) {
    let a = l.rw.read();
    let b = l.rw.write(); // want: lock_twice
    drop((a, b));
}
