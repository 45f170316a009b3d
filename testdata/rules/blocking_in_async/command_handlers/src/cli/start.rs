use axum::routing::get;
use axum::Router;

#[derive(clap::Args)]
pub struct StartArgs {
    config: String,
    #[command(flatten)]
    db: DbOptions,
}

// Part of the start command's arguments, not a command of its own: a fn that takes it is a
// step of `start`, which serves.
#[derive(clap::Args)]
pub struct DbOptions {
    path: String,
}

// The command that serves: it spawns the server, so blocking here stalls what it started.
pub async fn run(args: StartArgs) -> std::io::Result<()> {
    let app: Router = Router::new().route("/manifest", get(manifest));
    tokio::spawn(async move {
        let listener = tokio::net::TcpListener::bind("0.0.0.0:8000").await.unwrap();
        axum::serve(listener, app).await.unwrap();
    });
    let config = std::fs::read_to_string(&args.config)?; // want: blocking_in_async@warning
    drop(config);
    open_db(&args.db).await
}

async fn open_db(opts: &DbOptions) -> std::io::Result<()> {
    let schema = std::fs::read(&opts.path)?; // want: blocking_in_async@warning
    drop(schema);
    Ok(())
}

async fn manifest() -> String {
    super::export::read_manifest().await
}
