// A runtime made in async code and consumed with `shutdown_background()`, Tokio's way to drop
// a runtime from async code: only an early return before that line drops it (and panics).
// A note. Dropped at the end of the scope, or shut down with a timeout (which waits, and
// panics there as a drop does), it stays an error.
use std::time::Duration;
use tokio::runtime::Builder;

async fn serve() -> Result<(), String> {
    Ok(())
}

pub async fn fork_start(workers: usize) -> Result<(), String> {
    let runtime = Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build() // want: blocking_in_async@note
        .map_err(|e| e.to_string())?;
    let result = runtime.spawn(serve()).await.map_err(|e| e.to_string())?;
    runtime.shutdown_background();
    result
}

pub async fn dropped(workers: usize) {
    let runtime = Builder::new_multi_thread().worker_threads(workers).build().unwrap(); // want: blocking_in_async@error
    let _ = runtime.spawn(serve()).await;
}

pub async fn with_timeout(workers: usize) {
    let runtime = Builder::new_multi_thread().worker_threads(workers).build().unwrap(); // want: blocking_in_async@error
    let _ = runtime.spawn(serve()).await;
    runtime.shutdown_timeout(Duration::from_secs(1));
}
