// Timers behind a trait object: a job loop asks a `dyn Clock` for tickers, and a ticker's
// `tick()` returns the clock's `sleep`, a fresh timer on each call (its first tick is ready
// at once). In a select! loop each turn restarts every ticker: the slow job never runs.
mod clock;

use std::sync::Arc;
use std::time::Duration;

use crate::clock::{Clock, Replay};

pub struct Jobs {
    clock: Arc<dyn Clock>,
    replay: Arc<dyn Replay>,
}

impl Jobs {
    pub async fn run(&self, mut stop: tokio::sync::watch::Receiver<bool>) {
        let mut fast = self.clock.ticker(Duration::from_secs(10));
        let mut slow = self.clock.ticker(Duration::from_secs(600));
        loop {
            tokio::select! {
                _ = stop.changed() => break,
                _ = fast.tick() => println!("fast"), // want: select_timer_in_loop
                _ = slow.tick() => println!("slow"), // want: select_timer_in_loop
            }
        }
    }

    // Two impls of the trait, and one makes no timer: which one runs is not known, so the
    // call is left alone.
    pub async fn replay(&self, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            tokio::select! {
                _ = stop.changed() => break,
                _ = self.replay.pause(Duration::from_secs(5)) => println!("replayed"),
            }
        }
    }
}
