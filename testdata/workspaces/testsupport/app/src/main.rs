// A service that handles a job per message from its queue: its handlers keep their level.
use std::path::PathBuf;

#[tokio::main]
async fn main() {
    let (tx, mut jobs) = tokio::sync::mpsc::channel::<PathBuf>(64);
    drop(tx);
    while let Some(job) = jobs.recv().await {
        tokio::spawn(render(job));
    }
}

async fn render(page: PathBuf) -> usize {
    std::fs::read(page).map(|b| b.len()).unwrap_or(0) // want: blocking_in_async@warning
}
