// With tokio's Command imported, the unqualified builder is async and awaited.
use tokio::process::Command;

async fn run() -> std::io::Result<()> {
    let out = Command::new("git").arg("status").output().await?;
    let st = Command::new("true").status().await?;
    let mut child = Command::new("sleep").arg("1").spawn()?;
    let _ = child.wait().await?;
    let _ = (out, st);
    Ok(())
}
