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

async fn setup() {
    metrics::start_collector(Duration::from_secs(15));
    refresh_loop();
    start_pool(4);
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
