use clap::{Parser, Subcommand};

mod export;
mod start;
mod sync;
mod upgrade;

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Commands,
}

#[derive(Subcommand)]
enum Commands {
    Start(start::StartArgs),
    Export(export::ExportArgs),
    Upgrade(Box<upgrade::UpgradeArgs>),
    Sync(sync::SyncArgs),
}

pub async fn init() {
    let cli = Cli::parse();
    let _ = match cli.command {
        Commands::Start(args) => start::run(args).await,
        Commands::Export(args) => export::run(args).await,
        Commands::Upgrade(args) => upgrade::run(&args).await,
        Commands::Sync(args) => sync::run(args).await,
    };
}
