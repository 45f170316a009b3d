use tokio::sync::watch;

#[derive(Clone, Debug)]
struct Config {
    peers: Vec<String>,
}

async fn apply(mut rx: watch::Receiver<Config>) {
    loop {
        let cfg = rx.borrow_and_update(); // want: lock_across_await
        for peer in &cfg.peers {
            connect(peer).await;
        }
        if rx.changed().await.is_err() {
            break;
        }
    }
}

async fn apply_cloned(mut rx: watch::Receiver<Config>) {
    loop {
        let cfg = rx.borrow_and_update().clone();
        for peer in &cfg.peers {
            connect(peer).await;
        }
        if rx.changed().await.is_err() {
            break;
        }
    }
}

async fn connect(_p: &str) {}
