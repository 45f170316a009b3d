use clap::{Parser, Subcommand};

use super::subcommands::snapshot::SnapshotCommands;

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    cmd: Commands,
}

#[derive(Subcommand)]
enum Commands {
    #[command(subcommand)]
    Snapshot(SnapshotCommands),
}

pub async fn main<A: Into<std::ffi::OsString> + Clone>(args: impl IntoIterator<Item = A>) -> std::io::Result<()> {
    let Cli { cmd } = Cli::parse_from(args);
    // The toolbox binary's `#[tokio::main]` runs this through the re-export's other name
    // (`node::node_tool_main`), before any task exists: a note.
    while !std::path::Path::new("node.sock").exists() {
        std::thread::sleep(std::time::Duration::from_millis(100)); // want: blocking_in_async@note
    }
    match cmd {
        Commands::Snapshot(cmd) => cmd.run().await,
    }
}
