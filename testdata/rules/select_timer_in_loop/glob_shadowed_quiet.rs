// A glob import of tokio::time, but the file defines its own `sleep`, which wins.
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::*;

async fn sleep(d: Duration) -> Instant {
    Instant::now() + d
}

async fn shadowed(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = sleep(Duration::from_secs(1)) => println!("idle"),
        }
    }
}
