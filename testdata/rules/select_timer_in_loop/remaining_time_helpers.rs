// A sleep whose length a fn of this file computes from the clock (the time left until a
// stored deadline) is a deadline: re-created on every turn, it still fires when the deadline
// comes. A fn that returns a fixed period is not: the harmful twin restarts on every message.
use std::collections::BinaryHeap;
use std::cmp::Reverse;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::Instant;

pub struct Scheduler {
    deadlines: BinaryHeap<Reverse<Instant>>,
    period_ms: u64,
    inbox: mpsc::Receiver<Instant>,
}

impl Scheduler {
    fn time_left(deadlines: &BinaryHeap<Reverse<Instant>>) -> Duration {
        deadlines
            .peek()
            .map_or(Duration::MAX, |Reverse(at)| at.saturating_duration_since(Instant::now()))
    }

    fn period(&self) -> Duration {
        Duration::from_millis(self.period_ms)
    }

    pub async fn run(&mut self) {
        loop {
            tokio::select! {
                Some(at) = self.inbox.recv() => self.deadlines.push(Reverse(at)),
                _ = tokio::time::sleep(Self::time_left(&self.deadlines)) => {
                    self.deadlines.pop();
                }
            }
        }
    }

    pub async fn run_periodic(&mut self) {
        loop {
            tokio::select! {
                Some(at) = self.inbox.recv() => self.deadlines.push(Reverse(at)),
                _ = tokio::time::sleep(self.period()) => { // want: select_timer_in_loop
                    self.deadlines.clear();
                }
            }
        }
    }
}

// The time left computed by a method of a local value (an uploader that remembers its last
// attempt): `sleep(uploader.wait())` aims at the same moment on every turn.
pub struct Uploader {
    last: Instant,
}

impl Uploader {
    fn wait(&self) -> Duration {
        Duration::from_secs(30).saturating_sub(Instant::now() - self.last)
    }
}

pub async fn upload_loop(mut rx: mpsc::Receiver<usize>) {
    let mut uploader = Uploader { last: Instant::now() };
    loop {
        tokio::select! {
            Some(n) = rx.recv() => println!("{n} bytes"),
            _ = tokio::time::sleep(uploader.wait()) => {
                uploader.last = Instant::now();
            }
        }
    }
}

// The time left kept in a field: each turn a method of the owner takes the time elapsed
// since the wait began off it, so the sleep re-created on it ends when the wait would have.
// The twin's method resets the field to a fixed period, so every message restarts it.
pub struct Wait {
    left: Duration,
    since: std::time::Instant,
}

impl Wait {
    fn refresh(&mut self) {
        let gone = self.since.elapsed();
        self.left = self.left.saturating_sub(gone);
        self.since = std::time::Instant::now();
    }

    fn rearm(&mut self) {
        self.left = Duration::from_secs(30);
    }
}

pub async fn wait_left(mut rx: mpsc::Receiver<u32>) {
    let mut w = Wait { left: Duration::from_secs(30), since: std::time::Instant::now() };
    loop {
        w.refresh();
        tokio::select! {
            Some(n) = rx.recv() => println!("{n}"),
            _ = tokio::time::sleep(w.left) => {
                println!("flush");
                w.left = Duration::from_secs(30);
            }
        }
    }
}

pub async fn wait_rearmed(mut rx: mpsc::Receiver<u32>) {
    let mut w = Wait { left: Duration::from_secs(30), since: std::time::Instant::now() };
    loop {
        w.rearm();
        tokio::select! {
            Some(n) = rx.recv() => println!("{n}"),
            _ = tokio::time::sleep(w.left) => { // want: select_timer_in_loop
                println!("flush");
            }
        }
    }
}

// The time left bound by a `let .. else` that leaves once the deadline has passed: the
// unwrapped value is still the time left to the stored deadline, so a new sleep on every turn
// fires when the deadline comes.
fn left_until(deadline: std::time::SystemTime) -> Option<Duration> {
    deadline.duration_since(std::time::SystemTime::now()).ok().filter(|d| !d.is_zero())
}

fn configured(timeout_ms: Option<u64>) -> Option<Duration> {
    timeout_ms.map(Duration::from_millis)
}

pub async fn relay_until(deadline: std::time::SystemTime, mut chunks: mpsc::Receiver<Vec<u8>>) {
    loop {
        let Some(left) = left_until(deadline) else {
            return;
        };
        tokio::select! {
            _ = tokio::time::sleep(left) => return,
            Some(c) = chunks.recv() => drop(c),
        }
    }
}

// Twin: a configured length unwrapped the same way is a fixed period, which every chunk
// restarts.
pub async fn relay_idle(timeout_ms: Option<u64>, mut chunks: mpsc::Receiver<Vec<u8>>) {
    loop {
        let Some(idle) = configured(timeout_ms) else {
            return;
        };
        tokio::select! {
            _ = tokio::time::sleep(idle) => return, // want: select_timer_in_loop
            Some(c) = chunks.recv() => drop(c),
        }
    }
}
