// Forever tasks whose JoinHandle is kept in a field of the crate's types: flagged when no
// code of the crate uses the field again and the owner has no `impl Drop`.
mod loops;
mod helpers;
mod owners;
mod reproductions;
mod stop;
mod collections;

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::AbortOnDropHandle;

use crate::loops::{ping_loop, Worker};
use crate::owners::*;

async fn tick() {
    tokio::time::sleep(Duration::from_secs(1)).await;
}

impl Cache {
    pub fn new() -> Self {
        let entries = Arc::new(Mutex::new(Vec::new()));
        let map = entries.clone();
        Cache {
            entries,
            _evictor: tokio::spawn(async move { // want: detached_task@warning
                let mut interval = tokio::time::interval(Duration::from_secs(60));
                loop {
                    interval.tick().await;
                    map.lock().unwrap().clear();
                }
            }),
        }
    }
}

impl Session {
    pub fn start_heartbeat(&mut self) {
        self.heartbeat = Some(tokio::spawn(async { // want: detached_task@warning
            loop {
                tick().await;
            }
        }));
    }

    pub fn add_worker(&self) {
        self.workers.lock().unwrap().push(tokio::spawn(async { // want: detached_task@warning
            loop {
                tick().await;
            }
        }));
    }

    pub fn start_reporter(&self) {
        let _ = self.reporter.set(tokio::spawn(async { // want: detached_task@warning
            loop {
                tick().await;
            }
        }));
    }
}

impl Link {
    pub fn connect(peer: String) -> Self {
        // the spawned fn loops forever, in another file
        let pinger = tokio::spawn(ping_loop(peer.clone())); // want: detached_task@warning
        Self { pinger, peer }
    }
}

pub fn ticker() -> Ticker {
    Ticker(tokio::spawn(async { // want: detached_task@warning
        loop {
            tick().await;
        }
    }))
}

impl Runner {
    pub fn run_worker(&mut self) {
        // a spawn body written as a method on a value
        let worker = Worker::new();
        self.job = Some(tokio::spawn(async move { worker.run().await })); // want: detached_task@warning
    }
}

impl Gossip {
    pub fn start(&mut self) {
        self.task = Some(tokio::spawn(async { // want: detached_task@note
            loop {
                tick().await;
            }
        }));
    }

    pub fn shutdown(&mut self) {
        if let Some(tx) = self.stop_tx.take() {
            let _ = tx.send(());
        }
    }
}

pub fn registry() -> &'static Registry {
    REGISTRY.get_or_init(|| Registry {
        refresher: tokio::spawn(async { // want: detached_task@note
            loop {
                tick().await;
            }
        }),
    })
}

// ---- quiet: the handle is used to stop the task, or the task ends ----

pub fn sweeper() -> Sweeper {
    Sweeper {
        task: tokio::spawn(async {
            loop {
                tick().await;
            }
        }),
    }
}

pub fn watcher(token: CancellationToken) -> Watcher {
    Watcher {
        poller: tokio::spawn(async { // want: detached_task@note
            loop {
                tick().await;
            }
        }),
        token,
    }
}

impl Server {
    pub fn listen(&mut self) {
        // aborted in stop.rs
        self.acceptor = Some(tokio::spawn(async {
            loop {
                tick().await;
            }
        }));
    }
}

impl Pool {
    pub fn grow(&mut self) {
        // taken apart and aborted in stop.rs
        self.handles.push(tokio::spawn(async {
            loop {
                tick().await;
            }
        }));
    }
}

pub fn metrics() -> Metrics {
    Metrics {
        flusher: AbortOnDropHandle::new(tokio::spawn(async {
            loop {
                tick().await;
            }
        })),
    }
}

pub fn generic() -> Generic<JoinHandle<()>> {
    Generic {
        handle: tokio::spawn(async {
            loop {
                tick().await;
            }
        }),
    }
}

pub fn feed(mut rx: mpsc::Receiver<u64>) -> Feed {
    // ends when the channel closes
    Feed {
        pump: tokio::spawn(async move {
            while let Some(v) = rx.recv().await {
                println!("{v}");
            }
        }),
    }
}

impl Probe {
    pub fn start(&mut self, token: CancellationToken) {
        // stops on cancellation
        self.probe_task = Some(tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = token.cancelled() => break,
                    _ = tick() => {}
                }
            }
        }));
    }
}

// A static holds the handle itself: a process-wide task, meant to run for as long as the process.
static BACKGROUND: OnceLock<JoinHandle<()>> = OnceLock::new();

pub fn start_background() {
    let _ = BACKGROUND.set(tokio::spawn(async {
        loop {
            tick().await;
        }
    }));
}

// A JoinSet aborts its tasks when dropped.
pub struct Group {
    set: tokio::task::JoinSet<()>,
}

impl Group {
    pub fn add(&mut self) {
        self.set.spawn(async {
            loop {
                tick().await;
            }
        });
    }
}

// A local Vec, awaited or dropped in the same fn: not a field.
pub async fn batch() {
    let mut handles = Vec::new();
    handles.push(tokio::spawn(async {
        loop {
            tick().await;
        }
    }));
    for h in handles {
        let _ = h.await;
    }
}
