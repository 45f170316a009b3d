// Spawned fns named by path: the module in the path picks the fn, and a path into another
// package names none of this crate's fns, whatever their names.
mod reaper;
mod scheduler;

use metrics_exporter::collector;

#[tokio::main]
async fn main() {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
    while let Ok((_sock, _)) = listener.accept().await {
        // `scheduler::run` ends; `reaper::run` loops forever
        tokio::spawn(scheduler::run());
        tokio::spawn(reaper::run()); // want: detached_task
        // another package's `run`: this crate's `run`s say nothing about it
        tokio::spawn(collector::run());
        tokio::spawn(metrics_exporter::push::run());
        // the only local `watch` loops forever, but this is another package's
        tokio::spawn(collector::watch());
    }
}
