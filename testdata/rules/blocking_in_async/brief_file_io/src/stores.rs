// A loop that calls `.load()` names any of five `load` methods: too common a name to say
// that this one runs per item, so the once-per-call read below stays a note.
use std::path::PathBuf;

pub struct Disk(pub PathBuf);
pub struct Memory;
pub struct Remote;
pub struct Cached;
pub struct Null;

impl Disk {
    pub async fn load(&self) -> Vec<u8> {
        std::fs::read(&self.0).unwrap_or_default() // want: blocking_in_async@note
    }
}
impl Memory {
    pub async fn load(&self) -> Vec<u8> {
        Vec::new()
    }
}
impl Remote {
    pub async fn load(&self) -> Vec<u8> {
        Vec::new()
    }
}
impl Cached {
    pub async fn load(&self) -> Vec<u8> {
        Vec::new()
    }
}
impl Null {
    pub async fn load(&self) -> Vec<u8> {
        Vec::new()
    }
}

pub async fn warm(items: &[Memory]) -> usize {
    let mut n = 0;
    for m in items {
        n += m.load().await.len();
    }
    n
}
