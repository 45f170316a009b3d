// tokio::select! in loops: every branch refutable and no `else` panics once all fail at once.
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::sleep;
use tokio_util::sync::CancellationToken;

enum Msg {
    Data(Vec<u8>),
    Stop,
}

struct Pair(u32, u32);

async fn handle(_v: u32) {}

// Both channels closed: both `recv()` return `None` at once, and the select! panics.
pub async fn two_channels(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    loop {
        tokio::select! { // want: select_all_disabled
            Some(v) = a.recv() => handle(v).await,
            Some(v) = b.recv() => handle(v).await,
        }
    }
}

// The same with `else => break`: the loop ends when both are closed.
pub async fn two_channels_else(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = a.recv() => handle(v).await,
            Some(v) = b.recv() => handle(v).await,
            else => break,
        }
    }
}

// A cancellation branch with `_` can never be disabled.
pub async fn with_token(token: CancellationToken, mut a: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            _ = token.cancelled() => break,
            Some(v) = a.recv() => handle(v).await,
        }
    }
}

// A timer with `_` cannot be disabled either: the loop waits, it does not panic.
pub async fn with_timer(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = a.recv() => handle(v).await,
            Some(v) = b.recv() => handle(v).await,
            _ = sleep(Duration::from_secs(1)) => {}
        }
    }
}

// `biased;` changes the order, not what happens when every branch is disabled.
pub async fn biased_channels(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    loop {
        tokio::select! { // want: select_all_disabled
            biased;
            Some(v) = a.recv() => handle(v).await,
            Some(v) = b.recv() => handle(v).await,
        }
    }
}

pub async fn biased_with_binding(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            biased;
            Some(v) = a.recv() => handle(v).await,
            v = b.recv() => match v {
                Some(v) => handle(v).await,
                None => break,
            },
        }
    }
}

// `Ok(..)` fails on an error, `Err(..)` on success.
pub async fn results(mut changes: watch::Receiver<u32>, mut done: oneshot::Receiver<()>) {
    loop {
        tokio::select! { // want: select_all_disabled
            Ok(()) = changes.changed() => handle(*changes.borrow()).await,
            Err(_) = &mut done => {}
        }
    }
}

// An enum variant through its type's path is refutable; a tuple struct is not.
pub async fn variants(mut a: mpsc::Receiver<Msg>, mut b: mpsc::Receiver<Msg>) {
    loop {
        tokio::select! { // want: select_all_disabled
            Some(Msg::Data(d)) = a.recv() => drop(d),
            Some(Msg::Stop) = b.recv() => break,
        }
    }
}

pub async fn tuple_struct(mut a: mpsc::Receiver<u32>, next_pair: impl Fn() -> oneshot::Receiver<Pair>) {
    loop {
        tokio::select! {
            Some(v) = a.recv() => handle(v).await,
            Ok(Pair(x, _)) = next_pair() => handle(x).await,
            (x, y) = async { (1u32, 2u32) } => handle(x + y).await,
        }
    }
}

// Or-patterns: `Ok(v) | Err(v)` always matches; `Some(1) | Some(2)` does not.
pub async fn or_patterns(mut a: mpsc::Receiver<u32>, both: oneshot::Receiver<u32>) {
    let mut both = both;
    loop {
        tokio::select! {
            Some(v) = a.recv() => handle(v).await,
            Ok(v) | Err(v) = async { (&mut both).await.map_err(|_| 0u32) } => handle(v).await,
        }
    }
}

pub async fn or_refutable(mut a: mpsc::Receiver<u32>) {
    loop {
        tokio::select! { // want: select_all_disabled
            Some(1) | Some(2) = a.recv() => {}
        }
    }
}

// `while` and `for` loops run the select! again just the same.
pub async fn while_flag(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>, running: &bool) {
    while *running {
        tokio::select! { // want: select_all_disabled
            Some(v) = a.recv() => handle(v).await,
            Some(v) = b.recv() => handle(v).await,
        }
    }
}

pub async fn for_rounds(mut a: mpsc::Receiver<u32>) {
    for _ in 0..10 {
        tokio::select! { // want: select_all_disabled
            Some(v) = a.recv() => handle(v).await,
        }
    }
}

// In a `while let` condition, `else => break` is not allowed: `else => None` ends it.
pub async fn while_let(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    while let Some(v) = tokio::select! { // want: select_all_disabled
        Some(v) = a.recv() => Some(v),
        Some(v) = b.recv() => Some(v + 1),
    } {
        handle(v).await;
    }
}

pub async fn while_let_else(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    while let Some(v) = tokio::select! {
        Some(v) = a.recv() => Some(v),
        Some(v) = b.recv() => Some(v + 1),
        else => None,
    } {
        handle(v).await;
    }
}

// `Some(_)` and a literal are refutable; `mut x`, `&x`, `ref x` and `x @ _` are not.
pub async fn bindings(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(_) = a.recv() => {}
            mut v = b.recv() => v = v.take(),
        }
    }
}

pub async fn literal(mut ready: watch::Receiver<bool>, mut a: mpsc::Receiver<u32>) {
    loop {
        tokio::select! { // want: select_all_disabled
            true = async { ready.changed().await.is_ok() } => {}
            Some(v) = a.recv() => handle(v).await,
        }
    }
}

// The struct holds a sender of its own receiver's channel: `recv()` cannot return `None`
// while `step` borrows self, so that branch is never disabled.
pub struct Invoker {
    tasks_tx: mpsc::UnboundedSender<u32>,
    tasks_rx: mpsc::UnboundedReceiver<u32>,
    other_rx: mpsc::Receiver<u32>,
}

impl Invoker {
    pub async fn step(&mut self) {
        loop {
            tokio::select! {
                Some(v) = self.tasks_rx.recv() => handle(v).await,
                Some(v) = self.other_rx.recv() => handle(v).await,
            }
        }
    }

    // The twin: a sender of another item type does not keep `other_rx` open.
    pub async fn step_other(&mut self, mut extra: mpsc::Receiver<u32>) {
        loop {
            tokio::select! { // want: select_all_disabled
                Some(v) = self.other_rx.recv() => handle(v).await,
                Some(v) = extra.recv() => handle(v).await,
            }
        }
    }
}

// A state object that borrows its core for the whole loop: the core holds a sender of
// `compaction_rx`'s channel, so that branch stays enabled while the loop runs.
pub struct Core<N> {
    net: N,
    compaction_tx: mpsc::Sender<u32>,
    compaction_rx: mpsc::Receiver<u32>,
    api_rx: mpsc::Receiver<u32>,
    shutdown_rx: oneshot::Receiver<()>,
}

pub struct Follower<'a, N> {
    core: &'a mut Core<N>,
}

impl<'a, N> Follower<'a, N> {
    pub async fn run(self) {
        loop {
            tokio::select! {
                Some(v) = self.core.api_rx.recv() => handle(v).await,
                Some(v) = self.core.compaction_rx.recv() => handle(v).await,
                Ok(_) = &mut self.core.shutdown_rx => return,
            }
        }
    }
}

// The twin: the borrowed core keeps no sender of its receivers' channels; both can close.
pub struct Bare {
    api_rx: mpsc::Receiver<u32>,
    events_rx: mpsc::Receiver<u32>,
    events_tx: mpsc::Sender<u64>,
}

pub struct Learner<'a> {
    core: &'a mut Bare,
}

impl<'a> Learner<'a> {
    pub async fn run(self) {
        loop {
            tokio::select! { // want: select_all_disabled
                Some(v) = self.core.api_rx.recv() => handle(v).await,
                Some(v) = self.core.events_rx.recv() => handle(v).await,
            }
        }
    }
}
