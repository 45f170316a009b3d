// A binary whose `#[tokio::main]` (multi-thread) runs one command: main's future runs on the
// main thread, beside the worker threads, so blocking in code that only main's future
// reaches holds up nothing else. Code that a spawned task or a request handler reaches runs
// on a worker, beside other tasks: it stays a warning.
mod commands;
mod server;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let cert = std::fs::read_to_string("tls/cert.pem")?; // want: blocking_in_async@note
    match args.get(1).map(String::as_str) {
        Some("import") => commands::import(&args[2]).await,
        Some("serve") => server::serve(cert).await,
        _ => Ok(()),
    }
}
