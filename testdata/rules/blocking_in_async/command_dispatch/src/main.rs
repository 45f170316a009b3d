// A server with a toolbox, on the multi-thread runtime: `relay serve` serves, `relay module
// ...` has subcommands of its own (module.rs).
use clap::{Parser, Subcommand};

mod module;

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Commands,
}

#[derive(Subcommand)]
enum Commands {
    Serve,
    #[command(subcommand)]
    Module(module::ModuleCommand),
}

fn main() {
    with_big_stack(dispatch());
}

// The runtime is built by a helper that runs whatever future it is handed: the graph cannot
// see which fns its `block_on` runs.
fn with_big_stack(fut: impl std::future::Future<Output = ()> + Send) {
    let rt = tokio::runtime::Builder::new_multi_thread().thread_stack_size(8 << 20).enable_all().build().unwrap();
    rt.block_on(fut)
}

async fn dispatch() {
    let _ = match Cli::parse().command {
        Commands::Serve => serve().await,
        Commands::Module(cmd) => module::run(cmd).await,
    };
}

async fn serve() -> std::io::Result<()> {
    let app = axum::Router::new();
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8000").await?;
    axum::serve(listener, app).await
}
