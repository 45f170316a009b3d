// With tokio's File and fs imported, the same unqualified calls are async and awaited.
use tokio::fs;
use tokio::fs::{File, OpenOptions};
use tokio::io::AsyncWriteExt;

async fn copy_config(src: &str, dst: &str) -> std::io::Result<()> {
    let text = fs::read_to_string(src).await?;
    let mut out = File::create(dst).await?;
    out.write_all(text.as_bytes()).await?;
    let _f = File::open(src).await?;
    let _g = OpenOptions::new().append(true).open(dst).await?;
    fs::create_dir_all("cache").await?;
    let _m = fs::metadata(dst).await?;
    Ok(())
}

async fn joined(src: &str) -> std::io::Result<()> {
    let (a, b) = tokio::join!(fs::read(src), fs::read_to_string(src));
    let _ = (a?, b?);
    let r = tokio::time::timeout(std::time::Duration::from_secs(1), File::open(src)).await;
    drop(r);
    Ok(())
}
