// A guard dropped on every path to the `.await`, as the control-flow core sees it: the only
// way out of a loop, or each branch of a match with an early exit. Beside them, paths that
// reach the `.await` with the guard still held.
use std::sync::{Arc, Mutex};

async fn flush() {}

fn ready(_n: u64) -> bool {
    true
}

async fn dropped_at_the_only_loop_exit(shared: Arc<Mutex<u64>>) {
    let n = shared.lock().unwrap();
    loop {
        if ready(*n) {
            drop(n);
            break;
        }
    }
    flush().await;
}

async fn a_second_exit_keeps_it(shared: Arc<Mutex<u64>>, limit: u64) {
    let n = shared.lock().unwrap(); // want: lock_across_await
    let mut tries = 0;
    loop {
        if ready(*n) {
            drop(n);
            break;
        }
        tries += 1;
        if tries > limit {
            break;
        }
    }
    flush().await;
}

async fn dropped_or_returned(shared: Arc<Mutex<u64>>, mode: u8) {
    let n = shared.lock().unwrap();
    match mode {
        0 => drop(n),
        1 => {
            if *n > 3 {
                drop(n);
            } else {
                return;
            }
        }
        _ => return,
    }
    flush().await;
}

async fn one_arm_keeps_it(shared: Arc<Mutex<u64>>, mode: u8) {
    let n = shared.lock().unwrap(); // want: lock_across_await
    match mode {
        0 => drop(n),
        1 => {
            if *n > 3 {
                drop(n);
            }
        }
        _ => return,
    }
    flush().await;
}
