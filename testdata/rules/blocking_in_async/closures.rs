// Non-async closures inside async code. A closure passed to an adapter that calls it on the
// spot (iterator, Option/Result, stream adapters) runs on the executor thread: reported at
// note level. A closure handed to anything else may run elsewhere: quiet.
use std::path::PathBuf;

async fn read_all(paths: Vec<PathBuf>) -> Vec<String> {
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap()) // want: blocking_in_async
        .collect()
}

async fn fallback(primary: Option<String>) -> String {
    primary.unwrap_or_else(|| std::fs::read_to_string("default.txt").unwrap()) // want: blocking_in_async
}

async fn retry_with_backoff(attempts: u32) {
    (0..attempts).for_each(|i| {
        std::thread::sleep(std::time::Duration::from_millis(10 * i as u64)); // want: blocking_in_async
    });
}

async fn called_right_away() -> Vec<u8> {
    (|| std::fs::read("now.bin").unwrap())() // want: blocking_in_async
}

async fn nested_offload(paths: Vec<PathBuf>) {
    // the inner closure goes to spawn_blocking: quiet even inside .map
    let handles: Vec<_> = paths
        .into_iter()
        .map(|p| tokio::task::spawn_blocking(move || std::fs::read(p)))
        .collect();
    for h in handles {
        let _ = h.await;
    }
}

async fn closure_given_away(pool: &Pool) {
    // a callback registered for later, a pool that runs jobs on its own threads
    pool.execute(|| std::thread::sleep(std::time::Duration::from_secs(1)));
    on_shutdown(Box::new(|| std::fs::remove_file("pid").unwrap()));
    let cleanup = move || std::fs::remove_dir_all("tmp");
    drop(cleanup);
}

async fn stream_then(urls: Vec<String>) {
    use futures::StreamExt;
    let s = futures::stream::iter(urls).then(|u| async move {
        std::fs::write("last-url", u.as_bytes()) // want: blocking_in_async
    });
    let _ = s.collect::<Vec<_>>().await;
}

fn sync_iteration(paths: &[PathBuf]) -> Vec<Vec<u8>> {
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

struct Pool;
impl Pool {
    fn execute<F: FnOnce() + Send + 'static>(&self, _f: F) {}
}
fn on_shutdown(_f: Box<dyn FnOnce()>) {}
