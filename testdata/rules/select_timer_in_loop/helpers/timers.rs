// Timer helpers of the crate, used as select! branches from lib.rs.
use std::pin::Pin;
use std::time::Duration;

use tokio::time::{interval, sleep, sleep_until, Instant, Interval, Sleep};

pub struct Heartbeat {
    pub period: Duration,
}

impl Heartbeat {
    // A new sleep on every call.
    pub fn tick(&self) -> Sleep {
        sleep(self.period)
    }

    // Awaits a new sleep.
    pub async fn wait(&self) {
        sleep(self.period).await
    }

    // Two layers: awaits `wait`, which awaits the sleep, then counts.
    pub async fn beat(&self, count: &mut u64) {
        self.wait().await;
        *count += 1;
    }

    // A deadline computed from the clock on every call.
    pub fn next_deadline(&self) -> Sleep {
        sleep_until(Instant::now() + self.period)
    }
}

// A stored timer: reset and lent out, not made anew.
pub struct Flusher {
    timer: Pin<Box<Sleep>>,
    period: Duration,
}

impl Flusher {
    pub fn timer(&mut self) -> Pin<&mut Sleep> {
        self.timer.as_mut()
    }

    pub fn rearm(&mut self) {
        let at = Instant::now() + self.period;
        self.timer.as_mut().reset(at);
    }
}

// A deadline kept in a field: re-creating the timer does not move it.
pub struct Lease {
    pub deadline: Instant,
}

impl Lease {
    pub fn expiry(&self) -> Sleep {
        sleep_until(self.deadline)
    }
}

// A wrapper around an Interval: its tick keeps its schedule.
pub struct Ticker {
    inner: Interval,
}

impl Ticker {
    pub fn new(d: Duration) -> Self {
        Ticker { inner: interval(d) }
    }

    pub async fn tick(&mut self) {
        self.inner.tick().await;
    }
}

// Free fns, three layers down to the constructor.
pub fn backoff(d: Duration) -> Sleep {
    sleep(d)
}

pub fn retry_delay(attempt: u32) -> Pin<Box<Sleep>> {
    Box::pin(backoff(Duration::from_millis(100 * attempt as u64)))
}

pub async fn pause(attempt: u32) {
    retry_delay(attempt).await;
}

// The time left until a deadline: a deadline, not a restart.
pub fn remaining(deadline: Instant) -> Sleep {
    sleep(deadline.saturating_duration_since(Instant::now()))
}

// A runtime shim: sleeps for the duration it is handed. Whether a new one restarts depends
// on the caller's duration: a fixed period restarts, the time left to a stored deadline
// does not.
pub async fn nap(d: Duration) {
    sleep(d).await
}
