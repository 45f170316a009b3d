use std::sync::Arc;

use crate::net::PacketReader;

pub struct Conn {
    pub reader: PacketReader,
    pub index: parking_lot::RwLock<Vec<u64>>,
    pub names: std::sync::RwLock<Vec<String>>,
}

pub type Shared = Arc<std::sync::Mutex<Vec<u8>>>;
pub type PlShared = Arc<parking_lot::Mutex<Vec<u8>>>;
pub type AsyncShared = Arc<tokio::sync::Mutex<Vec<u8>>>;
