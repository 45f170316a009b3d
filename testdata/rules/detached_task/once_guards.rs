// A spawn that runs at most once per process by a guard the fn checks first, or in a fn that
// a static's initialiser names: each is a note. The twins, whose guard does not return or
// whose fn a static does not name, can spawn one more task at every call and warn.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};
use std::time::Duration;

/// Idempotent: only the first call spawns the sweeper.
pub fn spawn_sweeper(state: Arc<Mutex<Vec<u64>>>) {
    static STARTED: OnceLock<()> = OnceLock::new();
    if STARTED.set(()).is_err() {
        return;
    }
    tokio::spawn(async move { // want: detached_task@note
        loop {
            tokio::time::sleep(Duration::from_secs(300)).await;
            state.lock().unwrap().clear();
        }
    });
}

static REFRESHING: AtomicBool = AtomicBool::new(false);

pub fn start_refresher(state: Arc<Mutex<Vec<u64>>>) {
    if REFRESHING.swap(true, Ordering::SeqCst) {
        return;
    }
    tokio::spawn(async move { // want: detached_task@note
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            state.lock().unwrap().push(1);
        }
    });
}

// The twin: the guard only logs, and every call spawns another loop.
pub fn start_refresher_twice(state: Arc<Mutex<Vec<u64>>>) {
    if REFRESHING.swap(true, Ordering::SeqCst) {
        eprintln!("refresher already running");
    }
    tokio::spawn(async move { // want: detached_task@warning
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            state.lock().unwrap().push(1);
        }
    });
}

// A guard on a field is per object, not per process.
pub struct Poller {
    started: AtomicBool,
    state: Arc<Mutex<Vec<u64>>>,
}

impl Poller {
    pub fn start(&self) {
        if self.started.swap(true, Ordering::SeqCst) {
            return;
        }
        let state = self.state.clone();
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                state.lock().unwrap().push(2);
            }
        });
    }
}

static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(build_runtime);

// Runs once, as the initialiser of RUNTIME: its tasks live as long as the runtime.
fn build_runtime() -> tokio::runtime::Runtime {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let flags = Arc::new(Mutex::new(Vec::<u64>::new()));
    rt.spawn(async move { // want: detached_task@note
        loop {
            tokio::time::sleep(Duration::from_secs(30)).await;
            flags.lock().unwrap().clear();
        }
    });
    rt
}

// The twin: a fn that builds a runtime per call, which no static names.
pub fn build_worker_runtime(threads: usize) -> tokio::runtime::Runtime {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build().unwrap();
    let flags = Arc::new(Mutex::new(Vec::<u64>::new()));
    rt.spawn(async move { // want: detached_task@warning
        loop {
            tokio::time::sleep(Duration::from_secs(30)).await;
            flags.lock().unwrap().clear();
        }
    });
    rt
}

pub fn runtime() -> &'static tokio::runtime::Runtime {
    &RUNTIME
}
