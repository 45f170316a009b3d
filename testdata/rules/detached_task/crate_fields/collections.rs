// Handles kept in a collection or a OnceLock field, and fields read only to look at them.
use std::collections::HashMap;
use std::sync::OnceLock;
use std::time::Duration;

use tokio::task::JoinHandle;

async fn beat() {
    tokio::time::sleep(Duration::from_secs(1)).await;
}

// A `vec![..]` of handles nothing reads again.
pub struct Pumps {
    pumps: Vec<JoinHandle<()>>,
}

impl Pumps {
    pub fn new() -> Self {
        Pumps {
            pumps: vec![tokio::spawn(async { // want: detached_task@warning
                loop {
                    beat().await;
                }
            })],
        }
    }
}

// The same, aborted on drop. Quiet.
pub struct PumpsAborted {
    pumps: Vec<JoinHandle<()>>,
}

impl PumpsAborted {
    pub fn new() -> Self {
        PumpsAborted {
            pumps: vec![tokio::spawn(async {
                loop {
                    beat().await;
                }
            })],
        }
    }
}

impl Drop for PumpsAborted {
    fn drop(&mut self) {
        for p in &self.pumps {
            p.abort();
        }
    }
}

// A OnceLock field of an object: one task per object, not per process.
pub struct Lazy {
    refresher: OnceLock<JoinHandle<()>>,
}

impl Lazy {
    pub fn ensure_started(&self) {
        self.refresher.get_or_init(|| {
            tokio::spawn(async { // want: detached_task@warning
                loop {
                    beat().await;
                }
            })
        });
    }
}

// The same, aborted in a shutdown method through `get()`. Quiet.
pub struct LazyStopped {
    refresher: OnceLock<JoinHandle<()>>,
}

impl LazyStopped {
    pub fn ensure_started(&self) {
        self.refresher.get_or_init(|| {
            tokio::spawn(async {
                loop {
                    beat().await;
                }
            })
        });
    }

    pub fn shutdown(&self) {
        if let Some(h) = self.refresher.get() {
            h.abort();
        }
    }
}

// A map whose handles are only counted and looked up: that stops nothing.
pub struct Peers {
    links: HashMap<u32, JoinHandle<()>>,
}

impl Peers {
    pub fn connect(&mut self, id: u32) {
        if self.links.contains_key(&id) {
            return;
        }
        self.links.insert(id, tokio::spawn(async { // want: detached_task@warning
            loop {
                beat().await;
            }
        }));
    }

    pub fn count(&self) -> usize {
        self.links.len()
    }
}

// A handle only asked whether it finished: that stops nothing.
pub struct Probe {
    task: Option<JoinHandle<()>>,
}

impl Probe {
    pub fn start() -> Self {
        let task = tokio::spawn(async { // want: detached_task@warning
            loop {
                beat().await;
            }
        });
        Probe { task: Some(task) }
    }

    pub fn alive(&self) -> bool {
        self.task.is_some()
    }
}

// A Drop that logs and does not touch the handle: a note (it may stop the task some way we
// cannot see).
pub struct Logged {
    task: JoinHandle<()>,
}

impl Logged {
    pub fn start() -> Self {
        Logged {
            task: tokio::spawn(async { // want: detached_task@note
                loop {
                    beat().await;
                }
            }),
        }
    }
}

impl Drop for Logged {
    fn drop(&mut self) {
        println!("dropped");
    }
}

// Handles pushed onto a local Vec that is then stored whole: the field is never read.
pub struct Workers {
    crew: Vec<JoinHandle<()>>,
}

impl Workers {
    pub fn start(n: usize) -> Self {
        let mut crew = Vec::with_capacity(n);
        for _ in 0..n {
            crew.push(tokio::spawn(async { // want: detached_task@warning
                loop {
                    beat().await;
                }
            }));
        }
        Workers { crew }
    }
}

// The same, joined in a shutdown method. Quiet.
pub struct WorkersJoined {
    crew: Vec<JoinHandle<()>>,
}

impl WorkersJoined {
    pub fn start(n: usize) -> Self {
        let mut crew = Vec::new();
        for _ in 0..n {
            crew.push(tokio::spawn(async {
                loop {
                    beat().await;
                }
            }));
        }
        WorkersJoined { crew }
    }

    pub async fn join(self) {
        for h in self.crew {
            h.abort();
            let _ = h.await;
        }
    }
}

// A local Vec that is also used on its own before it is stored: not followed. Quiet.
pub struct WorkersCounted {
    crew: Vec<JoinHandle<()>>,
}

impl WorkersCounted {
    pub fn start() -> Self {
        let mut crew = Vec::new();
        crew.push(tokio::spawn(async {
            loop {
                beat().await;
            }
        }));
        println!("{} workers", crew.len());
        WorkersCounted { crew }
    }
}

// Handles gathered from `.map(|i| spawn(..)).collect()` into a field nothing reads.
pub struct Gang {
    workers: Vec<JoinHandle<()>>,
}

impl Gang {
    pub fn new(n: usize) -> Self {
        let workers = (0..n)
            .map(|_| {
                tokio::spawn(async { // want: detached_task@warning
                    loop {
                        beat().await;
                    }
                })
            })
            .collect();
        Gang { workers }
    }
}

// The same, aborted on drop. Quiet.
pub struct GangAborted {
    workers: Vec<JoinHandle<()>>,
}

impl GangAborted {
    pub fn new(n: usize) -> Self {
        GangAborted {
            workers: (0..n).map(|_| tokio::spawn(async { loop { beat().await; } })).collect(),
        }
    }
}

impl Drop for GangAborted {
    fn drop(&mut self) {
        self.workers.iter().for_each(|w| w.abort());
    }
}

// Handles collected and awaited in place: the caller waits for them. Quiet.
pub async fn run_all(n: usize) {
    let handles: Vec<_> = (0..n).map(|_| tokio::spawn(async { beat().await })).collect();
    for h in handles {
        let _ = h.await;
    }
}
