// A CLI that builds a current-thread runtime and runs one command on it. Tasks spawned on
// that runtime share its only thread with the command: blocking before any is spawned
// stalls nothing else (a note); blocking after one is spawned, on the way to the call,
// stalls it (a warning).
mod watch;

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(run());
}

async fn run() {
    let cmd = std::env::args().nth(1).unwrap_or_default();
    match cmd.as_str() {
        "edit" => edit().await,
        "watch" => watch::watch().await,
        "tail" => watch::tail().await,
        _ => {}
    }
}

async fn edit() {
    let text = std::fs::read_to_string("script.sh").unwrap(); // want: blocking_in_async@note
    let status = std::process::Command::new("vi").arg("script.sh").status(); // want: blocking_in_async@note
    drop((text, status));
}
