// A server whose `main` sets up its storage through init fns, then serves.
mod storage;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    storage::init_storage().await;
    tokio::spawn(metrics_loop());
    // the metrics task shares the thread by now
    storage::init_cache().await;
    storage::sweep_spool().await;
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    loop {
        let (sock, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            storage::serve_file(sock).await;
        });
    }
}

async fn metrics_loop() {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(10)).await;
    }
}
