// It parses arguments and prints tables, but then it runs a task per job it receives: that
// is a server of jobs, and a blocking call in a job stalls the others.
#[derive(clap::Parser)]
struct Args {
    queue: String,
}

#[tokio::main]
async fn main() {
    let _args = <Args as clap::Parser>::parse();
    let (_tx, mut rx) = tokio::sync::mpsc::channel::<std::path::PathBuf>(16);
    while let Some(job) = rx.recv().await {
        tokio::spawn(run_job(job));
    }
    let _table = comfy_table::Table::new();
}

async fn run_job(path: std::path::PathBuf) {
    let _ = std::fs::read(&path); // want: blocking_in_async@warning
}
