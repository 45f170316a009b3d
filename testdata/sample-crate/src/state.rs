//! Shared state and I/O helpers: the second half of the async guide's bugs.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

pub struct Registry {
    peers: Mutex<HashMap<String, mpsc::Sender<Vec<u8>>>>,
}

impl Registry {
    /// Holds the std mutex guard across the send: every other task that touches the
    /// registry blocks its executor thread meanwhile.
    pub async fn forward(&self, name: &str, msg: Vec<u8>) {
        let peers = self.peers.lock().unwrap();
        if let Some(tx) = peers.get(name) {
            tx.send(msg).await.ok();
        }
    }

    /// Idiomatic: clone what is needed, let the guard go, then await.
    pub async fn forward_fixed(&self, name: &str, msg: Vec<u8>) {
        let tx = self.peers.lock().unwrap().get(name).cloned();
        if let Some(tx) = tx {
            tx.send(msg).await.ok();
        }
    }
}

/// Reads the configuration with blocking file I/O on the executor.
pub async fn load_config() -> String {
    std::fs::read_to_string("rustaudit.toml").unwrap_or_default()
}

/// The log pipe: nothing bounds how far the writer can run ahead of the reader.
pub fn log_channel() -> (mpsc::UnboundedSender<String>, mpsc::UnboundedReceiver<String>) {
    mpsc::unbounded_channel()
}

/// Echoes 4-byte frames and sends a keep-alive every second. `read_exact` is not
/// cancellation safe: when the tick wins, the bytes it already read are lost and the stream
/// is out of step.
pub async fn frames(mut stream: TcpStream) -> std::io::Result<()> {
    let mut header = [0u8; 4];
    let mut keepalive = tokio::time::interval(std::time::Duration::from_secs(1));
    loop {
        tokio::select! {
            res = stream.read_exact(&mut header) => {
                res?;
                stream.write_all(&header).await?;
            }
            _ = keepalive.tick() => stream.write_all(b"ping").await?,
        }
    }
}
