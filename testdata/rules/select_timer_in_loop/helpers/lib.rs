// A crate whose select! branches call its own fns, declared in other files (timers.rs,
// conn.rs), that make a new timer on every call.
mod conn;
mod timers;

use tokio::sync::{mpsc, Notify};

use crate::conn::Reader;
use crate::timers::{nap, pause, remaining, Flusher, Heartbeat, Lease, Ticker};

fn send_ping() {}

// The heartbeat never fires while messages keep coming.
pub async fn heartbeat(hb: Heartbeat, mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = hb.tick() => send_ping(), // want: select_timer_in_loop
        }
    }
}

pub async fn awaited(hb: &Heartbeat, mut rx: mpsc::Receiver<u32>) {
    let mut count = 0;
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = hb.wait() => send_ping(), // want: select_timer_in_loop
        }
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = hb.beat(&mut count) => send_ping(), // want: select_timer_in_loop
        }
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = hb.next_deadline() => send_ping(), // want: select_timer_in_loop
        }
    }
}

// The shim handed the time left to a stored deadline: a new sleep each turn still ends when
// the deadline comes. Its twin hands it a fixed period, which every message restarts.
pub async fn maintenance(mut rx: mpsc::Receiver<u32>, next_due: Option<tokio::time::Instant>) {
    loop {
        let until_due = next_due.map_or(std::time::Duration::from_secs(3600), |due| {
            due.saturating_duration_since(tokio::time::Instant::now())
        });
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = nap(until_due) => send_ping(),
        }
    }
}

pub async fn maintenance_period(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = nap(std::time::Duration::from_secs(30)) => send_ping(), // want: select_timer_in_loop
        }
    }
}

pub async fn retries(mut rx: mpsc::Receiver<u32>) {
    let mut attempt = 0;
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = pause(attempt) => { attempt += 1; send_ping(); } // want: select_timer_in_loop
        }
    }
}

// The keep-alive timeout of the reader restarts whenever an outgoing message is sent.
pub async fn keepalive(mut reader: Reader, mut out: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            frame = reader.next_frame() => { // want: select_timer_in_loop@note
                if frame.is_none() {
                    break;
                }
            }
            Some(v) = out.recv() => println!("send {v}"),
        }
    }
}

// ---- quiet ----

// A stored timer lent out by reference, re-armed after it fired.
pub async fn flusher(mut f: Flusher, mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = f.timer() => { send_ping(); f.rearm(); }
        }
    }
}

// A deadline from a field, and the time left until a deadline.
pub async fn deadlines(lease: Lease, mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = lease.expiry() => send_ping(),
        }
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = remaining(lease.deadline) => send_ping(),
        }
    }
}

// An Interval behind a wrapper keeps its schedule.
pub async fn ticker(mut t: Ticker, mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = t.tick() => send_ping(),
        }
    }
}

// Notify or re-check every period: the work after the select runs on every branch.
pub async fn notify_or_timeout(hb: Heartbeat, notify: &Notify) {
    loop {
        tokio::select! {
            _ = notify.notified() => {}
            _ = hb.tick() => {}
        }
        send_ping();
    }
}

// Every other branch leaves the loop: the timer is made anew only after it fired.
pub async fn until_stopped(hb: Heartbeat, mut stop: mpsc::Receiver<()>) {
    loop {
        tokio::select! {
            _ = stop.recv() => break,
            _ = hb.tick() => send_ping(),
        }
    }
}

// `pulse` is declared by two types; the receiver's type is unknown here.
pub async fn generic<P: Pulse>(p: &P, mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = p.pulse() => send_ping(),
        }
    }
}

pub trait Pulse {
    async fn pulse(&self);
}

// A cancel-injection test re-creates the timer on purpose.
#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn cancel_injection() {
        let hb = Heartbeat { period: std::time::Duration::from_millis(1) };
        let (_tx, mut rx) = mpsc::channel::<u32>(1);
        for _ in 0..10 {
            tokio::select! {
                Some(v) = rx.recv() => println!("{v}"),
                _ = hb.tick() => send_ping(),
            }
        }
    }
}
