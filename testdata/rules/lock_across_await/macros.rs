// Code inside macros: select! handlers and futures, join! arguments, statement macros.
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

struct Worker {
    state: Arc<Mutex<Vec<u64>>>,
}

impl Worker {
    async fn held_across_select(&self, mut rx: mpsc::Receiver<u64>, mut stop: mpsc::Receiver<()>) {
        let mut state = self.state.lock().unwrap(); // want: lock_across_await
        tokio::select! {
            Some(v) = rx.recv() => state.push(v),
            _ = stop.recv() => {}
        }
    }

    async fn lock_in_a_handler(&self, mut rx: mpsc::Receiver<u64>, mut stop: mpsc::Receiver<()>) {
        loop {
            tokio::select! {
                Some(v) = rx.recv() => {
                    let mut state = self.state.lock().unwrap(); // want: lock_across_await
                    state.push(v);
                    ack(v).await;
                }
                _ = stop.recv() => break,
            }
        }
    }

    async fn scoped_in_a_handler(&self, mut rx: mpsc::Receiver<u64>, mut stop: mpsc::Receiver<()>) {
        loop {
            tokio::select! {
                Some(v) = rx.recv() => {
                    self.state.lock().unwrap().push(v);
                    ack(v).await;
                }
                _ = stop.recv() => break,
            }
        }
    }

    async fn temporary_in_a_handler(&self, mut rx: mpsc::Receiver<u64>) {
        tokio::select! {
            Some(v) = rx.recv() => {
                if let Some(last) = self.state.lock().unwrap().last().copied() { // want: lock_across_await
                    ack(last + v).await;
                }
            }
            else => {}
        }
    }

    async fn join_of_async_blocks(&self) {
        let state = self.state.clone();
        let (a, b) = tokio::join!(
            async {
                let s = state.lock().unwrap(); // want: lock_across_await
                ack(s.len() as u64).await;
            },
            async {
                let n = state.lock().unwrap().len() as u64;
                ack(n).await;
            }
        );
        let _ = (a, b);
    }

    async fn guard_dropped_before_join(&self) {
        let n = {
            let s = self.state.lock().unwrap();
            s.len() as u64
        };
        tokio::join!(ack(n), ack(n + 1));
    }

    async fn held_across_join(&self) {
        let s = self.state.lock().unwrap(); // want: lock_across_await
        let n = s.len() as u64;
        tokio::join!(ack(n), ack(n + 1));
    }

    async fn spawned_task_is_another_body(&self) {
        let s = self.state.lock().unwrap();
        let n = s.len() as u64;
        tokio::spawn(async move {
            ack(n).await;
        });
    }
}

macro_rules! with_state {
    ($($body:tt)*) => { $($body)* };
}

async fn statement_macro(state: Arc<Mutex<Vec<u64>>>) {
    with_state! {
        let s = state.lock().unwrap(); // want: lock_across_await
        ack(s.len() as u64).await;
    }
}

async fn ack(_v: u64) {}
