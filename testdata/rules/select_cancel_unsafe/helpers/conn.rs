use std::sync::Arc;

use tokio::net::TcpStream;
use tokio::sync::{mpsc, Mutex};

use crate::proto::{read_message, Message};

pub struct Conn {
    stream: TcpStream,
    out: mpsc::Sender<Message>,
    state: Arc<Mutex<Vec<u8>>>,
}

impl Conn {
    pub async fn read_frame(&mut self) -> std::io::Result<Message> {
        read_message(&mut self.stream).await
    }

    // Two layers down to `read_exact`.
    pub async fn next_frame(&mut self) -> std::io::Result<Message> {
        let m = self.read_frame().await?;
        Ok(m)
    }

    pub async fn forward(&self, msg: Message) {
        let _ = self.out.send(msg).await;
    }

    pub async fn record(&self, byte: u8) {
        self.state.lock().await.push(byte);
    }
}

// Another type with a `read_frame` of its own, which is cancel safe: a call on a receiver
// whose type is unknown cannot tell the two apart.
pub struct Replay {
    frames: Vec<Message>,
}

impl Replay {
    pub async fn read_frame(&mut self) -> std::io::Result<Message> {
        Ok(self.frames.pop().unwrap_or(Message(Vec::new())))
    }
}
