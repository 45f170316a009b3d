// A worker pool fed by the loop that made it: each worker gets a clone of the receiving half,
// and the sending half stays with the spawning fn, which ends in a loop that only a
// `process::exit` leaves. The channel never closes while the workers run, so their
// `loop { while let Ok(job) = rx.recv().await { .. } }` waits rather than spins: in `main`,
// a forever loop (a note). Its twin's feeding loop can break, dropping the sender while the
// workers go on: they spin.
async fn next_job() -> Option<u64> {
    None
}

fn work(_job: u64) {}

#[tokio::main]
async fn main() {
    let (jobs_tx, jobs_rx) = async_channel::unbounded::<u64>();
    for _ in 0..4 {
        let jobs_rx = jobs_rx.clone();
        tokio::spawn(async move { // want: detached_task@note
            loop {
                while let Ok(job) = jobs_rx.recv().await {
                    work(job);
                }
            }
        });
    }
    loop {
        let Some(job) = next_job().await else {
            std::process::exit(0);
        };
        if jobs_tx.send(job).await.is_err() {
            std::process::exit(1);
        }
    }
}

pub async fn feed_until_done() {
    let (jobs_tx, jobs_rx) = async_channel::unbounded::<u64>();
    for _ in 0..4 {
        let jobs_rx = jobs_rx.clone();
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                while let Ok(job) = jobs_rx.recv().await {
                    work(job);
                }
            }
        });
    }
    loop {
        let Some(job) = next_job().await else {
            break;
        };
        let _ = jobs_tx.send(job).await;
    }
}
