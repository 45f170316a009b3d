// Every way of spawning a tokio task, each with a body that never ends and a discarded
// JoinHandle, next to `.spawn(..)` calls of other owners that must stay quiet.
use std::sync::Arc;
use std::time::Duration;

use tokio::runtime::{Builder, Handle, Runtime};
use tokio::spawn as go;
use tokio::task;
use tokio::task::spawn_local;
use tokio::task::JoinSet;

fn heartbeat() -> impl std::future::Future<Output = ()> {
    async {}
}

pub fn path_forms() {
    tokio::spawn(async move { // want: detached_task
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            heartbeat().await;
        }
    });

    tokio::task::spawn(async { // want: detached_task
        loop {
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    });

    task::spawn(async { // want: detached_task
        loop {
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    });

    go(async { // want: detached_task
        loop {
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    });

    spawn_local(async { // want: detached_task
        loop {
            tokio::task::yield_now().await;
        }
    });

    tokio::task::spawn_local(async { // want: detached_task
        loop {
            tokio::task::yield_now().await;
        }
    });
}

pub fn wrapped_futures() {
    use tracing::Instrument;

    tokio::spawn( // want: detached_task
        async move {
            loop {
                tokio::task::yield_now().await;
            }
        }
        .instrument(tracing::info_span!("poller")),
    );

    tokio::spawn(Box::pin(async move { // want: detached_task
        loop {
            tokio::task::yield_now().await;
        }
    }));
}

pub fn runtime_methods(rt: &Runtime) {
    Handle::current().spawn(async { // want: detached_task
        loop {
            tokio::task::yield_now().await;
        }
    });

    tokio::runtime::Handle::current().spawn(async { // want: detached_task
        loop {
            tokio::task::yield_now().await;
        }
    });

    let handle = Handle::current();
    handle.spawn(async { // want: detached_task
        loop {
            tokio::task::yield_now().await;
        }
    });

    rt.spawn(async { // want: detached_task
        loop {
            tokio::task::yield_now().await;
        }
    });

    rt.handle().spawn(async { // want: detached_task
        loop {
            tokio::task::yield_now().await;
        }
    });

    Handle::spawn(&handle, async { // want: detached_task
        loop {
            tokio::task::yield_now().await;
        }
    });
}

// Runtimes this fn builds and drops when it returns: dropping a runtime cancels its tasks,
// so a forever task spawned on one cannot outlive the fn. Quiet.
pub fn built_runtimes() -> std::io::Result<()> {
    let rt = Runtime::new()?;
    rt.spawn(async {
        loop {
            tokio::task::yield_now().await;
        }
    });

    let multi = Builder::new_multi_thread().enable_all().build().unwrap();
    multi.spawn(async {
        loop {
            tokio::task::yield_now().await;
        }
    });
    multi.block_on(async {});

    let single = tokio::runtime::Builder::new_current_thread().build()?;
    single.spawn(async {
        loop {
            tokio::task::yield_now().await;
        }
    });

    Handle::try_current().unwrap().spawn(async { // want: detached_task
        loop {
            tokio::task::yield_now().await;
        }
    });

    let shared: Arc<Runtime> = Arc::new(Runtime::new()?);
    shared.spawn(async { // want: detached_task
        loop {
            tokio::task::yield_now().await;
        }
    });
    Ok(())
}

// The twins: a runtime that leaves the fn (returned, leaked) keeps its tasks running.
pub fn runtime_handed_back() -> std::io::Result<Runtime> {
    let rt = Runtime::new()?;
    rt.spawn(async { // want: detached_task
        loop {
            tokio::task::yield_now().await;
        }
    });
    Ok(rt)
}

pub fn runtime_leaked() -> std::io::Result<()> {
    let rt = Builder::new_multi_thread().enable_all().build()?;
    rt.spawn(async { // want: detached_task
        loop {
            tokio::task::yield_now().await;
        }
    });
    Box::leak(Box::new(rt));
    Ok(())
}

pub struct Service {
    handle: Handle,
    pool: Executor,
}

pub struct Executor;

impl Executor {
    pub fn spawn<F>(&self, _f: F) {}
}

impl Service {
    pub fn start(&self) {
        self.handle.spawn(async { // want: detached_task
            loop {
                tokio::task::yield_now().await;
            }
        });

        // some other executor's spawn: we cannot tell what it does with the future
        self.pool.spawn(async {
            loop {
                tokio::task::yield_now().await;
            }
        });
    }
}

// `.spawn(..)` of other owners.
pub async fn other_spawns(executor: &Executor) {
    let mut set = JoinSet::new();
    set.spawn(async {
        loop {
            tokio::task::yield_now().await;
        }
    });

    std::thread::spawn(|| loop {
        std::thread::sleep(Duration::from_secs(1));
    });

    std::thread::Builder::new()
        .name("ticker".into())
        .spawn(|| loop {
            std::thread::sleep(Duration::from_secs(1));
        })
        .unwrap();

    let _child = std::process::Command::new("sleep").arg("1").spawn();

    let _ = tokio::task::Builder::new().name("named").spawn(async {
        loop {
            tokio::task::yield_now().await;
        }
    });

    rayon::scope(|s| {
        s.spawn(|_| loop {
            std::thread::yield_now();
        });
    });

    let mut pending = futures::stream::FuturesUnordered::new();
    pending.push(async {
        loop {
            tokio::task::yield_now().await;
        }
    });

    executor.spawn(async {
        loop {
            tokio::task::yield_now().await;
        }
    });

    let local = tokio::task::LocalSet::new();
    local.spawn_local(async {
        loop {
            tokio::task::yield_now().await;
        }
    });

    async_std::task::spawn(async {
        loop {
            async_std::task::yield_now().await;
        }
    });
}

// A crate's own `spawn` helper is not tokio's.
fn spawn<F>(_f: F) {}

pub fn own_spawn() {
    spawn(async {
        loop {
            tokio::task::yield_now().await;
        }
    });
}

// A block that clones what the task needs and ends with the async block: the block's value
// is the spawned future.
pub fn block_argument(pool: Arc<Vec<u8>>) {
    tokio::spawn({ // want: detached_task
        let pool = pool.clone();
        async move {
            let mut every = tokio::time::interval(Duration::from_secs(30));
            loop {
                every.tick().await;
                let _ = pool.len();
            }
        }
    });
}

// Twin: the same block whose handle is kept and aborted once the work is done.
pub async fn block_argument_aborted(pool: Arc<Vec<u8>>) {
    let beat = tokio::spawn({
        let pool = pool.clone();
        async move {
            loop {
                tokio::time::sleep(Duration::from_secs(30)).await;
                let _ = pool.len();
            }
        }
    });
    tokio::time::sleep(Duration::from_secs(1)).await;
    beat.abort();
}
