use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::*;

async fn glob(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = sleep(Duration::from_secs(1)) => println!("idle"), // want: select_timer_in_loop@warning
        }
    }
}
