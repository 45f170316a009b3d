// A library whose `init()` (called once by the server's main, in another package) recovers
// its write-ahead log from disk before it starts serving.
pub mod wal;

pub async fn init() -> std::io::Result<()> {
    wal::check_lock_files().await?;
    wal::prepare_dirs("/data/wal")?;
    wal::load_index().await?;
    tokio::spawn(async move {
        let listener = tokio::net::TcpListener::bind("0.0.0.0:5080").await.unwrap();
        while let Ok((sock, _)) = listener.accept().await {
            tokio::spawn(handle(sock));
        }
    });
    // the server runs by now: a blocking call here stalls its tasks
    wal::replay().await
}

async fn handle(_sock: tokio::net::TcpStream) {
    // per connection: the same cleanup, now on the request path
    wal::clean_orphans().await;
}

/// Takes nothing, but its name says nothing about start-up: callers may run it per request.
pub async fn compact() {
    std::fs::write("/data/wal/old", b"").ok(); // want: blocking_in_async@warning
}
