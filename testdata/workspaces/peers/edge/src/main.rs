#[tokio::main]
async fn main() {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:9090").await.unwrap();
    loop {
        let (sock, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            let n = boot::Store::open_at("edge.db").await;
            drop((sock, n));
        });
    }
}
