use std::sync::Arc;
use tokio::sync::{mpsc, Mutex};

pub struct Worker {
    state: Arc<Mutex<Vec<u8>>>,
    tx: mpsc::Sender<Vec<u8>>,
}

impl Worker {
    // rustaudit:allow(detached_task) the supervisor owns this task // want: unused_suppression
    pub async fn flush(&self) {
        let batch = {
            let mut state = self.state.lock().await;
            std::mem::take(&mut *state)
        };
        let _ = self.tx.send(batch).await;
    }

    pub async fn push(&self, byte: u8) {
        let mut state = self.state.lock().await;
        state.push(byte); // rustaudit:allow(lock_across_await) // want: unused_suppression
    }

    pub async fn len(&self) -> usize {
        let n = self.state.lock().await.len();
        n
        // rustaudit:allow(blocking_in_async) nothing follows this comment // want: unused_suppression
    }
}

// Two rules named, both stale: one finding names both.
// rustaudit:allow(detached_task, large_future_capture) // want: unused_suppression
pub fn make_channel() -> (mpsc::Sender<Vec<u8>>, mpsc::Receiver<Vec<u8>>) {
    mpsc::channel(64)
}

// An allow of a rule that is off by default is not judged: the rule did not look.
// rustaudit:allow(select_unbiased_priority) kept for when the rule is enabled
pub async fn drain(mut rx: mpsc::Receiver<Vec<u8>>) {
    while let Some(batch) = rx.recv().await {
        drop(batch);
    }
}

// An allow of unused_suppression that silences no other allow is stale too.
// rustaudit:allow(unused_suppression) // want: unused_suppression
pub fn nothing_to_see() {}
