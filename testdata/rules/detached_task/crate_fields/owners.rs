// The owners of stored handles, declared apart from the code that spawns into them.
use std::sync::{Mutex, OnceLock};

use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::AbortOnDropHandle;

pub struct Cache {
    pub entries: std::sync::Arc<Mutex<Vec<u64>>>,
    pub _evictor: JoinHandle<()>,
}

pub struct Session {
    pub heartbeat: Option<JoinHandle<()>>,
    pub workers: Mutex<Vec<JoinHandle<()>>>,
    pub reporter: OnceLock<JoinHandle<()>>,
}

pub struct Link {
    pub pinger: JoinHandle<()>,
    pub peer: String,
}

pub struct Ticker(pub JoinHandle<()>);

pub struct Runner {
    pub job: Option<JoinHandle<()>>,
}

// Has a stop method that sends its own signal and leaves the handle alone: maybe enough.
pub struct Gossip {
    pub task: Option<JoinHandle<()>>,
    pub stop_tx: Option<tokio::sync::oneshot::Sender<()>>,
}

// A process-wide singleton.
pub struct Registry {
    pub refresher: JoinHandle<()>,
}

pub static REGISTRY: OnceLock<Registry> = OnceLock::new();

// ---- owners that do stop their tasks ----

pub struct Sweeper {
    pub task: JoinHandle<()>,
}

impl Drop for Sweeper {
    fn drop(&mut self) {
        self.task.abort();
    }
}

// A Drop that cancels a token but does not touch the handle: the task (lib.rs) does not
// listen to that token, but a Drop may stop it in ways not seen here, so a note.
pub struct Watcher {
    pub poller: JoinHandle<()>,
    pub token: CancellationToken,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.token.cancel();
    }
}

pub struct Server {
    pub acceptor: Option<JoinHandle<()>>,
}

pub struct Pool {
    pub handles: Vec<JoinHandle<()>>,
}

pub struct Metrics {
    pub flusher: AbortOnDropHandle<()>,
}

pub struct Generic<H> {
    pub handle: H,
}

pub struct Feed {
    pub pump: JoinHandle<()>,
}

pub struct Probe {
    pub probe_task: Option<JoinHandle<()>>,
}
