//! A small service with one instance of each async bug rustaudit looks for, next to the
//! idiomatic code that must stay quiet. `rustaudit scan testdata/sample-crate` reports them.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::time::{interval, sleep};

mod state;
mod worker;

/// A future that reports `Pending` when it is not ready, but never asks to be woken.
struct Flag {
    ready: bool,
}

impl Future for Flag {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.ready {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

async fn heartbeat() {
    let mut ticks = interval(Duration::from_secs(5));
    loop {
        ticks.tick().await;
        println!("still alive");
    }
}

async fn serve(listener: TcpListener) -> std::io::Result<()> {
    // Idiomatic: each connection task ends when its connection does.
    loop {
        let (socket, _) = listener.accept().await?;
        tokio::spawn(async move {
            let _ = socket;
        });
    }
}

async fn relay(mut rx: mpsc::Receiver<Vec<u8>>) {
    loop {
        tokio::select! {
            msg = rx.recv() => match msg {
                Some(msg) => worker::handle(msg).await,
                None => break,
            },
            // Meant as "flush every 30 s"; under steady traffic it never fires.
            _ = sleep(Duration::from_secs(30)) => worker::flush().await,
        }
    }
}

async fn checksum(path: &str) -> u32 {
    let mut buf = [0u8; 64 * 1024];
    let n = worker::read_into(path, &mut buf).await;
    buf[..n].iter().map(|&b| b as u32).sum()
}

/// Starts the background work. Nothing keeps the heartbeat's handle: it runs until the
/// process exits, even after the service it reports on has stopped.
async fn start_background() {
    tokio::spawn(heartbeat());
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    start_background().await;
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(relay(rx));
    tx.send(b"hello".to_vec()).await.ok();
    println!("{}", checksum("Cargo.toml").await);
    Flag { ready: false }.await;
    serve(TcpListener::bind("127.0.0.1:0").await?).await
}
