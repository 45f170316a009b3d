// `, if cond` disables a branch whenever cond is false.
use tokio::sync::mpsc;
use tokio::time::{interval, Interval};

async fn handle(_v: u32) {}

// Neither interval configured: both preconditions are false, and the first turn panics.
pub async fn optional_timers(mut a: Option<Interval>, mut b: Option<Interval>, a_on: bool, b_on: bool) {
    let mut ta = interval(std::time::Duration::from_secs(1));
    let mut tb = interval(std::time::Duration::from_secs(2));
    loop {
        tokio::select! { // want: select_all_disabled
            _ = ta.tick(), if a_on => drop(a.take()),
            _ = tb.tick(), if b_on => drop(b.take()),
        }
    }
}

// The loop condition keeps one of them true whenever the select! runs.
pub async fn guarded_by_while(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    let mut a_open = true;
    let mut b_open = true;
    while a_open || b_open {
        tokio::select! {
            v = a.recv(), if a_open => match v {
                Some(v) => handle(v).await,
                None => a_open = false,
            },
            v = b.recv(), if b_open => match v {
                Some(v) => handle(v).await,
                None => b_open = false,
            },
        }
    }
}

// So does an `if .. { break }` in the loop body.
pub async fn guarded_by_break(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    let mut a_open = true;
    let mut b_open = true;
    loop {
        if !a_open && !b_open {
            break;
        }
        tokio::select! {
            v = a.recv(), if a_open => if let Some(v) = v { handle(v).await } else { a_open = false },
            v = b.recv(), if b_open => if let Some(v) = v { handle(v).await } else { b_open = false },
        }
    }
}

// A refutable pattern is not saved by the guard: `Some(..)` still fails on a closed channel.
pub async fn guard_and_pattern(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    let mut a_open = true;
    while a_open {
        tokio::select! { // want: select_all_disabled
            Some(v) = a.recv(), if a_open => handle(v).await,
            Some(v) = b.recv() => {
                a_open = v != 0;
            }
        }
    }
}

// `if true` disables nothing.
pub async fn always_on(mut a: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            v = a.recv(), if true => match v {
                Some(v) => handle(v).await,
                None => break,
            },
        }
    }
}

// A precondition on the only other branch: once `done`, a closed channel panics.
pub async fn work_then_channel(mut a: mpsc::Receiver<u32>) {
    let mut done = false;
    let mut work = Box::pin(async { 1u32 });
    loop {
        tokio::select! { // want: select_all_disabled
            v = &mut work, if !done => {
                done = true;
                handle(v).await;
            }
            Some(v) = a.recv() => handle(v).await,
        }
    }
}

// Two branches whose preconditions are each other's negation: one of them is enabled on
// every turn, whatever the third does.
pub async fn linger_or_read(mut rx: mpsc::Receiver<u32>, mut other: mpsc::Receiver<u32>, mut lingering: bool, idle: Option<u32>) {
    let mut closed = false;
    loop {
        tokio::select! {
            v = rx.recv(), if !lingering => match v {
                Some(v) => handle(v).await,
                None => lingering = true,
            },
            Some(v) = other.recv(), if !closed => handle(v).await,
            _ = tokio::time::sleep(std::time::Duration::from_secs(1)), if lingering => return,
        }
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_millis(5)), if idle.is_some() => {}
            v = rx.recv(), if idle.is_none() => closed = v.is_none(),
        }
    }
}

// Its twin: the second precondition tests another flag, so both can be false together.
pub async fn linger_or_read_two_flags(mut rx: mpsc::Receiver<u32>, mut lingering: bool, mut draining: bool) {
    loop {
        tokio::select! { // want: select_all_disabled
            v = rx.recv(), if !lingering => match v {
                Some(v) => handle(v).await,
                None => lingering = true,
            },
            _ = tokio::time::sleep(std::time::Duration::from_secs(1)), if draining => draining = false,
        }
    }
}

// A branch whose pattern can fail is disabled by its value too, whatever its precondition:
// `Some(v) = rx.recv(), if !lingering` is off once rx is closed, and then only `lingering`
// keeps the other on.
pub async fn refutable_with_complement(mut rx: mpsc::Receiver<u32>, lingering: bool) {
    loop {
        tokio::select! { // want: select_all_disabled
            Some(v) = rx.recv(), if !lingering => handle(v).await,
            Some(v) = rx.recv(), if lingering => handle(v).await,
        }
    }
}
