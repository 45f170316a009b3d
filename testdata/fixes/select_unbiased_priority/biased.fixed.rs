// A shutdown branch written first asks to be checked first: `biased;` says so to tokio.
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

async fn run(_job: u32) {}

pub async fn two_branches(token: CancellationToken, mut jobs: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            biased;
            _ = token.cancelled() => break, // want: select_unbiased_priority (fix: certain)
            Some(job) = jobs.recv() => run(job).await,
        }
    }
}

pub async fn with_an_else(token: CancellationToken, mut jobs: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            biased;
            // shutdown first
            _ = token.cancelled() => return, // want: select_unbiased_priority (fix: certain)
            Some(job) = jobs.recv() => run(job).await,
            else => break,
        }
    }
}

// With a third branch, biased; also fixes the order between the two others: the jobs can
// starve the events, so the fix needs review.
pub async fn three_branches(token: CancellationToken, mut jobs: mpsc::Receiver<u32>, mut events: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            biased;
            _ = token.cancelled() => break, // want: select_unbiased_priority (fix: needs-review)
            Some(job) = jobs.recv() => run(job).await,
            Some(ev) = events.recv() => run(ev).await,
        }
    }
}

pub async fn on_one_line(token: CancellationToken, mut jobs: mpsc::Receiver<u32>) {
    loop {
        tokio::select! { biased; _ = token.cancelled() => break, Some(j) = jobs.recv() => run(j).await } // want: select_unbiased_priority (fix: certain)
    }
}

pub async fn already_biased(token: CancellationToken, mut jobs: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            biased;
            _ = token.cancelled() => break,
            Some(job) = jobs.recv() => run(job).await,
        }
    }
}
