// This file's Mutex and RwLock are parking_lot's, whose bare `lock()` / `read()` return a
// guard; the reader's are its own methods (net.rs), through a field declared in state.rs.
use parking_lot::{Mutex, RwLock};

use crate::state::Conn;

pub struct Local {
    pub m: Mutex<u8>,
    pub rw: RwLock<u8>,
}

pub async fn packets(conn: &mut Conn) {
    let packet = conn.reader.read();
    packet.check();
    crate::flush().await;
    let token = conn.reader.lock();
    token.check();
    crate::flush().await;
    let n = conn.reader.write(&crate::net::Packet);
    crate::flush().await;
    drop(n);
}

pub async fn local(l: &Local) {
    let g = l.m.lock(); // want: lock_across_await
    crate::flush().await;
    drop(g);
}
