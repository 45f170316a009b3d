// Another executor's block_on never returns when it blocks the only thread of a
// current-thread runtime while its future waits on that runtime's timers, sockets or tasks.
// Without that, it blocks the thread (a warning), whatever the runtime.
use std::time::Duration;

fn compute() -> u32 {
    42
}

struct Pool;

impl Pool {
    fn block_on<F: std::future::Future>(&self, _f: F) {}
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    futures::executor::block_on(async { tokio::time::sleep(Duration::from_millis(5)).await }); // want: blocking_in_async@error
    let handle = tokio::spawn(async { compute() });
    futures::executor::block_on(async { compute() }); // want: blocking_in_async@warning
    handle.abort();
}

async fn on_any_runtime(executor: &Pool) {
    executor.block_on(async { compute() }); // want: blocking_in_async@warning
    futures::executor::block_on(async { tokio::time::sleep(Duration::from_millis(6)).await }); // want: blocking_in_async@warning
}
