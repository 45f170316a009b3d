// futures::select! has no refutable patterns, but panics when every future it polls has
// terminated and there is no `complete` branch.
use futures::channel::mpsc;
use futures::future::{self, Fuse, FusedFuture};
use futures::{select, select_biased, FutureExt, StreamExt};
use std::pin::Pin;

async fn work() -> u32 {
    1
}

// Two fused futures made before the loop: each completes once and stays terminated.
pub async fn two_futures() {
    let mut a = work().boxed().fuse();
    let mut b = work().boxed().fuse();
    let mut total = 0;
    loop {
        select! { // want: select_all_disabled
            x = a => total += x,
            y = b => total += y,
        }
    }
}

pub async fn two_futures_complete() -> u32 {
    let mut a = work().boxed().fuse();
    let mut b = work().boxed().fuse();
    let mut total = 0;
    loop {
        select! {
            x = a => total += x,
            y = b => total += y,
            complete => break,
        }
    }
    total
}

// `default` runs when nothing is ready, not when everything has terminated.
pub async fn two_futures_default() {
    let mut a = work().boxed().fuse();
    let mut b = work().boxed().fuse();
    loop {
        futures::select! { // want: select_all_disabled
            x = a => drop(x),
            y = b => drop(y),
            default => {}
        }
    }
}

// `select_next_some()` never hands the end of the stream to its handler.
pub async fn two_streams(mut r1: mpsc::Receiver<u32>, mut r2: mpsc::Receiver<u32>) {
    loop {
        select_biased! { // want: select_all_disabled
            x = r1.select_next_some() => drop(x),
            y = r2.select_next_some() => drop(y),
        }
    }
}

// `next()` hands `None` to the handler, which leaves the loop.
pub async fn next_breaks(mut r1: mpsc::Receiver<u32>, mut r2: mpsc::Receiver<u32>) {
    loop {
        select! {
            x = r1.next() => match x {
                Some(x) => drop(x),
                None => break,
            },
            y = r2.select_next_some() => drop(y),
        }
    }
}

// A future made in the branch is new on every turn and never terminated.
pub async fn fresh_future(mut r1: mpsc::Receiver<u32>) {
    loop {
        select! {
            x = r1.select_next_some() => drop(x),
            _ = futures_timer::Delay::new(std::time::Duration::from_secs(1)).fuse() => {}
        }
    }
}

// A future bound in the loop body is new on every turn too.
pub async fn fresh_let(mut r1: mpsc::Receiver<u32>) {
    loop {
        let mut tick = work().boxed().fuse();
        select! {
            x = r1.select_next_some() => drop(x),
            _ = tick => {}
        }
    }
}

// A pinned future re-armed with `set` after it completed is not terminated either.
pub async fn rearmed(mut r1: mpsc::Receiver<u32>, mut timer: Pin<&mut Fuse<future::Ready<u32>>>) {
    loop {
        select! {
            x = r1.select_next_some() => drop(x),
            _ = timer.as_mut() => timer.set(future::ready(2).fuse()),
        }
    }
}

// A named future whose handler leaves the loop never gets polled terminated.
pub async fn stop_leaves(mut r1: mpsc::Receiver<u32>, mut stop: impl FusedFuture<Output = ()> + Unpin) {
    loop {
        select! {
            x = r1.select_next_some() => drop(x),
            _ = stop => break,
        }
    }
}

// Outside a loop the futures are seldom terminated before the select! runs.
pub async fn once(mut r1: mpsc::Receiver<u32>, mut r2: mpsc::Receiver<u32>) {
    select! {
        x = r1.select_next_some() => drop(x),
        y = r2.select_next_some() => drop(y),
    }
}

// A pinned future polled through `as_mut()` and never re-armed stays terminated.
pub async fn pinned_once(mut r1: mpsc::Receiver<u32>, mut timer: Pin<&mut Fuse<future::Ready<u32>>>) {
    loop {
        select! { // want: select_all_disabled
            x = r1.select_next_some() => drop(x),
            _ = timer.as_mut() => {}
        }
    }
}

// A state machine that takes the future out of its state on every turn: the future in the
// `Ingesting` arm is whatever the state holds then, put back only when the other branch won.
// Not a future the loop polls again after it completed.
enum Step {
    Idle,
    Ingesting(Pin<Box<Fuse<future::Ready<u32>>>>),
}

pub async fn take_from_state(mut results: mpsc::Receiver<u32>) {
    let mut step = Step::Idle;
    loop {
        step = match step {
            Step::Ingesting(mut ingest) => {
                select_biased! {
                    _ = ingest => Step::Idle,
                    r = results.next() => {
                        drop(r);
                        Step::Ingesting(ingest)
                    }
                }
            }
            Step::Idle => Step::Ingesting(Box::pin(future::ready(1).fuse())),
        };
    }
}

// Its twin keeps one future outside the state and polls it on every turn.
pub async fn keep_outside_state(mut results: mpsc::Receiver<u32>) {
    let mut ingest = Box::pin(future::ready(1).fuse());
    loop {
        if let Some(_) = Some(()) {
            select_biased! { // want: select_all_disabled
                _ = ingest => {}
                r = results.next() => drop(r),
            }
        }
    }
}
