use std::path::PathBuf;
use std::time::Duration;

// Background jobs that wake up every few minutes or hours: a small file written or read
// once per turn stalls the other tasks for a moment, that rarely.
async fn renew_certificates(cache: Option<PathBuf>) {
    loop {
        if expired() {
            let pem = issue().await;
            if let Some(dir) = &cache {
                let _ = std::fs::write(dir.join("cert.pem"), &pem); // want: blocking_in_async@note
            }
        }
        tokio::time::sleep(Duration::from_secs(60 * 5)).await;
    }
}

async fn hourly_snapshot(path: PathBuf) {
    let mut ticker = tokio::time::interval(Duration::from_secs(3600));
    loop {
        ticker.tick().await;
        let state = std::fs::read(&path).unwrap_or_default(); // want: blocking_in_async@note
        publish(state).await;
    }
}

// The harmful twins. A fast loop: a read every 100 ms is a steady stall.
async fn poll_status(path: PathBuf) {
    loop {
        let status = std::fs::read_to_string(&path).unwrap_or_default(); // want: blocking_in_async@warning
        publish(status.into_bytes()).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

// The timer is awaited only on some turns: the others run back to back. A small write per
// message hands no data on, though: a note.
async fn drain(path: PathBuf, mut rx: tokio::sync::mpsc::Receiver<bool>) {
    while let Some(idle) = rx.recv().await {
        std::fs::write(&path, b"tick").unwrap(); // want: blocking_in_async@note
        if idle {
            tokio::time::sleep(Duration::from_secs(600)).await;
        }
    }
}

// A slow loop, but each turn reads every file of a directory: a batch, not one small stall.
async fn nightly_scan(files: Vec<PathBuf>) {
    loop {
        for f in &files {
            let bytes = std::fs::read(f).unwrap_or_default(); // want: blocking_in_async@warning
            publish(bytes).await;
        }
        tokio::time::sleep(Duration::from_secs(86_400)).await;
    }
}

// A child process can run for as long as it likes: not file I/O, still a warning.
async fn gc_logs() {
    loop {
        let _ = std::process::Command::new("find").arg("/var/log/app").arg("-delete").output(); // want: blocking_in_async@warning
        tokio::time::sleep(Duration::from_secs(900)).await;
    }
}

fn expired() -> bool {
    true
}

async fn issue() -> Vec<u8> {
    Vec::new()
}

async fn publish(_b: Vec<u8>) {}

// A loop that waits for a Unix signal on every turn runs once each time an operator sends
// it: a log file reopened on SIGHUP (logrotate), a config re-read on SIGUSR1. Notes.
fn reopen_log_on_hangup(path: PathBuf, handle: std::sync::Arc<std::sync::Mutex<std::fs::File>>) {
    tokio::spawn(async move {
        let Ok(mut hangups) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else {
            return;
        };
        loop {
            hangups.recv().await;
            let Ok(file) = std::fs::File::create(&path) else { continue }; // want: blocking_in_async@note
            *handle.lock().unwrap() = file;
        }
    });
}

async fn reload_on_usr1(path: PathBuf) {
    use tokio::signal::unix::{signal, SignalKind};
    let mut usr1 = signal(SignalKind::user_defined1()).expect("signal handler");
    while usr1.recv().await.is_some() {
        let text = std::fs::read_to_string(&path).unwrap_or_default(); // want: blocking_in_async@note
        publish(text.into_bytes()).await;
    }
}

// Twin: a loop paced by a channel of requests, not by a signal: per request.
async fn serve_reads(mut rx: tokio::sync::mpsc::Receiver<PathBuf>, tx: tokio::sync::mpsc::Sender<Vec<u8>>) {
    while let Some(path) = rx.recv().await {
        let data = std::fs::read(&path).unwrap_or_default(); // want: blocking_in_async@warning
        let _ = tx.send(data).await;
    }
}
