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

pub async fn serve_file(mut sock: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    // per connection: the request path, and the page is what it sends
    let page = std::fs::read("/var/lib/gateway/page").unwrap(); // want: blocking_in_async@warning
    let _ = sock.write_all(&page).await;
}
