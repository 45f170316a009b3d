use std::sync::Arc;

pub struct Packet;

pub struct Cursor {
    pos: usize,
}

impl Cursor {
    // named like lock methods, taking no lock
    pub fn read(&self) -> Packet {
        Packet
    }

    pub fn write(&self) -> usize {
        self.pos
    }

    pub fn lock(&self) -> Result<usize, ()> {
        Ok(self.pos)
    }
}

pub struct Stream;

impl Stream {
    // an async method named like a lock method, returning a packet
    pub async fn read(&self) -> std::io::Result<Packet> {
        Ok(Packet)
    }
}

pub struct Store {
    pub index: parking_lot::RwLock<Vec<u64>>,
    pub cursor: Cursor,
    pub stream: Stream,
    pub names: tokio::sync::RwLock<Vec<String>>,
}

pub type Shared = Arc<std::sync::Mutex<Vec<u8>>>;
