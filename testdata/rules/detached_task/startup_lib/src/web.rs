// A bare `start()` here is this module's own `start`, not `jobs::stats::start`: calling it
// once per request does not make the stats job's spawn repeat.
fn start() {
    println!("request");
}

pub async fn serve_requests(listener: tokio::net::TcpListener) {
    while let Ok((_sock, _)) = listener.accept().await {
        start();
    }
}

// `dump::run` is another package's fn (this crate has no module `dump`), not `jobs::gc::run`.
pub async fn dump_all(listener: tokio::net::TcpListener) {
    use compaction::dump;
    while let Ok((_sock, _)) = listener.accept().await {
        let _ = dump::run().await;
    }
}
