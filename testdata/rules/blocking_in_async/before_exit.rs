// A blocking call right before the process ends: a pause that lets logs flush, then
// `std::process::exit` or `process::abort()`. No task is left for it to stall: a note. The twins sleep
// where the process goes on (the exit is on another path, or a `?` can leave first).
use std::process;
use std::time::Duration;

async fn health_check(failures: u32, limit: u32, code: i32) {
    if failures >= limit {
        log::error!("giving up after {failures} failures");
        std::thread::sleep(Duration::from_secs(2)); // want: blocking_in_async@note
        std::process::exit(code);
    }
}

async fn fatal(reason: &str) {
    eprintln!("fatal: {reason}");
    std::thread::sleep(Duration::from_millis(500)); // want: blocking_in_async@note
    // let the log thread drain
    process::abort();
}

// Twin: the exit is on another path; the sleep runs on every retry.
async fn retry(failures: u32, limit: u32) {
    if failures >= limit {
        std::process::exit(1);
    }
    std::thread::sleep(Duration::from_secs(2)); // want: blocking_in_async@warning
}

// Twin: a `?` between the sleep and the exit can return to the caller, which goes on.
async fn maybe_exit(code: Option<i32>) -> Option<()> {
    std::thread::sleep(Duration::from_secs(2)); // want: blocking_in_async@warning
    let c = code?;
    std::process::exit(c);
}
