// Own minimal reproductions of the shape of bugs public projects fixed (no code taken from
// them): a forever task whose handle sits in a field while its owner comes and goes.
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

// A connection keeps its heartbeat's handle in a private field, as if that stopped it on
// drop; it does not, and each reconnect adds one more heartbeat.
pub struct Conn {
    heartbeat: JoinHandle<()>,
}

impl Conn {
    pub fn open() -> Conn {
        let heartbeat = tokio::spawn(async { // want: detached_task@warning
            let mut every = tokio::time::interval(Duration::from_secs(10));
            loop {
                every.tick().await;
            }
        });
        Conn { heartbeat }
    }
}

// Known limit: a drain task aborted only in `shutdown()` (no Drop) ends when its channel
// closes, and the channel stays open while clones of the sender live elsewhere. The field is
// read (aborted) and the loop has an exit, so it stays quiet.
pub struct Factory {
    drain: Option<JoinHandle<()>>,
    pub leak_tx: mpsc::UnboundedSender<u64>,
}

impl Factory {
    pub fn new() -> Factory {
        let (leak_tx, mut rx) = mpsc::unbounded_channel();
        let drain = Some(tokio::spawn(async move {
            while let Some(id) = rx.recv().await {
                println!("cleanup {id}");
            }
        }));
        Factory { drain, leak_tx }
    }

    pub fn shutdown(&mut self) {
        if let Some(h) = self.drain.take() {
            h.abort();
        }
    }
}

// Known limit: a driver that loops until a done signal that never comes, once its owner was
// dropped on a timeout: the loop has an exit, so it stays quiet.
pub struct Puncher {
    driver: JoinHandle<()>,
}

pub fn punch(mut done: tokio::sync::oneshot::Receiver<()>) -> Puncher {
    Puncher {
        driver: tokio::spawn(async move {
            let mut resend = tokio::time::interval(Duration::from_millis(100));
            loop {
                tokio::select! {
                    _ = &mut done => break,
                    _ = resend.tick() => {}
                }
            }
        }),
    }
}
