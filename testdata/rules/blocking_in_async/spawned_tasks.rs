// File I/O in a spawned task is settled from the spawn: a task spawned once per call of an
// async fn that nothing runs per item does one brief file operation per call, a note. Its
// twins run per item: the task is spawned in a loop, or the read is in the task's own
// receive loop, and the bytes are handed on: warnings. A sync fn's callers are not
// followed: what it spawns keeps the warning.
use tokio::sync::mpsc;

pub async fn start_reporter(path: std::path::PathBuf, tx: mpsc::Sender<String>) {
    tokio::spawn(async move {
        let header = std::fs::read_to_string(&path).unwrap_or_default(); // want: blocking_in_async@note
        let _ = tx.send(header).await;
    });
}

pub fn start_reporter_sync(path: std::path::PathBuf, tx: mpsc::Sender<String>) {
    tokio::spawn(async move {
        let header = std::fs::read_to_string(&path).unwrap_or_default(); // want: blocking_in_async@warning
        let _ = tx.send(header).await;
    });
}

pub async fn upload_all(paths: Vec<std::path::PathBuf>, tx: mpsc::Sender<Vec<u8>>) {
    for p in paths {
        let tx = tx.clone();
        tokio::spawn(async move {
            let body = std::fs::read(&p).unwrap_or_default(); // want: blocking_in_async@warning
            let _ = tx.send(body).await;
        });
    }
}

pub async fn serve_files(mut requests: mpsc::Receiver<std::path::PathBuf>, tx: mpsc::Sender<Vec<u8>>) {
    tokio::spawn(async move {
        while let Some(p) = requests.recv().await {
            let body = std::fs::read(&p).unwrap_or_default(); // want: blocking_in_async@warning
            let _ = tx.send(body).await;
        }
    });
}
