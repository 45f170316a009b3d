use clap::Args;

#[derive(Args)]
pub struct ExportArgs {
    path: String,
}

// One-shot: nothing else runs while the dump is written.
pub async fn run(args: ExportArgs) -> std::io::Result<()> {
    let dump = fetch_all().await;
    std::fs::write(&args.path, dump) // want: blocking_in_async@note
}

async fn fetch_all() -> Vec<u8> {
    Vec::new()
}

// Shared with the server's request handler (start.rs): a handler runs it beside other
// requests, so it stays a warning even though the export command also reaches it.
pub async fn read_manifest() -> String {
    std::fs::read_to_string("manifest.toml").unwrap_or_default() // want: blocking_in_async@warning
}
