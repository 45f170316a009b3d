// Tokio's blocking_* methods panic in async code, and they take a fixed number of arguments
// (`blocking_read()`, `blocking_send(v)`). A method of the same name with another count is
// another type's (a host stream's `blocking_read(len)`), in a file that uses Tokio too.
use std::sync::Arc;
use tokio::sync::{mpsc, RwLock};

pub struct HostStream;

impl HostStream {
    pub fn blocking_read(&self, _len: u64) -> Result<Vec<u8>, ()> {
        Ok(Vec::new())
    }
    pub fn blocking_send(&self, _a: &[u8], _b: bool) -> Result<(), ()> {
        Ok(())
    }
}

pub async fn pump(stream: HostStream, out: mpsc::Sender<Vec<u8>>) {
    while let Ok(chunk) = stream.blocking_read(64 * 1024) {
        if chunk.is_empty() || stream.blocking_send(&chunk, true).is_err() {
            break;
        }
        let _ = out.send(chunk).await;
    }
}

// Still reported: Tokio's own, with their own argument counts.
pub async fn tokio_ones(lock: Arc<RwLock<u32>>, tx: mpsc::Sender<u32>, mut rx: mpsc::Receiver<u32>) {
    let _r = lock.blocking_read(); // want: blocking_in_async
    let _ = tx.blocking_send(1); // want: blocking_in_async
    let mut buf = Vec::new();
    let _ = rx.blocking_recv_many(&mut buf, 8); // want: blocking_in_async
}
