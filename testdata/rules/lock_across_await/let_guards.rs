// `let` bindings of std::sync::Mutex guards: alive to the end of their block unless dropped
// or moved away first.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

struct Server {
    state: Mutex<HashMap<String, u64>>,
    counter: Arc<Mutex<u64>>,
}

impl Server {
    async fn held(&self, key: String) {
        let mut state = self.state.lock().unwrap(); // want: lock_across_await
        state.insert(key.clone(), 1);
        notify(&key).await;
    }

    async fn held_with_expect(&self) {
        let n = self.counter.lock().expect("poisoned"); // want: lock_across_await
        report(*n).await;
    }

    async fn unused_after_the_await(&self) {
        // the guard is dropped at the end of the block, not after its last use
        let _guard = self.counter.lock().unwrap(); // want: lock_across_await
        flush().await;
    }

    async fn underscore_drops_at_once(&self) {
        let _ = self.counter.lock().unwrap();
        flush().await;
    }

    async fn dropped_explicitly(&self, key: String) {
        let mut state = self.state.lock().unwrap();
        state.insert(key.clone(), 2);
        drop(state);
        notify(&key).await;
    }

    async fn dropped_with_mem_drop(&self) {
        let n = self.counter.lock().unwrap();
        let v = *n;
        std::mem::drop(n);
        report(v).await;
    }

    async fn moved_into_a_call(&self) {
        let n = self.counter.lock().unwrap();
        consume(n);
        flush().await;
    }

    async fn scoped_in_a_block(&self, key: String) {
        let v = {
            let state = self.state.lock().unwrap();
            state.get(&key).copied().unwrap_or(0)
        };
        report(v).await;
    }

    async fn dropped_on_one_branch_only(&self, fast: bool) {
        let n = self.counter.lock().unwrap(); // want: lock_across_await
        if fast {
            drop(n);
        }
        flush().await;
    }

    async fn dropped_on_both_branches(&self, fast: bool) {
        let n = self.counter.lock().unwrap();
        if fast {
            drop(n);
        } else {
            let v = *n;
            drop(n);
            report(v).await;
        }
        flush().await;
    }

    async fn awaits_in_the_branch_that_dropped(&self, slow: bool) {
        let n = self.counter.lock().unwrap();
        if slow {
            drop(n);
            flush().await;
        }
    }

    async fn early_return_keeps_the_other_path(&self, stop: bool) {
        let n = self.counter.lock().unwrap(); // want: lock_across_await
        if stop {
            drop(n);
            return;
        }
        flush().await;
    }

    async fn shadowing_does_not_end_it(&self) {
        let n = self.counter.lock().unwrap(); // want: lock_across_await
        let n = *n + 1;
        report(n).await;
    }

    async fn drop_after_shadowing_drops_the_copy(&self) {
        let n = self.counter.lock().unwrap(); // want: lock_across_await
        let n = *n + 1;
        drop(n);
        flush().await;
    }

    async fn drop_before_shadowing(&self) {
        let n = self.counter.lock().unwrap();
        let v = *n;
        drop(n);
        let n = v + 1;
        report(n).await;
    }

    async fn guard_declared_inside_the_loop(&self) {
        loop {
            flush().await;
            let n = self.counter.lock().unwrap();
            if *n > 10 {
                break;
            }
        }
    }

    async fn guard_declared_before_the_loop(&self) {
        let n = self.counter.lock().unwrap(); // want: lock_across_await
        for _ in 0..*n {
            flush().await;
        }
    }

    async fn poison_tolerant(&self) {
        let n = match self.counter.lock() { // want: lock_across_await
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        report(*n).await;
    }

    async fn poison_tolerant_unwrap_or_else(&self) {
        let n = self.counter.lock().unwrap_or_else(|e| e.into_inner()); // want: lock_across_await
        report(*n).await;
    }

    async fn let_else_binding(&self) -> Option<()> {
        let Ok(mut n) = self.counter.lock() else { return None }; // want: lock_across_await
        *n += 1;
        flush().await;
        Some(())
    }

    // clippy#8777: the guard lives in the condition's block, not in the loop body
    async fn guard_in_the_while_let_condition_block(&self) {
        while let Some(n) = {
            let mut guard = self.counter.lock().unwrap();
            guard.checked_sub(1)
        } {
            report(n).await;
        }
    }

    // clippy#9208: dropped on every path before its await
    async fn dropped_in_each_arm_before_awaiting(&self, key: String) -> u64 {
        let guard = self.state.lock().unwrap();
        match guard.get(&key) {
            Some(v) if *v > 0 => *v,
            Some(_) => {
                drop(guard);
                notify(&key).await;
                0
            }
            None => {
                drop(guard);
                flush().await;
                1
            }
        }
    }

    async fn lock_after_the_last_await(&self) {
        flush().await;
        let mut n = self.counter.lock().unwrap();
        *n += 1;
    }

    // not async: nothing to hold across
    fn sync_fn(&self) -> u64 {
        let n = self.counter.lock().unwrap();
        *n
    }
}

async fn local_arc(shared: Arc<Mutex<Vec<u8>>>) {
    let buf = shared.clone();
    let mut b = buf.lock().unwrap(); // want: lock_across_await
    b.push(1);
    flush().await;
}

async fn closure_is_another_body(shared: Arc<Mutex<Vec<u8>>>) {
    let len = || shared.lock().unwrap().len();
    flush().await;
    report(len() as u64).await;
}

async fn spawned_block_is_its_own_body(shared: Arc<Mutex<Vec<u8>>>) {
    let g = shared.lock().unwrap();
    let first = g.first().copied();
    tokio::spawn(async move {
        flush().await;
    });
    drop(g);
    report(first.unwrap_or(0) as u64).await;
}

async fn notify(_key: &str) {}
async fn report(_v: u64) {}
async fn flush() {}
fn consume<T>(_v: T) {}

// The guard goes into a tuple that is dropped: it is gone before the `.await`.
pub async fn dropped_in_tuple(m: &std::sync::Mutex<Vec<u8>>) -> usize {
    let data = vec![1u8];
    let g = m.lock().unwrap();
    let n = g.len() + data.len();
    drop((data, g));
    tokio::task::yield_now().await;
    n
}

// Built into a tuple that lives on: held across the `.await`.
pub async fn kept_in_tuple(m: &std::sync::Mutex<Vec<u8>>) -> usize {
    let g = m.lock().unwrap(); // want: lock_across_await
    let kept = (1u8, &g);
    tokio::task::yield_now().await;
    kept.1.len()
}
