// sleep_until / timeout_at restart only when the deadline moves: a deadline computed from the
// clock inside the loop does, one made before the loop (or kept in a field) does not.
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{self, sleep, sleep_until, timeout_at, Instant};

// A deadline from the clock in the loop moves on every message. Left by `break`: an idle
// timeout (a note); doing periodic work and going on: starved (a warning).
async fn deadline_from_now(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = sleep_until(Instant::now() + Duration::from_secs(5)) => break, // want: select_timer_in_loop@note
        }
    }
}

async fn deadline_let_in_loop(mut rx: mpsc::Receiver<u32>) {
    loop {
        let deadline = Instant::now() + Duration::from_secs(5);
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = time::sleep_until(deadline) => break, // want: select_timer_in_loop@note
        }
    }
}

async fn deadline_through_two_lets(mut rx: mpsc::Receiver<u32>, period: Duration) {
    while !rx.is_closed() {
        let now = Instant::now();
        let deadline = now + period;
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = sleep_until(deadline) => println!("period over"), // want: select_timer_in_loop@warning
        }
    }
}

async fn timeout_at_from_now(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            res = timeout_at(Instant::now() + Duration::from_secs(5), rx.recv()) => match res { // want: select_timer_in_loop@note
                Ok(Some(v)) => println!("{v}"),
                _ => break,
            },
        }
    }
}

// Quiet: the deadline is made once, before the loop.
async fn deadline_before_loop(mut rx: mpsc::Receiver<u32>) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = sleep_until(deadline) => break,
        }
    }
}

// Quiet: an idle timeout done on purpose — the deadline moves only on activity.
async fn idle_deadline_reset_on_activity(mut rx: mpsc::Receiver<u32>, idle: Duration) {
    let mut deadline = Instant::now() + idle;
    loop {
        tokio::select! {
            Some(v) = rx.recv() => {
                deadline = Instant::now() + idle;
                println!("{v}");
            }
            _ = sleep_until(deadline) => break,
        }
    }
}

// Quiet: a parameter.
async fn deadline_parameter(mut rx: mpsc::Receiver<u32>, deadline: Instant) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = sleep_until(deadline) => break,
            res = timeout_at(deadline, rx.recv()) => drop(res),
        }
    }
}

struct Session {
    deadline: Instant,
    last_seen: Instant,
    idle: Duration,
    rx: mpsc::Receiver<u32>,
}

impl Session {
    // Quiet: a field, and a let in the loop that copies stable values.
    async fn run(&mut self) {
        loop {
            let idle_at = self.last_seen + self.idle;
            tokio::select! {
                Some(v) = self.rx.recv() => {
                    self.last_seen = Instant::now();
                    println!("{v}");
                }
                _ = sleep_until(self.deadline) => break,
                _ = sleep_until(idle_at) => break,
            }
        }
    }

    // Quiet: a duration computed from a fixed deadline is the deadline in disguise.
    async fn remaining(&mut self) {
        loop {
            let left = self.deadline.saturating_duration_since(Instant::now());
            tokio::select! {
                Some(v) = self.rx.recv() => println!("{v}"),
                _ = sleep(left) => break,
                _ = sleep(self.deadline - Instant::now()) => break,
                _ = sleep(self.idle.saturating_sub(self.last_seen.elapsed())) => break,
            }
        }
    }
}

// A scheduled refill kept in an Option: the deadline is stored once, and `Instant::now()` is
// only the default for the empty case, where the precondition keeps the timer unpolled.
struct Refill {
    when: Instant,
}

async fn scheduled_refill(mut rx: mpsc::Receiver<u32>) {
    let mut scheduled = Some(Refill { when: Instant::now() + Duration::from_secs(1) });
    loop {
        tokio::select! {
            _ = sleep_until(scheduled.as_ref().map_or(Instant::now(), |r| r.when)), if scheduled.is_some() => {
                scheduled = None;
                refill();
            }
            Some(v) = rx.recv() => {
                if v == 0 && scheduled.is_none() {
                    scheduled = Some(Refill { when: Instant::now() + Duration::from_secs(1) });
                }
            }
        }
    }
}

// The twin: a default that adds to the clock moves the deadline on every turn.
async fn refill_or_later(mut rx: mpsc::Receiver<u32>, next: Option<Instant>) {
    loop {
        tokio::select! {
            _ = sleep_until(next.unwrap_or(Instant::now() + Duration::from_secs(30))) => refill(), // want: select_timer_in_loop
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}

fn refill() {}

// A time-to-live computed from the wall clock (the time crate's `OffsetDateTime::now_utc()`)
// at the top of every turn: each new sleep aims at the same instant, so it does not restart.
async fn ttl_from_wall_clock(mut rx: mpsc::Receiver<u32>, ttl: Duration, started: time_crate::OffsetDateTime) {
    loop {
        let left = ttl.checked_sub(Duration::from_micros(
            (time_crate::OffsetDateTime::now_utc() - started).whole_microseconds() as u64,
        ));
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = sleep(left.unwrap_or(Duration::ZERO)) => println!("ttl over"),
        }
    }
}

// Twin: a fixed time-to-live, made again on every turn, restarts with every message.
async fn ttl_fixed(mut rx: mpsc::Receiver<u32>, ttl: Duration) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = sleep(ttl) => println!("ttl over"), // want: select_timer_in_loop@warning
        }
    }
}

mod time_crate {
    pub struct OffsetDateTime;
    impl OffsetDateTime {
        pub fn now_utc() -> Self { OffsetDateTime }
    }
    impl std::ops::Sub for OffsetDateTime {
        type Output = Span;
        fn sub(self, _o: Self) -> Span { Span }
    }
    pub struct Span;
    impl Span {
        pub fn whole_microseconds(&self) -> i128 { 0 }
    }
}

// The length is the time left until the nearest of several absolute deadlines, worked out
// in the loop from the clock (`duration_since(now)`, taken through an `if let` and assigned
// to the default): a deadline, not a period that activity restarts. Quiet.
pub async fn refresh_before_expiry(
    mut updates: std::collections::HashMap<u64, std::time::SystemTime>,
    mut new_keys: tokio::sync::mpsc::Receiver<u64>,
) {
    loop {
        let mut wait = std::time::Duration::from_secs(60);
        let now = std::time::SystemTime::now();
        for next in updates.values() {
            if let Ok(left) = next.duration_since(now) {
                if left < wait {
                    wait = left;
                }
            } else {
                wait = std::time::Duration::from_secs(1);
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(wait) => updates.clear(),
            Some(k) = new_keys.recv() => {
                updates.insert(k, std::time::SystemTime::now());
            }
        }
    }
}

// Its twin only ever assigns fixed lengths: a period that each new key restarts.
pub async fn refresh_every_minute(
    mut updates: std::collections::HashMap<u64, std::time::SystemTime>,
    mut new_keys: tokio::sync::mpsc::Receiver<u64>,
) {
    loop {
        let mut wait = std::time::Duration::from_secs(60);
        if updates.is_empty() {
            wait = std::time::Duration::from_secs(300);
        }
        tokio::select! {
            _ = tokio::time::sleep(wait) => updates.clear(), // want: select_timer_in_loop
            Some(k) = new_keys.recv() => {
                updates.insert(k, std::time::SystemTime::now());
            }
        }
    }
}

// A flush deadline kept as the time of the last flush: a helper adds the timeout to it, and
// reads the clock only when that overflows (a deadline that has passed: the timer fires at
// once). The deadline moves only when the flush time does. Quiet. Its twin's fallback adds
// to the clock, so an overflow moves the deadline on every turn.
struct FlushClock {
    flushed_at: Instant,
}

impl FlushClock {
    fn deadline(&self, period: Duration) -> Instant {
        self.flushed_at.checked_add(period).unwrap_or_else(|| {
            eprintln!("flush period out of range");
            Instant::now()
        })
    }

    fn deadline_or_later(&self, period: Duration) -> Instant {
        self.flushed_at.checked_add(period).unwrap_or_else(|| Instant::now() + Duration::from_secs(1))
    }
}

async fn flush_from_last(mut rx: mpsc::Receiver<u32>, clock: FlushClock, period: Duration) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = sleep_until(clock.deadline(period)) => {
                println!("flush");
            }
        }
    }
}

async fn flush_from_last_or_later(mut rx: mpsc::Receiver<u32>, clock: FlushClock, period: Duration) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = sleep_until(clock.deadline_or_later(period)) => { // want: select_timer_in_loop@warning
                println!("flush");
            }
        }
    }
}

// A debounce with a maximum wait: the inner loop restarts its 2 s quiet timer on every batch,
// and the select! around it races the whole wait against a 10 s timer made outside it, so
// the batch goes out within 10 s whatever the traffic. A note. The same through `timeout`.
// Its twin races the wait against a shutdown signal only: nothing bounds it, a warning.
async fn batch_with_max_wait(mut rx: mpsc::Receiver<u32>) -> Vec<u32> {
    let mut batch = Vec::new();
    tokio::select! {
        _ = async {
            loop {
                tokio::select! {
                    Some(v) = rx.recv() => batch.push(v),
                    _ = sleep(Duration::from_secs(2)) => { println!("quiet"); } // want: select_timer_in_loop@note
                }
            }
        } => {}
        _ = sleep(Duration::from_secs(10)) => {}
    }
    batch
}

async fn batch_with_timeout(mut rx: mpsc::Receiver<u32>) {
    let _ = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            tokio::select! {
                Some(v) = rx.recv() => println!("{v}"),
                _ = sleep(Duration::from_secs(2)) => { println!("quiet"); } // want: select_timer_in_loop@note
            }
        }
    })
    .await;
}

async fn batch_until_stopped(mut rx: mpsc::Receiver<u32>, mut stop: mpsc::Receiver<()>) {
    tokio::select! {
        _ = async {
            loop {
                tokio::select! {
                    Some(v) = rx.recv() => println!("{v}"),
                    _ = sleep(Duration::from_secs(2)) => { println!("quiet"); } // want: select_timer_in_loop@warning
                }
            }
        } => {}
        _ = stop.recv() => {}
    }
}
