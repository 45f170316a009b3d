// check: rustc
// A std guard that is not used after the statement that awaits is dropped before it. The
// lock is released sooner, so the fix needs review.
use std::sync::Mutex;

async fn flush() {}

pub async fn push_then_flush(m: &Mutex<Vec<u32>>) {
    let mut guard = m.lock().unwrap(); // want: lock_across_await (fix: needs-review)
    guard.push(1);
    drop(guard);
    flush().await;
}

pub async fn in_a_loop(m: &Mutex<Vec<u32>>) {
    for i in 0..3 {
        let mut seen = m.lock().unwrap(); // want: lock_across_await (fix: needs-review)
        seen.push(i);
        if seen.len() > 2 {
            seen.clear();
        }
        drop(seen);
        flush().await;
    }
}

// Used after the `.await`: moving the drop would not compile.
pub async fn used_after(m: &Mutex<Vec<u32>>) {
    let mut guard = m.lock().unwrap(); // want: lock_across_await (fix: none)
    flush().await;
    guard.push(1);
}

// Moved on one path: a second drop would not compile.
pub async fn dropped_on_one_path(m: &Mutex<Vec<u32>>, fast: bool) {
    let guard = m.lock().unwrap(); // want: lock_across_await (fix: none)
    if fast {
        drop(guard);
    }
    flush().await;
}

// `_name` says the guard is held for the section it covers: no fix.
pub async fn critical_section(m: &Mutex<()>) {
    let _section = m.lock().unwrap(); // want: lock_across_await (fix: none)
    flush().await;
}

// Used by the statement that awaits.
pub async fn used_in_the_await(m: &Mutex<Vec<u32>>) {
    let guard = m.lock().unwrap(); // want: lock_across_await (fix: none)
    async { guard.len() }.await;
}
