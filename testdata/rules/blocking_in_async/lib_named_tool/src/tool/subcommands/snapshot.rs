// `node-tool snapshot check a b c` checks snapshot files one after another, then exits;
// `node-tool snapshot serve` serves them. The handler is the command enum's own
// `run(self)`, one arm per command: nothing else runs on the runtime while `check` reads, so
// its read is a note; what `serve`'s tasks read stays a warning.
use clap::Subcommand;

#[derive(Subcommand)]
pub enum SnapshotCommands {
    Check { files: Vec<String> },
    Serve { port: u16 },
}

impl SnapshotCommands {
    pub async fn run(self) -> std::io::Result<()> {
        match self {
            Self::Check { files } => {
                for f in files {
                    let data = check_one(&f).await?;
                    println!("{f}: {} bytes", data.len());
                }
            }
            Self::Serve { port } => serve(port).await?,
        }
        Ok(())
    }
}

async fn check_one(path: &str) -> std::io::Result<Vec<u8>> {
    let data = std::fs::read(path)?; // want: blocking_in_async@note
    Ok(data)
}

async fn serve(port: u16) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(("0.0.0.0", port)).await?;
    loop {
        let (mut socket, _) = listener.accept().await?;
        tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            let snap = std::fs::read("latest.snap").unwrap(); // want: blocking_in_async@warning
            let _ = socket.write_all(&snap).await;
        });
    }
}

#[cfg(test)]
mod tests {
    async fn check_fixture(name: &str) {
        super::check_one(name).await.unwrap();
    }

    #[tokio::test]
    async fn small() {
        check_fixture("small.snap").await;
    }
}
