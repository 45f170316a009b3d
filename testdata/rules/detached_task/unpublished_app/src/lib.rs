// An application's library that no registry gets (`publish = false`): its exports have no
// users outside the workspace, so the callers in this package are all there is. `run` is
// called once, by main, and makes one cache: its sweeper lives for the life of the process.
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
