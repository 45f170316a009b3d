// Blocking calls handed to another thread, or to a sync function, inside async code.
use std::time::Duration;
use tokio::task;

async fn spawn_blocking_braces(path: std::path::PathBuf) -> std::io::Result<String> {
    tokio::task::spawn_blocking(move || {
        std::thread::sleep(Duration::from_millis(5));
        std::fs::read_to_string(path)
    })
    .await
    .unwrap()
}

async fn spawn_blocking_no_braces(path: std::path::PathBuf) -> Vec<u8> {
    task::spawn_blocking(move || std::fs::read(path).unwrap()).await.unwrap()
}

async fn handle_spawn_blocking(handle: tokio::runtime::Handle) {
    handle
        .spawn_blocking(|| std::thread::sleep(Duration::from_secs(1)))
        .await
        .unwrap();
}

async fn block_in_place_braces() -> String {
    tokio::task::block_in_place(|| {
        let s = std::fs::read_to_string("config.toml").unwrap();
        tokio::runtime::Handle::current().block_on(async { s })
    })
}

async fn block_in_place_no_braces() {
    task::block_in_place(|| std::thread::sleep(Duration::from_millis(1)));
}

async fn thread_spawn_braces() {
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1));
        let rt = tokio::runtime::Runtime::new().unwrap();
        let v = rt.block_on(async { 1 });
        tx.send(v).ok();
    });
    rx.await.unwrap();
}

async fn thread_spawn_no_braces() {
    std::thread::spawn(|| std::thread::sleep(Duration::from_secs(1)));
}

async fn thread_builder() {
    std::thread::Builder::new()
        .name("worker".into())
        .spawn(move || std::fs::write("out.txt", b"x").unwrap())
        .unwrap();
}

async fn scoped_threads(paths: Vec<std::path::PathBuf>) {
    std::thread::scope(|s| {
        for p in &paths {
            s.spawn(move || std::fs::read(p));
        }
    });
}

async fn rayon_pool() {
    rayon::spawn(|| std::thread::sleep(Duration::from_millis(1)));
}

// A closure handed to a function we do not know may run on another thread: quiet.
async fn unknown_wrapper(path: std::path::PathBuf) -> std::io::Result<Vec<u8>> {
    asyncify(move || std::fs::read(path)).await
}

async fn stored_closure() {
    let work = || std::thread::sleep(Duration::from_millis(1));
    tokio::task::spawn_blocking(work).await.unwrap();
}

async fn asyncify<F, T>(f: F) -> std::io::Result<T>
where
    F: FnOnce() -> std::io::Result<T> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(f).await.unwrap()
}
