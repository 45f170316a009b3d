// Fns that only call each other: no chain of callers starts at main or at an entry point, so
// nothing says the spawn runs once. It keeps its warning (the start-up walk once took a
// walk that found no start for one that found only start-up code).
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn supervise(state: Arc<Mutex<u32>>, restarts: u32) {
    if restarts > 0 {
        relaunch(state.clone(), restarts - 1);
    }
    tokio::spawn(async move { // want: detached_task@warning
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            *state.lock().unwrap() += 1;
        }
    });
}

fn relaunch(state: Arc<Mutex<u32>>, restarts: u32) {
    supervise(state, restarts);
}
