pub async fn init_storage() {
    // before anything is spawned or served
    std::fs::write("/var/lib/gateway/ready", b"1").unwrap(); // want: blocking_in_async@note
    prepare().await;
}

async fn prepare() {
    let _ = std::fs::read("/var/lib/gateway/index").unwrap(); // want: blocking_in_async@note
}

// Runs after main spawned its metrics task, which shares the thread by then: not start-up
// code, but a read done once per process (a note that says so).
pub async fn init_cache() {
    let _ = std::fs::read("/var/lib/gateway/cache").unwrap(); // want: blocking_in_async@note
}

// Twin: also once, after the metrics task was spawned, but a walk that reads every file of
// a spool folder (it may hold millions) holds the thread as long as the folder is big. (The
// stat of each entry is a metadata call: a note, even in a walk.)
pub async fn sweep_spool() -> usize {
    let mut total = 0;
    for entry in std::fs::read_dir("/var/lib/gateway/spool").unwrap() { // want: blocking_in_async@note
        let path = entry.unwrap().path();
        let _ = std::fs::metadata(&path); // want: blocking_in_async@note
        total += std::fs::read(&path).map(|b| b.len()).unwrap_or(0); // want: blocking_in_async@warning
    }
    total
}

pub async fn serve_file(mut sock: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    // per connection: the request path, and the page is what it sends
    let page = std::fs::read("/var/lib/gateway/page").unwrap(); // want: blocking_in_async@warning
    let _ = sock.write_all(&page).await;
}
