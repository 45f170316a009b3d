#[derive(clap::Args)]
pub struct SyncArgs {
    peers: Vec<String>,
}

// The command starts workers through a synchronous helper: they run beside it, so its
// blocking call stays a warning.
pub async fn run(args: SyncArgs) -> std::io::Result<()> {
    start_workers(&args.peers);
    let state = std::fs::read("state.bin")?; // want: blocking_in_async@warning
    drop(state);
    Ok(())
}

fn start_workers(peers: &[String]) {
    for p in peers.to_vec() {
        tokio::spawn(async move { ping(p).await });
    }
}

async fn ping(_peer: String) {}
