// A crate-private helper whose select! has only disabled-able branches, called only where the
// caller checked first. When the helper's own `is_empty` says which branches the check keeps
// enabled, it is quiet; when the guard is a method the rule cannot relate to the branches, a
// note; a helper also called without a guard keeps the warning.
use std::time::Duration;

use futures::stream::{FuturesUnordered, StreamExt};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

pub struct Timers {
    due: Vec<Duration>,
}

impl Timers {
    pub fn is_empty(&self) -> bool {
        self.due.is_empty()
    }

    pub async fn next_due(&mut self) -> Duration {
        let d = self.due.remove(0);
        tokio::time::sleep(d).await;
        d
    }
}

struct Orchestrator {
    tasks: JoinSet<u32>,
    timers: Timers,
}

impl Orchestrator {
    // Every call below is `if !orch.is_empty()`, and `is_empty` is both fields empty: a
    // non-empty `tasks` enables the first branch (and `join_next` then never gives `None`),
    // a non-empty `timers` the second. Quiet.
    async fn poll(&mut self) {
        tokio::select! {
            Some(res) = self.tasks.join_next(), if !self.tasks.is_empty() => {
                let _ = res;
            }
            d = self.timers.next_due(), if !self.timers.is_empty() => {
                let _ = d;
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.tasks.is_empty() && self.timers.is_empty()
    }
}

pub async fn run_orchestrator(mut commands: mpsc::Receiver<u32>) {
    let mut orch = Orchestrator { tasks: JoinSet::new(), timers: Timers { due: Vec::new() } };
    loop {
        tokio::select! {
            Some(cmd) = commands.recv() => {
                orch.tasks.spawn(async move { cmd });
            }
            _ = orch.poll(), if !orch.is_empty() => {}
            else => break,
        }
    }
}

pub async fn drain_orchestrator(mut orch: Orchestrator) {
    while !orch.is_empty() {
        orch.poll().await;
    }
}

struct Pool {
    work: FuturesUnordered<tokio::task::JoinHandle<u32>>,
    idle: mpsc::Receiver<u32>,
    open: bool,
}

impl Pool {
    // The guard is a user method the rule does not relate to these branches. A note.
    async fn step(&mut self) -> Option<u32> {
        tokio::select! { // want: select_all_disabled@note
            Some(r) = self.work.next(), if !self.work.is_empty() => r.ok(),
            Some(v) = self.idle.recv(), if self.open => Some(v),
        }
    }

    fn has_work(&self) -> bool {
        self.open || !self.work.is_empty()
    }
}

pub async fn run_pool(mut pool: Pool) {
    loop {
        if pool.has_work() {
            let _ = pool.step().await;
        } else {
            break;
        }
    }
}

struct Queue {
    tasks: JoinSet<u32>,
    timers: Timers,
}

impl Queue {
    // The harmful twin: the same helper, called once without a guard. A warning.
    async fn poll_once(&mut self) {
        tokio::select! { // want: select_all_disabled
            Some(res) = self.tasks.join_next(), if !self.tasks.is_empty() => {
                let _ = res;
            }
            d = self.timers.next_due(), if !self.timers.is_empty() => {
                let _ = d;
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.tasks.is_empty() && self.timers.is_empty()
    }
}

pub async fn run_queue(mut q: Queue) {
    if !q.is_empty() {
        q.poll_once().await;
    }
    q.poll_once().await;
}

pub struct Exported {
    tasks: JoinSet<u32>,
    timers: Timers,
}

impl Exported {
    // Public: other crates may call it without the check. A warning, whatever this crate does.
    pub async fn poll(&mut self) {
        tokio::select! { // want: select_all_disabled
            Some(res) = self.tasks.join_next(), if !self.tasks.is_empty() => {
                let _ = res;
            }
            d = self.timers.next_due(), if !self.timers.is_empty() => {
                let _ = d;
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty() && self.timers.is_empty()
    }
}

pub async fn drain_exported(mut e: Exported) {
    while !e.is_empty() {
        e.poll().await;
    }
}
