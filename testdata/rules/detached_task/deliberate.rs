// Detached forever tasks that are meant to run for as long as the process: spawned once from a
// static's initialiser, documented as such, supervising other tasks, or tied to no object at
// all (they capture nothing). Each is a note; its twin tied to an object's lifetime warns.
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

static ACTIVE: AtomicUsize = AtomicUsize::new(0);
const PERIOD: Duration = Duration::from_secs(1);
static METRICS: OnceLock<()> = OnceLock::new();

pub fn init_metrics() {
    METRICS.get_or_init(|| {
        let counters = Arc::new(Mutex::new(HashMap::<String, u64>::new()));
        tokio::spawn(async move { // want: detached_task@note
            let mut tick = tokio::time::interval(Duration::from_secs(10));
            loop {
                tick.tick().await;
                counters.lock().unwrap().clear();
            }
        });
    });
}

static REAPER: once_cell::sync::Lazy<()> = once_cell::sync::Lazy::new(|| {
    let shared = Arc::new(Mutex::new(Vec::<u64>::new()));
    tokio::spawn(async move { // want: detached_task@note
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            shared.lock().unwrap().clear();
        }
    });
});

pub struct Cache {
    map: Arc<Mutex<HashMap<String, u64>>>,
}

impl Cache {
    pub fn with_sweeper() -> Self {
        let map = Arc::new(Mutex::new(HashMap::new()));
        let sweep = map.clone();
        // Background sweeper: lives for the whole lifetime of the process.
        tokio::spawn(async move { // want: detached_task@note
            loop {
                tokio::time::sleep(Duration::from_secs(300)).await;
                sweep.lock().unwrap().clear();
            }
        });
        Cache { map }
    }

    // The twin: the same sweeper, said nothing about. It keeps the map alive after the Cache
    // is dropped, and a second Cache starts a second sweeper.
    pub fn new() -> Self {
        let map = Arc::new(Mutex::new(HashMap::new()));
        let sweep = map.clone();
        // Sweep expired entries every five minutes.
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(300)).await;
                sweep.lock().unwrap().clear();
            }
        });
        Cache { map }
    }

    /// Starts the auto-save task.
    pub async fn start_auto_save(&self, store: Arc<Mutex<Vec<u64>>>) {
        let map = self.map.clone();
        tokio::spawn(async move { // want: detached_task@warning
            let mut interval = tokio::time::interval(Duration::from_secs(60));
            loop {
                interval.tick().await;
                let n = map.lock().unwrap().len() as u64;
                store.lock().unwrap().push(n);
            }
        });
    }

    pub fn report(&self) {
        let me = Cache { map: self.map.clone() };
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                println!("{}", me.map.lock().unwrap().len());
            }
        });
    }
}

async fn worker(id: u64) {
    tokio::time::sleep(Duration::from_secs(id)).await;
}

pub fn supervise(ids: Vec<u64>) {
    // Restarts the worker whenever it ends.
    tokio::spawn(async move { // want: detached_task@note
        loop {
            let handle = tokio::spawn(worker(ids[0]));
            if let Err(e) = handle.await {
                eprintln!("worker panicked: {e}; restarting");
            }
        }
    });
    let more = ids.clone();
    tokio::spawn(async move { // want: detached_task@note
        let mut set = tokio::task::JoinSet::new();
        for id in &more {
            set.spawn(worker(*id));
        }
        loop {
            if let Some(Ok(())) = set.join_next().await {
                set.spawn(worker(more[0]));
            }
        }
    });
    // The twin: a loop that spawns without watching what it spawned.
    tokio::spawn(async move { // want: detached_task@warning
        loop {
            tokio::spawn(worker(ids[1]));
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

pub fn monitor(label: String) {
    // Reads only a static: not tied to any object.
    tokio::spawn(async move { // want: detached_task@note
        let mut interval = tokio::time::interval(Duration::from_millis(500));
        loop {
            interval.tick().await;
            let n = ACTIVE.load(Ordering::Relaxed);
            if n > 0 {
                println!("{n} active");
            }
        }
    });
    // The twins: one captures nothing but works on no global state either (a const is
    // not state), so nothing says it serves the process; the others use something of the fn
    // that spawns them.
    tokio::spawn(async move { // want: detached_task@warning
        loop {
            tokio::time::sleep(PERIOD).await;
            println!("tick");
        }
    });
    let prefix = label.clone();
    tokio::spawn(async move { // want: detached_task@warning
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            println!("{prefix}: {}", ACTIVE.load(Ordering::Relaxed));
        }
    });
    tokio::spawn(async move { // want: detached_task@warning
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            println!("{}", label.len());
        }
    });
}

/// The process-wide heartbeat: runs for as long as the process, by design.
async fn heartbeat(every: Duration) {
    loop {
        tokio::time::sleep(every).await;
        ACTIVE.fetch_add(0, Ordering::Relaxed);
    }
}

async fn pulse(every: Duration) {
    loop {
        tokio::time::sleep(every).await;
        ACTIVE.fetch_add(0, Ordering::Relaxed);
    }
}

pub fn start_heartbeat(every: Duration) {
    tokio::spawn(heartbeat(every)); // want: detached_task@note
    tokio::spawn(pulse(every)); // want: detached_task@warning
}

// A loop whose fn allows Clippy's `infinite_loop` lint is declared endless on purpose: a
// note, for a named fn and for an `async` block in such a fn. The twins carry no such
// attribute (or allow another lint) and warn.
#[allow(clippy::infinite_loop)]
async fn announce_forever(cache: Arc<Mutex<HashMap<String, u64>>>) {
    loop {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        cache.lock().unwrap().clear();
    }
}

async fn announce_until_dropped(cache: Arc<Mutex<HashMap<String, u64>>>) {
    loop {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        cache.lock().unwrap().clear();
    }
}

impl Cache {
    pub fn start_announcing(&self) {
        tokio::spawn(announce_forever(self.map.clone())); // want: detached_task@note
        tokio::spawn(announce_until_dropped(self.map.clone())); // want: detached_task@warning
    }

    #[expect(clippy::infinite_loop)]
    pub fn start_sweeping(&self) {
        let map = self.map.clone();
        tokio::spawn(async move { // want: detached_task@note
            loop {
                tokio::time::sleep(PERIOD).await;
                map.lock().unwrap().clear();
            }
        });
    }

    #[allow(clippy::too_many_lines)]
    pub fn start_trimming(&self) {
        let map = self.map.clone();
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(PERIOD).await;
                map.lock().unwrap().clear();
            }
        });
    }
}
