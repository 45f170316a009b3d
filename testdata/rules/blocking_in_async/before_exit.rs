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

// A last mark for a harness before the task panics: it ends there, so the write stalls the
// thread once, as the task dies. Also through `let _ =`. Each task is spawned per client
// (per item: the write would otherwise be a warning).
async fn connect(_i: u32) -> bool {
    true
}

async fn run_clients(n: u32) {
    for i in 0..n {
        tokio::spawn(async move {
            if !connect(i).await {
                let _ = std::fs::write("/tmp/verifier-result", "ERROR"); // want: blocking_in_async@note
                panic!("client {i} cannot connect");
            }
        });
    }
}

// In a spawned task's body a `return` (or `bail!`) ends the task as a panic does.
async fn run_clients_return(n: u32) {
    for i in 0..n {
        tokio::spawn(async move {
            if !connect(i).await {
                std::fs::write("/tmp/verifier-result", "ERROR")?; // want: blocking_in_async@note
                eprintln!("client {i} cannot connect");
                return Err(anyhow::anyhow!("client {i} cannot connect"));
            }
            Ok::<(), anyhow::Error>(())
        });
    }
}

// Twins: `bail!` in an async fn returns an error to a caller that goes on (here, a task
// per client that tries the next one), and a panic on another path.
async fn connect_or_mark(i: u32) -> anyhow::Result<()> {
    if !connect(i).await {
        std::thread::sleep(Duration::from_millis(200)); // want: blocking_in_async@warning
        anyhow::bail!("client {i} cannot connect");
    }
    Ok(())
}

async fn run_clients_bail(n: u32) {
    for i in 0..n {
        tokio::spawn(async move {
            for attempt in 0..3 {
                if connect_or_mark(i + attempt).await.is_ok() {
                    break;
                }
            }
        });
    }
}

// The write runs first, not before an exit: reported, as a note for another reason (a
// small write per task spawned in a loop is none of the data the code hands back); the
// read of a payload per task is a warning.
async fn run_clients_mark_first(n: u32) {
    for i in 0..n {
        tokio::spawn(async move {
            let _ = std::fs::write("/tmp/verifier-result", "RUNNING"); // want: blocking_in_async@note
            let payload = std::fs::read(format!("/tmp/payload-{i}")).unwrap_or_default(); // want: blocking_in_async@warning
            send_payload(payload).await;
            if !connect(i).await {
                panic!("client {i} cannot connect");
            }
        });
    }
}

async fn send_payload(payload: Vec<u8>) {
    drop(payload);
}
