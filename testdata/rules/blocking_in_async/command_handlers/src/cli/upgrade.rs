#[derive(clap::Args)]
pub struct UpgradeArgs {
    version: String,
}

pub async fn run(args: &UpgradeArgs) -> std::io::Result<()> {
    let bin = download(&args.version).await?;
    unpack(&bin).await
}

async fn download(version: &str) -> std::io::Result<Vec<u8>> {
    Ok(version.as_bytes().to_vec())
}

// A private helper that only the upgrade command reaches: command-line code too.
async fn unpack(bin: &[u8]) -> std::io::Result<()> {
    std::fs::write("/tmp/vault.tgz", bin)?; // want: blocking_in_async@note
    let out = std::process::Command::new("tar").arg("-xzf").arg("/tmp/vault.tgz").output()?; // want: blocking_in_async@note
    drop(out);
    Ok(())
}
