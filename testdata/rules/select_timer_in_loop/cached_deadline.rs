// A deadline that a method computes once and keeps in a field: `sleep_until` re-created on it
// each turn does not move, so a busy branch cannot starve it. A method that computes a fresh
// deadline on every call moves it on each turn.
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{sleep_until, Instant};

pub struct Node {
    next_election: Option<Instant>,
    next_flush: Option<Instant>,
    last_flush: Option<Instant>,
    timeout_ms: u64,
    rx: mpsc::Receiver<u32>,
}

impl Node {
    // Kept: made when unset, handed back while set; a heartbeat clears it on purpose.
    fn election_deadline(&mut self) -> Instant {
        match self.next_election {
            Some(at) => at,
            None => {
                let at = Instant::now() + Duration::from_millis(self.timeout_ms);
                self.next_election = Some(at);
                at
            }
        }
    }

    // Kept, with `get_or_insert_with`.
    fn flush_deadline(&mut self) -> Instant {
        let ms = self.timeout_ms;
        *self
            .next_flush
            .get_or_insert_with(|| Instant::now() + Duration::from_millis(ms))
    }

    // Not kept: the field is written, never read first, so each call moves the deadline.
    fn fresh_deadline(&mut self) -> Instant {
        let at = Instant::now() + Duration::from_millis(self.timeout_ms);
        self.last_flush = Some(at);
        at
    }

    pub async fn follow(&mut self) {
        loop {
            let timeout = sleep_until(self.election_deadline());
            tokio::select! {
                _ = timeout => self.start_election(),
                Some(v) = self.rx.recv() => self.on_heartbeat(v),
            }
        }
    }

    pub async fn batch(&mut self) {
        loop {
            tokio::select! {
                _ = sleep_until(self.flush_deadline()) => self.flush(),
                Some(v) = self.rx.recv() => self.on_heartbeat(v),
            }
        }
    }

    pub async fn batch_fresh(&mut self) {
        loop {
            tokio::select! {
                _ = sleep_until(self.fresh_deadline()) => self.flush(), // want: select_timer_in_loop@warning
                Some(v) = self.rx.recv() => self.on_heartbeat(v),
            }
        }
    }

    fn start_election(&mut self) {
        self.next_election = None;
    }

    fn on_heartbeat(&mut self, _v: u32) {
        self.next_election = None;
    }

    fn flush(&mut self) {
        self.next_flush = None;
    }
}
