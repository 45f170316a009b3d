// An application's library, there for its own binary (src/main.rs), though not marked
// `publish = false`: its callers in the package decide. `run` is called once, by main, and
// makes one cache: its sweeper lives for the life of the process.
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
