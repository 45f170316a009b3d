// A glob import from tokio::fs: the same names are async.
use tokio::fs::*;

async fn load(path: &str) -> std::io::Result<String> {
    let _f = File::open(path).await?;
    read_to_string(path).await
}
