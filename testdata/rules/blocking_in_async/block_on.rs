// Running futures or runtimes to completion inside async code: errors.
use futures::executor::block_on;
use std::future::Future;
use tokio::runtime::{Builder, Handle, Runtime};

async fn fetch() -> u32 {
    1
}

async fn futures_block_on() -> u32 {
    let a = futures::executor::block_on(fetch()); // want: blocking_in_async
    let b = block_on(fetch()); // want: blocking_in_async
    a + b
}

async fn handle_block_on() -> u32 {
    let handle = Handle::current();
    let a = handle.block_on(fetch()); // want: blocking_in_async
    let b = Handle::current().block_on(async { 2 }); // want: blocking_in_async
    a + b
}

async fn new_runtime() {
    let rt = Runtime::new().unwrap(); // want: blocking_in_async
    rt.block_on(fetch()); // want: blocking_in_async
    let _rt2 = tokio::runtime::Runtime::new().unwrap(); // want: blocking_in_async
    let _rt3 = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build() // want: blocking_in_async
        .unwrap();
    let _rt4 = tokio::runtime::Builder::new_current_thread().enable_all().build(); // want: blocking_in_async
}

struct Client {
    rt: Runtime,
}

impl Client {
    async fn call(&self) -> u32 {
        self.rt.block_on(fetch()) // want: blocking_in_async
    }

    // The synchronous facade: this is what block_on is for.
    fn call_blocking(&self) -> u32 {
        self.rt.block_on(async { fetch().await })
    }
}

fn sync_shim<F: Future>(f: F) -> F::Output {
    block_on(f)
}

fn main() {
    let rt = Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        // the future run by block_on: its body runs on the thread that called block_on
        let _ = fetch().await;
    });
    let _ = futures::executor::block_on(async { std::fs::read("x") });
}

async fn offloaded() -> u32 {
    let handle = Handle::current();
    tokio::task::spawn_blocking(move || handle.block_on(fetch()))
        .await
        .unwrap()
        + tokio::task::block_in_place(|| Handle::current().block_on(fetch()))
}

#[test]
fn sync_test() {
    let rt = Runtime::new().unwrap();
    rt.block_on(async { assert_eq!(fetch().await, 1) });
}

async fn helper_named_block_on() {
    sqlx_test::test_block_on(fetch()); // want: blocking_in_async
    pollster::block_on(fetch()); // want: blocking_in_async
}

fn sync_helper_with_async_body() {
    sqlx_test::test_block_on(async {
        std::thread::sleep(std::time::Duration::from_millis(1));
    });
}

// A runtime created in async code but never dropped there: moved to a thread, forgotten, or
// dropped in spawn_blocking.
async fn runtime_on_its_own_thread() {
    let rt = Runtime::new().unwrap();
    std::thread::spawn(move || rt.block_on(fetch()));
}

// A thread builder's wrapper of the project's own that spawns the `move` closure on a
// thread: the runtime goes with it.
trait SpawnWrapper {
    fn spawn_wrapper<F: FnOnce() + Send + 'static>(self, f: F) -> std::io::Result<std::thread::JoinHandle<()>>;
}

async fn runtime_to_a_named_thread() -> std::io::Result<()> {
    let runtime = Builder::new_current_thread().enable_all().build().unwrap();
    let _jh = runtime.spawn(fetch());
    std::thread::Builder::new().name("domain".into()).spawn_wrapper(move || {
        runtime.block_on(fetch());
    })?;
    Ok(())
}

// The same with the build's error handled by `unwrap_or_else` (log and exit): the runtime
// goes to the thread, which blocks on it and drops it there.
async fn runtime_built_with_fallback() {
    let rt = Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|_| std::process::exit(2));
    // (the join itself waits for that thread on the executor thread: reported as such)
    std::thread::spawn(move || {
        rt.block_on(fetch());
    })
    .join() // want: blocking_in_async
    .unwrap();
}

// Twin: a closure that only borrows the runtime (no `move`) leaves it to be dropped here.
async fn runtime_lent_to_a_callback() {
    let runtime = Builder::new_current_thread().enable_all().build().unwrap(); // want: blocking_in_async
    with_callback(|| {
        runtime.block_on(fetch());
    });
}

fn with_callback<F: FnOnce()>(f: F) {
    f()
}

async fn runtime_forgotten() {
    let rt = Builder::new_multi_thread().worker_threads(2).build().unwrap();
    rt.spawn(fetch());
    std::mem::forget(rt);
}

async fn runtime_dropped_off_thread() -> std::io::Result<()> {
    let runtime = std::sync::Arc::new(Builder::new_current_thread().build()?);
    let copy = runtime.clone();
    drop(copy);
    tokio::task::spawn_blocking(move || {
        let _r = runtime;
    })
    .await?;
    Ok(())
}

async fn runtime_dropped_here() {
    let rt = Runtime::new().unwrap(); // want: blocking_in_async
    rt.spawn(fetch());
    drop(rt);
}
