// A JoinSet's `join_next()` (and a FuturesUnordered's `next()`) returns `None` only when the
// set is empty: a loop that runs the select! only while the set has an element keeps that
// branch enabled.
use futures::stream::{FuturesUnordered, StreamExt};
use std::future::Future;
use std::pin::Pin;
use tokio::task::JoinSet;
use tokio::time::{sleep, Duration};

async fn log(_n: usize) {}

pub async fn drain_while_not_empty(mut set: JoinSet<()>) {
    let mut ticking = true;
    let mut tick = std::pin::pin!(sleep(Duration::from_millis(500)));
    while !set.is_empty() {
        tokio::select! {
            Some(res) = set.join_next() => {
                let _ = res;
                ticking = true;
            }
            _ = &mut tick, if ticking => {
                ticking = false;
                log(set.len()).await;
            }
        }
    }
}

pub struct Pool {
    tasks: JoinSet<u32>,
}

impl Pool {
    // The test as one operand of `&&`, and `len() > 0`.
    pub async fn drain(&mut self, mut running: bool, extra: bool) {
        while self.tasks.len() > 0 && running {
            tokio::select! {
                Some(v) = self.tasks.join_next() => running = v.is_ok(),
                _ = sleep(Duration::from_secs(1)), if extra => {}
            }
        }
    }
}

// An early `if set.is_empty() { break }`, with spawns after it.
pub async fn break_when_empty(mut set: JoinSet<u32>, on: bool) {
    loop {
        if set.is_empty() {
            break;
        }
        set.spawn(async { 1 });
        tokio::select! {
            Some(_) = set.join_next() => {}
            _ = sleep(Duration::from_secs(1)), if on => {}
        }
    }
}

pub async fn futures_unordered(on: bool) {
    let mut futs: FuturesUnordered<Pin<Box<dyn Future<Output = u32>>>> = FuturesUnordered::new();
    futs.push(Box::pin(async { 1 }));
    while !futs.is_empty() {
        tokio::select! {
            Some(_) = futs.next() => {}
            _ = sleep(Duration::from_secs(1)), if on => {}
        }
    }
}

// Harmful twin: the loop takes a task out after the test, so the set may be empty when the
// select! runs.
pub async fn joined_before_select(mut set: JoinSet<()>, on: bool) {
    while !set.is_empty() {
        let _ = set.join_next().await;
        tokio::select! { // want: select_all_disabled
            Some(_) = set.join_next() => {}
            _ = sleep(Duration::from_secs(1)), if on => {}
        }
    }
}

// Harmful twin: another set is tested.
pub async fn other_set_tested(mut set: JoinSet<()>, other: JoinSet<()>, on: bool) {
    while !other.is_empty() {
        tokio::select! { // want: select_all_disabled
            Some(_) = set.join_next() => {}
            _ = sleep(Duration::from_secs(1)), if on => {}
        }
    }
}

// Harmful twin: `||` does not make the set non-empty.
pub async fn either_condition(mut set: JoinSet<()>, on: bool, more: bool) {
    while !set.is_empty() || more {
        tokio::select! { // want: select_all_disabled
            Some(_) = set.join_next() => {}
            _ = sleep(Duration::from_secs(1)), if on => {}
        }
    }
}

// Harmful twin: a channel's `recv()` returns `None` when it is closed, however many messages
// a set holds.
pub async fn channel_not_set(mut set: JoinSet<()>, mut rx: tokio::sync::mpsc::Receiver<u32>, on: bool) {
    while !set.is_empty() {
        tokio::select! { // want: select_all_disabled
            Some(_) = rx.recv() => {}
            _ = sleep(Duration::from_secs(1)), if on => {}
        }
    }
}

// Harmful twin: the break test sits after the select!, so the first turn is not covered.
pub async fn break_after_select(mut set: JoinSet<u32>, on: bool) {
    loop {
        tokio::select! { // want: select_all_disabled
            Some(_) = set.join_next() => {}
            _ = sleep(Duration::from_secs(1)), if on => {}
        }
        if set.is_empty() {
            break;
        }
    }
}

// The branch's own precondition repeats the loop's test: it holds whenever the select! runs.
pub async fn precondition_repeats_test(mut set: JoinSet<()>, on: bool) {
    while !set.is_empty() {
        tokio::select! {
            Some(_) = set.join_next(), if !set.is_empty() => {}
            _ = sleep(Duration::from_secs(1)), if on => {}
        }
    }
}

// Harmful twin: the precondition tests another set than the loop.
pub async fn precondition_other_set(mut set: JoinSet<()>, other: JoinSet<()>, on: bool) {
    while !set.is_empty() {
        tokio::select! { // want: select_all_disabled
            Some(_) = set.join_next(), if !other.is_empty() => {}
            _ = sleep(Duration::from_secs(1)), if on => {}
        }
    }
}

// "Exit when idle": the timer exists exactly while the set is empty, and `join_next()` gives
// `None` only then. One of the two is always enabled.
pub async fn exit_when_idle(listener: tokio::net::TcpListener, ttl: std::time::Duration) {
    let mut clients = tokio::task::JoinSet::new();
    loop {
        let idle = futures::future::OptionFuture::from(clients.is_empty().then_some(tokio::time::sleep(ttl)));
        tokio::select! {
            Ok((stream, _)) = listener.accept() => {
                clients.spawn(async move { drop(stream) });
            }
            Some(done) = clients.join_next() => drop(done),
            Some(()) = idle => break,
        }
    }
}

// The same written inline, with an `if`.
pub async fn exit_when_idle_inline(listener: tokio::net::TcpListener, ttl: std::time::Duration) {
    let mut clients = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            Ok((stream, _)) = listener.accept() => {
                clients.spawn(async move { drop(stream) });
            }
            Some(done) = clients.join_next() => drop(done),
            Some(()) = futures::future::OptionFuture::from(if clients.is_empty() { Some(tokio::time::sleep(ttl)) } else { None }) => break,
        }
    }
}

// Twin: the timer exists while ANOTHER set is empty, so both can be off together.
pub async fn exit_when_other_idle(listener: tokio::net::TcpListener, ttl: std::time::Duration, others: tokio::task::JoinSet<()>) {
    let mut clients = tokio::task::JoinSet::new();
    loop {
        let idle = futures::future::OptionFuture::from(others.is_empty().then_some(tokio::time::sleep(ttl)));
        tokio::select! { // want: select_all_disabled
            Ok((stream, _)) = listener.accept() => {
                clients.spawn(async move { drop(stream) });
            }
            Some(done) = clients.join_next() => drop(done),
            Some(()) = idle => break,
        }
    }
}
