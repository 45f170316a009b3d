// Locks kept in a collection behind an `Arc` and picked by index: the element's type decides.
// futures' async Mutex taken with `try_lock()` gives a guard that is meant to be held across
// `.await` (one prober at a time): quiet. The twin's std Mutex guard, taken the same way, is
// held across the `.await`: a warning.
use std::sync::Arc;

use futures::lock::Mutex;

async fn probe(_i: usize) {}

pub struct Prober {
    probe_locks: Arc<Vec<Mutex<()>>>,
    counters: Arc<Vec<std::sync::Mutex<u64>>>,
}

impl Prober {
    pub async fn probe_once(&self, i: usize) {
        let Some(_guard) = self.probe_locks[i].try_lock() else {
            return;
        };
        probe(i).await;
    }

    pub async fn count_and_probe(&self, i: usize) {
        let mut n = self.counters[i].lock().unwrap(); // want: lock_across_await
        *n += 1;
        probe(i).await;
    }
}
