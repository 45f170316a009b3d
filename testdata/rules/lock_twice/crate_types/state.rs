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

pub struct Store {
    pub index: parking_lot::RwLock<Vec<u64>>,
    pub cursor: Cursor,
}

pub type Shared = Arc<std::sync::Mutex<Vec<u8>>>;
