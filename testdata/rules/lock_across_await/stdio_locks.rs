// std's stdout, stderr and stdin locks are reentrant: a guard held across an `.await` makes
// other threads' prints wait while the task is suspended, and deadlocks nothing on this
// thread. A note. A Mutex of the program's own stays a warning.
use std::io::Write;
use std::sync::Mutex;

async fn latest_version() -> String {
    String::from("1.2.3")
}

pub async fn check_update() -> std::io::Result<()> {
    let out = std::io::stdout();
    let mut out = out.lock(); // want: lock_across_await@note
    let v = latest_version().await;
    writeln!(out, "latest: {v}")
}

pub async fn report_err(msg: &str) {
    let mut err = std::io::stderr().lock(); // want: lock_across_await@note
    let v = latest_version().await;
    let _ = writeln!(err, "{msg}: {v}");
}

fn stdout() -> std::io::Result<std::io::Stdout> {
    Ok(std::io::stdout())
}

// A helper that hands back the handle, behind `?`.
pub async fn print_all() -> std::io::Result<()> {
    let out = stdout()?;
    let _guard = out.lock(); // want: lock_across_await@note
    let v = latest_version().await;
    println!("{v}");
    Ok(())
}

pub async fn count(hits: &Mutex<u64>) {
    let mut h = hits.lock().unwrap(); // want: lock_across_await@warning
    let _ = latest_version().await;
    *h += 1;
}

// termcolor's standard stream wraps std's stdout: its lock is the same reentrant lock.
pub async fn follow_in_colour() -> std::io::Result<()> {
    let out = termcolor::StandardStream::stdout(termcolor::ColorChoice::Auto);
    let mut out = out.lock(); // want: lock_across_await@note
    let v = latest_version().await;
    writeln!(out, "{v}")
}
