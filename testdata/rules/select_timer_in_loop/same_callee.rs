// The timer's handler and every branch that restarts it call the same fn, with different
// arguments: the refresh runs on each epoch change, and the timer runs it again after a
// quiet period. A note. Its twins do other work in the restarting branch, or more work on
// the timer than a single call: starved periodic work, a warning.
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::sleep;

async fn refresh(_epoch: u64, _changed: bool) {}
async fn reap() {}

async fn maintain(mut epochs: watch::Receiver<u64>) {
    let mut last = *epochs.borrow();
    loop {
        tokio::select! {
            _ = sleep(Duration::from_secs(10)) => { // want: select_timer_in_loop@note
                refresh(last, false).await;
            }
            _ = epochs.changed() => {
                last = *epochs.borrow_and_update();
                tracing::debug!("epoch changed");
                refresh(last, true).await;
            }
        }
    }
}

// Twin: the epoch branch refreshes, but the timer's job is reaping.
async fn maintain_and_reap(mut epochs: watch::Receiver<u64>) {
    loop {
        tokio::select! {
            _ = sleep(Duration::from_secs(10)) => reap().await, // want: select_timer_in_loop@warning
            _ = epochs.changed() => {
                refresh(*epochs.borrow(), true).await;
            }
        }
    }
}

// Twin: the timer refreshes and reaps; the epoch branch only refreshes.
async fn maintain_both(mut epochs: watch::Receiver<u64>) {
    loop {
        tokio::select! {
            _ = sleep(Duration::from_secs(10)) => { // want: select_timer_in_loop@warning
                refresh(0, false).await;
                reap().await;
            }
            _ = epochs.changed() => {
                refresh(*epochs.borrow(), true).await;
            }
        }
    }
}
