// A timeout that leaves the loop is an idle timeout when the other branches are activity;
// when they only look for a result and go round again, it is a deadline for the whole wait,
// and each unsuccessful look restarts it.
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::sleep;

pub struct Client;

impl Client {
    async fn fast_receipt(&self, _tx: u64) -> Option<u64> {
        None
    }
    async fn final_receipt(&self, _tx: u64) -> Option<u64> {
        None
    }

    // The bug: two lookups raced against the deadline, each `None` goes round again.
    pub async fn wait_receipt(&self, tx: u64, limit: Duration) -> Result<u64, ()> {
        loop {
            tokio::select! {
                r = self.fast_receipt(tx) => {
                    if let Some(r) = r {
                        return Ok(r);
                    }
                    continue;
                }
                r = self.final_receipt(tx) => match r {
                    Some(r) => return Ok(r),
                    None => {}
                },
                _ = sleep(limit) => return Err(()), // want: select_timer_in_loop@warning
            }
        }
    }
}

// An idle timeout: the other branch handles each message (activity), so restarting the
// timer is what is meant. Note.
pub async fn serve_until_idle(mut rx: mpsc::Receiver<u64>, log: &mut Vec<u64>) {
    loop {
        tokio::select! {
            m = rx.recv() => match m {
                Some(m) => log.push(m),
                None => return,
            },
            _ = sleep(Duration::from_secs(30)) => return, // want: select_timer_in_loop@note
        }
    }
}

// A reset signal whose value is not looked at: a deliberate restart. Note.
pub async fn debounce(mut kick: mpsc::Receiver<()>) {
    loop {
        tokio::select! {
            _ = kick.recv() => continue,
            _ = sleep(Duration::from_millis(500)) => return, // want: select_timer_in_loop@note
        }
    }
}

// An idle shutdown restarted by a periodic flush tick: the tick fires every 100 ms whatever
// happens, so a 30 s idle timer never fires.
pub async fn host(mut rx: mpsc::Receiver<u64>, log: &mut Vec<u64>) {
    let mut flush_every = tokio::time::interval(Duration::from_millis(100));
    loop {
        tokio::select! {
            Some(m) = rx.recv() => log.push(m),
            _ = flush_every.tick() => log.clear(),
            _ = sleep(Duration::from_secs(30)) => return, // want: select_timer_in_loop@warning
        }
    }
}
