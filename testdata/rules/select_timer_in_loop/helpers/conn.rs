use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::timeout;

const KEEPALIVE: Duration = Duration::from_secs(30);

pub struct Reader {
    rx: mpsc::Receiver<Vec<u8>>,
}

impl Reader {
    // A keep-alive timeout inside a reader method.
    pub async fn next_frame(&mut self) -> Option<Vec<u8>> {
        match timeout(KEEPALIVE, self.rx.recv()).await {
            Ok(frame) => frame,
            Err(_) => None,
        }
    }
}

// Two types with a `pulse` method, only one of which makes a timer.
pub struct Beacon;
pub struct Gauge;

impl Beacon {
    pub async fn pulse(&self) {
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

impl Gauge {
    pub async fn pulse(&self) {}
}
