// The same code as a published library with no binary of its own: other packages may call
// `run` or `cache::new()` as often as they like, so the sweeper it spawns each time keeps its
// warning.
pub mod cache;

pub async fn run(addr: String) {
    let cache = cache::new();
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    loop {
        let (sock, _) = listener.accept().await.unwrap();
        let cache = cache.clone();
        tokio::spawn(async move { drop((sock, cache)) });
    }
}
