// What the timer's handler does decides whether a restart matters: a handler that only logs,
// one that only resets state while the loop works on every turn, and one whose calls the
// loop makes on every turn anyway are notes; their twins that do the work only when the
// timer fires stay warnings.
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::sleep;

struct Drain {
    pending: Vec<u64>,
}

impl Drain {
    // "Still waiting" after 20 quiet seconds: each bit of progress postpones the line, which
    // is what it is for: a note.
    async fn drain(&mut self, mut acks: mpsc::Receiver<u64>) {
        loop {
            tokio::select! {
                Some(a) = acks.recv(), if !self.pending.is_empty() => self.pending.retain(|p| *p != a),
                _ = sleep(Duration::from_secs(20)), if !self.pending.is_empty() => { // want: select_timer_in_loop@note
                    tracing::info!("still waiting for {} acks", self.pending.len());
                }
                else => break,
            }
        }
    }

    // The same with `eprintln!` and a metric: diagnostics too.
    async fn drain_stderr(&mut self, mut acks: mpsc::Receiver<u64>) {
        loop {
            tokio::select! {
                Some(a) = acks.recv() => self.pending.retain(|p| *p != a),
                _ = sleep(Duration::from_secs(20)) => { // want: select_timer_in_loop@note
                    eprintln!("still waiting for {} acks", self.pending.len());
                    metrics::counter!("drain_stalls").increment(1);
                }
            }
        }
    }

    // Its twin: the handler logs and then does the work, which steady acks starve.
    async fn drain_and_flush(&mut self, mut acks: mpsc::Receiver<u64>) {
        loop {
            tokio::select! {
                Some(a) = acks.recv() => self.pending.retain(|p| *p != a),
                _ = sleep(Duration::from_secs(20)) => { // want: select_timer_in_loop@warning
                    tracing::info!("flushing {} acks", self.pending.len());
                    self.flush().await;
                }
            }
        }
    }

    async fn flush(&mut self) {}
}

struct Worker {
    rx: mpsc::Receiver<u64>,
    done: mpsc::Receiver<()>,
    batch: Vec<u64>,
    running: bool,
}

impl Worker {
    // The periodic check also runs after the select! on every turn that handles a request,
    // and checks the time itself: traffic does not starve it: a note.
    async fn run(&mut self) {
        while self.running {
            let wait = sleep(Duration::from_secs(1)); // want: select_timer_in_loop@note
            tokio::pin!(wait);
            tokio::select! {
                r = self.rx.recv() => match r {
                    Some(v) => self.batch.push(v),
                    None => break,
                },
                _ = &mut wait => {
                    self.periodic_tasks();
                    continue;
                }
            }
            self.handle_batch().await;
            self.periodic_tasks();
        }
    }

    // A rarer branch `continue`s past the call after the select!: the requests, the steady
    // traffic, still run it: a note (that names the branch).
    async fn run_with_wakeups(&mut self, mut flushed: tokio::sync::watch::Receiver<()>) {
        while self.running {
            let wait = sleep(Duration::from_secs(1)); // want: select_timer_in_loop@note
            tokio::pin!(wait);
            tokio::select! {
                Some(v) = self.rx.recv() => self.batch.push(v),
                r = flushed.changed() => {
                    if r.is_err() {
                        break;
                    }
                    self.handle_batch().await;
                    continue;
                }
                _ = &mut wait => {
                    self.periodic_tasks();
                    continue;
                }
            }
            self.handle_batch().await;
            self.periodic_tasks();
        }
    }

    // The same work made before the select!, on every turn: a note.
    async fn run_first(&mut self) {
        loop {
            self.periodic_tasks();
            tokio::select! {
                Some(v) = self.rx.recv() => self.batch.push(v),
                _ = sleep(Duration::from_secs(1)) => self.periodic_tasks(), // want: select_timer_in_loop@note
            }
        }
    }

    // Its twin: the periodic work is called only in the timer's branch.
    async fn run_starved(&mut self) {
        while self.running {
            tokio::select! {
                Some(v) = self.rx.recv() => self.batch.push(v),
                _ = sleep(Duration::from_secs(1)) => { // want: select_timer_in_loop@warning
                    self.periodic_tasks();
                    continue;
                }
            }
            self.handle_batch().await;
        }
    }

    // Another twin: outside the select! the work runs only when a condition holds.
    async fn run_sometimes(&mut self) {
        while self.running {
            tokio::select! {
                Some(v) = self.rx.recv() => self.batch.push(v),
                _ = sleep(Duration::from_secs(1)) => self.periodic_tasks(), // want: select_timer_in_loop@warning
            }
            if self.batch.len() > 100 {
                self.periodic_tasks();
            }
        }
    }

    // The handler makes a second call that the loop does not: still a warning.
    async fn run_more(&mut self) {
        loop {
            self.periodic_tasks();
            tokio::select! {
                Some(v) = self.rx.recv() => self.batch.push(v),
                _ = sleep(Duration::from_secs(1)) => { // want: select_timer_in_loop@warning
                    self.periodic_tasks();
                    self.handle_batch().await;
                }
            }
        }
    }

    // The loop checks consistency at the top of every turn with the flags that a trigger
    // sets; ten quiet seconds set them back: an idle reset, a note.
    async fn check_loop(&mut self, mut triggers: mpsc::Receiver<(bool, bool)>) {
        let (mut allow_create, mut allow_drop) = (false, false);
        loop {
            check_consistent(allow_create, allow_drop).await;
            tokio::select! {
                _ = self.done.recv() => break,
                t = triggers.recv() => if let Some(t) = t {
                    (allow_create, allow_drop) = (t.0, t.1);
                },
                _ = sleep(Duration::from_secs(10)) => { // want: select_timer_in_loop@note
                    (allow_create, allow_drop) = (false, false);
                }
            }
        }
    }

    // Its twin: the loop's work happens only in the timer's branch, which also resets the
    // flag; steady input starves the flush.
    async fn flush_loop(&mut self) {
        let mut dirty = false;
        loop {
            tokio::select! {
                _ = self.done.recv() => break,
                Some(v) = self.rx.recv() => {
                    self.batch.push(v);
                    dirty = true;
                }
                _ = sleep(Duration::from_secs(10)) => { // want: select_timer_in_loop@warning
                    if dirty {
                        self.handle_batch().await;
                    }
                    dirty = false;
                }
            }
        }
    }

    // A reset-only handler with nothing else in the loop: the reset is all the loop does
    // when the timer fires, and input keeps postponing it: still a warning.
    async fn reset_alone(&mut self) {
        let mut count = 0u64;
        loop {
            tokio::select! {
                Some(v) = self.rx.recv() => count += v,
                _ = sleep(Duration::from_secs(10)) => count = 0, // want: select_timer_in_loop@warning
            }
        }
    }

    fn periodic_tasks(&mut self) {}
    async fn handle_batch(&mut self) {}
}

async fn check_consistent(_create: bool, _drop: bool) {}
