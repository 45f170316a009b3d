// A deferred action armed by a flag: the timer's branch runs only while `self.pending` is
// set, and its handler clears it. Events set the flag and restart the wait: the action
// fires after a quiet period (a debounce), which is what is meant. A note that says so.
// The twin's timer is not armed by what it clears: periodic work that events starve.
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::sleep;

pub struct Volume {
    pending: bool,
    level: u8,
}

impl Volume {
    async fn publish(&self) {}

    pub async fn run(&mut self, mut rx: mpsc::Receiver<u8>) {
        loop {
            tokio::select! {
                Some(level) = rx.recv() => {
                    self.level = level;
                    self.pending = true;
                }
                _ = sleep(Duration::from_millis(500)), if self.pending => { // want: select_timer_in_loop@note
                    self.pending = false;
                    self.publish().await;
                }
            }
        }
    }

    pub async fn run_periodic(&mut self, mut rx: mpsc::Receiver<u8>, enabled: bool) {
        loop {
            tokio::select! {
                Some(level) = rx.recv() => {
                    self.level = level;
                }
                _ = sleep(Duration::from_secs(5)), if enabled => { // want: select_timer_in_loop@warning
                    self.publish().await;
                }
            }
        }
    }
}
