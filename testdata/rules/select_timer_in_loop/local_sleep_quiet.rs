// `sleep` here is the crate's own function, not a timer we know: stay quiet.
use std::time::Duration;
use tokio::sync::mpsc;

async fn sleep(d: Duration) {
    let _ = d;
}

async fn delay(d: Duration) {
    let _ = d;
}

async fn own_sleep(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = sleep(Duration::from_secs(1)) => println!("idle"),
            _ = delay(Duration::from_secs(1)) => println!("idle"),
        }
    }
}

// A module of the crate's own that happens to be called `time`.
mod time {
    pub async fn sleep(_d: std::time::Duration) {}
}

async fn own_time_module(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = time::sleep(Duration::from_secs(1)) => println!("idle"),
        }
    }
}
