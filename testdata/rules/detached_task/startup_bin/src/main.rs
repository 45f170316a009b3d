// A server that starts its background jobs once from `main`, and one per connection.
mod metrics;

use std::time::Duration;

#[tokio::main]
async fn main() {
    setup().await;
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    loop {
        let (sock, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            handle(sock).await;
        });
    }
}

pub struct Config {
    pub store: Option<String>,
    pub peers: Vec<String>,
}

async fn setup() {
    metrics::start_collector(Duration::from_secs(15));
    refresh_loop();
    start_pool(4);
    let cfg = Config { store: None, peers: Vec::new() };
    start_optional(&cfg);
    let registry = metrics::Registry::new();
    drop(registry);
}

fn start_pool(workers: usize) {
    // a fixed pool started once: a counted `for` is not a loop over requests
    for id in 0..workers {
        tokio::spawn(async move { // want: detached_task@note
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                println!("worker {id}");
            }
        });
    }
}

// An Option's `map` runs its closure at most once: a job started once, if configured. Its
// twin maps every peer of a list: one task per peer, and a list can be built again.
fn start_optional(cfg: &Config) {
    let _queue = cfg.store.clone().map(|host| {
        tokio::spawn(async move { // want: detached_task@note
            loop {
                tokio::time::sleep(Duration::from_secs(5)).await;
                println!("flush to {host}");
            }
        });
        host.len()
    });
    let _n = cfg.peers.iter().map(|peer| {
        let peer = peer.clone();
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(5)).await;
                println!("ping {peer}");
            }
        });
    }).count();
}

fn refresh_loop() {
    tokio::spawn(async { // want: detached_task@note (start-up only: reached from `main` alone)
        loop {
            tokio::time::sleep(Duration::from_secs(30)).await;
            println!("refresh");
        }
    });
}

async fn handle(_sock: tokio::net::TcpStream) {
    metrics::start_collector(Duration::from_secs(1));
    let session = metrics::Session::new();
    drop(session);
}
