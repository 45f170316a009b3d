// A guard held across an `.await` stalls the other tasks that share the thread and want the
// lock. The future of a single-future executor's `block_on` (futures' or pollster's, or a
// project's own) runs alone on the thread that calls it: no other task is polled there while
// the guard waits, and other threads wait for the lock as they would for synchronous code
// that holds it while it blocks. A note. The same block spawned onto a runtime, or run by a
// runtime's `block_on` (whose spawned tasks may share the thread), keeps the warning.
use std::sync::{Arc, Mutex};

pub struct Oracle {
    chain: Arc<Mutex<Option<u64>>>,
}

async fn send_hint(hint: Vec<u8>) -> usize {
    hint.len()
}

impl Oracle {
    pub fn hint(&self, data: &[u8]) -> usize {
        futures::executor::block_on(async move {
            let id = self.chain.lock().unwrap(); // want: lock_across_await@note
            let mut hint = data.to_vec();
            hint.extend(id.unwrap_or(0).to_be_bytes());
            send_hint(hint).await
        })
    }

    pub fn hint_pollster(&self, data: &[u8]) -> usize {
        pollster::block_on(async move {
            send_hint([data, &self.chain.lock().unwrap().unwrap_or(0).to_be_bytes()].concat()).await // want: lock_across_await@note
        })
    }

    // Twin: spawned, the task shares a worker with others that may want the lock.
    pub fn hint_spawned(&self, data: Vec<u8>) {
        let chain = self.chain.clone();
        tokio::spawn(async move {
            let id = chain.lock().unwrap(); // want: lock_across_await@warning
            let n = send_hint(data).await;
            drop((id, n));
        });
    }

    // Twin: a current-thread runtime's block_on also polls the tasks spawned on it.
    pub fn hint_on_runtime(&self, rt: &tokio::runtime::Runtime, data: Vec<u8>) -> usize {
        rt.block_on(async move {
            let id = self.chain.lock().unwrap(); // want: lock_across_await@warning
            let n = send_hint(data).await;
            drop(id);
            n
        })
    }
}
