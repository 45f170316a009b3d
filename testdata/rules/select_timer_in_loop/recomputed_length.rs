// A timer whose length is computed from state that every branch restarting it assigns: the
// winner decides when the next timer fires (`next = None` asks for an immediate turn), so the
// restart is the design: a note. Its twins leave the length alone in a restarting branch, or
// assign a variable that the next turn declares anew: starved periodic work, a warning.
use std::time::Duration;

use tokio::sync::mpsc;

struct Stack;
impl Stack {
    fn poll(&mut self) -> Option<Duration> {
        None
    }
}

async fn drive(mut stack: Stack, mut packets: mpsc::Receiver<Vec<u8>>, mut sockets: mpsc::Receiver<u32>) {
    let mut next_poll: Option<Duration> = None;
    loop {
        tokio::select! {
            Some(_p) = packets.recv() => {
                next_poll = None;
            }
            Some(s) = sockets.recv() => {
                if s > 0 {
                    next_poll = None;
                }
            }
            _ = tokio::time::sleep(next_poll.unwrap_or(Duration::ZERO)) => { // want: select_timer_in_loop@note
                next_poll = stack.poll();
            }
        }
    }
}

struct Driver {
    wait: Duration,
}

impl Driver {
    async fn run(&mut self, mut rx: mpsc::Receiver<u32>, stack: &mut Stack) {
        loop {
            tokio::select! {
                Some(v) = rx.recv() => {
                    self.wait = Duration::from_millis(v as u64);
                }
                _ = tokio::time::sleep(self.wait) => { // want: select_timer_in_loop@note
                    self.wait = stack.poll().unwrap_or(Duration::from_secs(1));
                }
            }
        }
    }
}

// Twin: one restarting branch leaves the length alone, so it restarts the same timer.
async fn drive_partly(mut stack: Stack, mut packets: mpsc::Receiver<Vec<u8>>, mut sockets: mpsc::Receiver<u32>) {
    let mut next_poll: Option<Duration> = None;
    loop {
        tokio::select! {
            Some(_p) = packets.recv() => {
                next_poll = None;
            }
            Some(s) = sockets.recv() => {
                println!("{s}");
            }
            _ = tokio::time::sleep(next_poll.unwrap_or(Duration::ZERO)) => { // want: select_timer_in_loop@warning
                next_poll = stack.poll();
            }
        }
    }
}

// Twin: the length is declared anew on every turn, so the assignment is lost.
async fn drive_fresh(mut stack: Stack, mut packets: mpsc::Receiver<Vec<u8>>) {
    loop {
        let mut wait = Duration::from_secs(5);
        tokio::select! {
            Some(_p) = packets.recv() => {
                wait = Duration::ZERO;
                println!("{wait:?}");
            }
            _ = tokio::time::sleep(wait) => { // want: select_timer_in_loop@warning
                let _ = stack.poll();
            }
        }
    }
}

// The length assigned by destructuring, with the deadline it came from: a cleanup loop that
// asks its state for the time left until the next cleanup, in every branch. A note.
struct Cleaner {
    last: std::time::Instant,
    period: Duration,
}

impl Cleaner {
    fn next_cleanup(&self) -> (std::time::Instant, Duration) {
        let next = self.last + self.period;
        (next, next.saturating_duration_since(std::time::Instant::now()))
    }
}

async fn periodic_cleanup(mut cleaner: Cleaner, notify: std::sync::Arc<tokio::sync::Notify>) {
    let (mut next, mut left) = cleaner.next_cleanup();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(left) => { // want: select_timer_in_loop@note
                cleaner.last = std::time::Instant::now();
                (next, left) = cleaner.next_cleanup();
            }
            _ = notify.notified() => {
                (next, left) = cleaner.next_cleanup();
            }
        }
        let _ = next;
    }
}

// Twin: the branch that restarts the timer destructures into other names; the length stays.
async fn periodic_cleanup_stale(mut cleaner: Cleaner, notify: std::sync::Arc<tokio::sync::Notify>) {
    let (mut next, left) = cleaner.next_cleanup();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(left) => { // want: select_timer_in_loop@warning
                cleaner.last = std::time::Instant::now();
                (next, _) = cleaner.next_cleanup();
            }
            _ = notify.notified() => {
                (next, _) = cleaner.next_cleanup();
            }
        }
        let _ = next;
    }
}
