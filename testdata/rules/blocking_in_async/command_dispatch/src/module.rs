use clap::Subcommand;

// A command with subcommands of its own, dispatched by one fn whose arms destructure their
// arguments: `vault module build` compiles and exits, `vault module host` serves a module.
#[derive(Subcommand)]
pub enum ModuleCommand {
    Build { path: String },
    Host { file: String },
    Check { file: String },
}

pub async fn run(cmd: ModuleCommand) -> std::io::Result<()> {
    match cmd {
        ModuleCommand::Build { path } => build(path).await,
        ModuleCommand::Host { file } => host(file).await,
        ModuleCommand::Check { file } => check(file).await,
    }
}

// Only the build arm reaches it, and that arm starts nothing: the host arm's task does not
// run while a build blocks.
async fn build(path: String) -> std::io::Result<()> {
    let source = std::fs::read(&path)?; // want: blocking_in_async@note
    drop(source);
    Ok(())
}

// The host arm spawns the module's server and then loads through a helper that the check
// arm shares: on the host path the server runs beside it, but the file is read once per
// process (a note that says so; a read per request would warn, see startup_main).
async fn host(file: String) -> std::io::Result<()> {
    tokio::spawn(async { serve_module().await });
    load(&file).await
}

async fn check(file: String) -> std::io::Result<()> {
    load(&file).await
}

async fn load(file: &str) -> std::io::Result<()> {
    let bytes = std::fs::read(file)?; // want: blocking_in_async@note
    drop(bytes);
    Ok(())
}

async fn serve_module() {}
