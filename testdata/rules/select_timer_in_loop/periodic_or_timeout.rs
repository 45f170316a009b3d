// What the timer's handler does and what the other branches do decide whether a restart
// starves anything. Periodic work that other branches keep restarting is the bug (a
// warning); a timeout that activity resets, a per-operation timeout, a fallback re-check, or
// a timer whose rivals only fire on shutdown are not.
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch, Notify};
use tokio::time::sleep;

struct Batch;
async fn flush(_out: &mut Vec<u32>) {}
async fn send_batch(_b: Batch, _done: oneshot::Sender<bool>) {}
fn apply(_v: u32) {}
async fn poll_upstream() -> Vec<u32> {
    Vec::new()
}

// The bug: a 3 ms flush timer that steady traffic restarts forever. The buffer is flushed
// only when the stream pauses.
async fn flush_every_3ms(mut rx: mpsc::Receiver<u32>, out: &mut Vec<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => out.push(v),
            _ = sleep(Duration::from_millis(3)) => flush(out).await, // want: select_timer_in_loop@warning
        }
    }
}

// "Wake when notified, or re-check every 30 s": the work is at the top of the loop, and the
// select only bounds the wait before it runs again. Every branch gets there. Quiet.
async fn poll_or_notified(notify: &Notify, mut shutdown: watch::Receiver<bool>) {
    loop {
        let items = poll_upstream().await;
        println!("{}", items.len());
        tokio::select! {
            _ = notify.notified() => {}
            _ = sleep(Duration::from_secs(30)) => {}
        }
        if *shutdown.borrow_and_update() {
            break;
        }
    }
}

// Announce, then wait for a reply or re-announce after a second: the timer's handler only
// logs, and the work is at the top of the loop. Quiet.
async fn announce_until_acknowledged(node: &Node) -> Result<(), String> {
    loop {
        node.announce().await?;
        tokio::select! {
            _ = sleep(Duration::from_secs(1)) => {
                tracing::info!("re-announcing");
            }
            reply = node.receive() => {
                if reply? {
                    return Ok(());
                }
            }
        }
    }
}

// The twin: the periodic work is in the timer's handler, and replies keep restarting it.
async fn announce_starved(node: &Node) -> Result<(), String> {
    loop {
        tokio::select! {
            _ = sleep(Duration::from_secs(1)) => node.announce().await?, // want: select_timer_in_loop@warning
            reply = node.receive() => {
                if reply? {
                    return Ok(());
                }
            }
        }
    }
}

struct Node;
impl Node {
    async fn announce(&self) -> Result<(), String> {
        Ok(())
    }
    async fn receive(&self) -> Result<bool, String> {
        Ok(false)
    }
}

// The same select with nothing else in the loop: the timer does nothing when it fires.
async fn pointless_wait(notify: &Notify, out: &mut Vec<u32>) {
    loop {
        tokio::select! {
            _ = notify.notified() => out.push(1),
            _ = sleep(Duration::from_secs(30)) => {} // want: select_timer_in_loop@warning
        }
    }
}

// A shutdown signal that leaves the loop when it says so is no restarter: the sleep between
// two polls runs to its end. Quiet.
async fn poll_until_shutdown(mut shutdown: watch::Receiver<bool>) {
    loop {
        let items = poll_upstream().await;
        println!("{}", items.len());
        tokio::select! {
            _ = shutdown.changed() => {
                if *shutdown.borrow() {
                    tracing::info!("shutting down");
                    break;
                }
            }
            _ = sleep(Duration::from_secs(60)) => println!("polling again"),
        }
    }
}

// The twin: the other branch does work of its own and goes on. The periodic report starves.
async fn report_starved(mut updates: watch::Receiver<u32>) {
    loop {
        tokio::select! {
            _ = updates.changed() => {
                if *updates.borrow() == 0 {
                    break;
                }
                apply(*updates.borrow());
            }
            _ = sleep(Duration::from_secs(60)) => println!("report"), // want: select_timer_in_loop@warning
        }
    }
}

// A per-batch timeout: the result receiver is made in this iteration (polled by value, it
// must be), so the timer is made anew with the operation it bounds. Quiet, even with another
// branch that goes on.
async fn per_batch_result(mut batches: mpsc::Receiver<Batch>, mut shutdown: watch::Receiver<bool>) {
    while let Some(batch) = batches.recv().await {
        let (done_tx, done_rx) = oneshot::channel();
        tokio::spawn(send_batch(batch, done_tx));
        let (ok, stopping) = tokio::select! {
            biased;
            res = done_rx => (res.unwrap_or(false), false),
            _ = shutdown.changed() => (false, true),
            _ = sleep(Duration::from_secs(10)) => {
                println!("batch timed out");
                (false, false)
            }
        };
        if stopping || !ok {
            break;
        }
    }
}

// The twin: the result comes from a channel made before the loop, an event source. The timer
// does work and goes on; every result restarts it.
async fn results_from_shared_channel(mut results: mpsc::Receiver<bool>) {
    loop {
        tokio::select! {
            Some(ok) = results.recv() => println!("{ok}"),
            _ = sleep(Duration::from_secs(10)) => println!("still waiting"), // want: select_timer_in_loop@warning
        }
    }
}

// An idle timeout: the handler leaves the loop. Activity resetting it is the point. A note.
async fn close_when_idle(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = sleep(Duration::from_secs(60)) => break, // want: select_timer_in_loop@note
        }
    }
}

// A lease: each read gets its own timeout, restarted only when the read completes; the other
// branch is a cancellation. A note.
async fn read_with_lease(mut rx: mpsc::Receiver<Vec<u8>>, token: tokio_util::sync::CancellationToken) -> Result<(), String> {
    loop {
        tokio::select! {
            res = tokio::time::timeout(Duration::from_secs(10), rx.recv()) => { // want: select_timer_in_loop@note
                let bytes = res.map_err(|_| "lease expired".to_string())?;
                println!("{:?}", bytes);
            }
            _ = token.cancelled() => break Ok(()),
        }
    }
}

// A cancel-injection test: the timer is meant to win and cancel the write, again and again.
// Test code: off.
#[cfg(test)]
mod tests {
    use super::*;

    async fn write_body(_n: usize) {}

    #[tokio::test]
    async fn cancel_every_5ms() {
        let mut cancels = 0;
        for n in 0..100 {
            tokio::select! {
                biased;
                _ = sleep(Duration::from_millis(5)) => cancels += 1,
                _ = write_body(n) => {}
            }
        }
        assert!(cancels > 0);
    }
}
