// Types the file declares itself: a reader whose `read()`, `lock()` and `write(..)` are its
// own methods is not a lock, even where the file's `Mutex` and `RwLock` are parking_lot's
// (whose bare `lock()` returns a guard); an alias of a real lock is one.
use std::sync::Arc;

use parking_lot::{Mutex, RwLock};

pub struct Packet;
pub struct Token;

impl Packet {
    fn check(&self) {}
}

impl Token {
    fn check(&self) {}
}

pub struct PacketReader {
    buf: Vec<u8>,
}

impl PacketReader {
    pub fn read(&self) -> Packet {
        Packet
    }

    pub fn lock(&self) -> Token {
        Token
    }

    pub fn write(&mut self, _p: &Packet) -> usize {
        self.buf.len()
    }

    pub fn try_lock(&self) -> Result<Token, ()> {
        Ok(Token)
    }
}

pub struct Conn {
    reader: PacketReader,
    state: RwLock<Vec<u8>>,
    count: Mutex<u64>,
}

impl Conn {
    fn reader(&self) -> &PacketReader {
        &self.reader
    }
}

type Shared = Arc<std::sync::Mutex<Vec<u8>>>;

fn shared() -> Shared {
    todo!()
}

async fn look_alikes(conn: &mut Conn) {
    let r = conn.reader();
    let packet = r.read();
    packet.check();
    flush().await;
    let token = r.lock();
    token.check();
    flush().await;
    let t2 = r.try_lock().unwrap();
    t2.check();
    flush().await;
    let n = conn.reader.write(&Packet);
    flush().await;
    drop(n);
}

async fn twins(conn: &Conn) {
    let s = shared();
    let g = s.lock().unwrap(); // want: lock_across_await
    flush().await;
    drop(g);
    let st = conn.state.read(); // want: lock_across_await
    flush().await;
    drop(st);
    let c = conn.count.lock(); // want: lock_across_await
    flush().await;
    drop(c);
}

async fn flush() {}

// A type of a well-known crate: tungstenite's `read()` returns the next message.
async fn websocket(ws: &mut tungstenite::WebSocket<std::net::TcpStream>) {
    let msg = ws.read().unwrap();
    flush().await;
    drop(msg);
}

// A type of a crate we do not know (a workspace's own `common` crate may alias a lock):
// `.lock().unwrap()` is a std-style lock, as before.
async fn sibling(s: common::Shared) {
    let g = s.lock().unwrap(); // want: lock_across_await
    flush().await;
    drop(g);
}
