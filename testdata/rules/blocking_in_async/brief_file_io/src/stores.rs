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

// A call of std's `Box::new` in a loop is no call of this crate's `new`: the read below runs
// once per call of `Blob::new`, and nothing in sight calls that in a loop (a note). Its twin
// calls `Page::new` itself in a loop: once per page.
pub struct Blob;

impl Blob {
    pub async fn new(path: &std::path::Path) -> Vec<u8> {
        std::fs::read(path).unwrap_or_default() // want: blocking_in_async@note
    }
}

pub async fn boxed(bytes: Vec<u8>) -> Vec<Box<u8>> {
    let mut out = Vec::new();
    for b in bytes {
        out.push(Box::new(b));
    }
    out
}

pub struct Page;

impl Page {
    pub async fn new(path: &std::path::Path) -> Vec<u8> {
        std::fs::read(path).unwrap_or_default() // want: blocking_in_async@warning
    }
}

pub async fn pages(mut paths: tokio::sync::mpsc::Receiver<std::path::PathBuf>) -> usize {
    let mut n = 0;
    while let Some(p) = paths.recv().await {
        n += Page::new(&p).await.len();
    }
    n
}
