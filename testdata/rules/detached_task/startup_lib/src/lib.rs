// A library whose start-up entry points spawn the process's periodic jobs.
pub mod jobs;
pub mod web;

use std::time::Duration;

/// Started once by the server's `main` (in another package): takes nothing, so every call
/// would start the same jobs again.
pub async fn init() -> Result<(), String> {
    jobs::gc::run().await?;
    jobs::stats::start();
    Ok(())
}

/// A library fn that takes a per-call argument: each call adds one more forever task.
pub fn watch_peer(addr: String) {
    tokio::spawn(async move { // want: detached_task@warning
        loop {
            tokio::time::sleep(Duration::from_secs(5)).await;
            println!("ping {addr}");
        }
    });
}

pub struct Conn {
    id: u64,
}

impl Conn {
    /// A constructor: one forever task per connection made.
    pub fn new(id: u64) -> Self {
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(5)).await;
                println!("conn {id}");
            }
        });
        Conn { id }
    }

    pub fn id(&self) -> u64 {
        self.id
    }
}

/// Takes nothing, but is called once per accepted connection below.
async fn heartbeat() {
    tokio::spawn(async { // want: detached_task@warning
        loop {
            tokio::time::sleep(Duration::from_secs(5)).await;
            println!("beat");
        }
    });
}

pub async fn serve(listener: tokio::net::TcpListener) {
    while let Ok((_sock, _)) = listener.accept().await {
        heartbeat().await;
    }
}

/// The spawn itself is in a loop over messages: one more task for every message.
pub async fn start_per_message() {
    let (_tx, mut rx) = tokio::sync::mpsc::channel::<String>(8);
    while let Some(name) = rx.recv().await {
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                println!("job {name}");
            }
        });
    }
}

/// The channel closes when its sender goes, and the loop then spins: a bug even at start-up.
pub fn start_pump() {
    let (_tx, mut rx) = tokio::sync::mpsc::channel::<u32>(8);
    tokio::spawn(async move { // want: detached_task@warning
        loop {
            if let Some(n) = rx.recv().await {
                println!("{n}");
            }
        }
    });
}
