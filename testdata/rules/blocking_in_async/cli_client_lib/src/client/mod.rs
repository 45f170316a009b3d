// The client of a one-shot test tool: it resolves each origin and saves a token, blocking
// while nothing else runs. A local variable named like the fn (`client`) handed to
// `Runner::new` is a value, not a callback that would run `client` as a task. Notes.
use std::net::ToSocketAddrs;

#[derive(clap::Parser)]
pub struct Args {
    pub origins: Vec<String>,
    pub save_token: Option<std::path::PathBuf>,
}

#[derive(Debug)]
pub struct Error;

impl From<std::io::Error> for Error {
    fn from(_: std::io::Error) -> Self {
        Error
    }
}

pub struct Session;

pub struct Runner {
    session: Session,
}

impl Runner {
    pub fn new(session: Session) -> Self {
        Runner { session }
    }

    pub async fn run(self) -> Result<Vec<u8>, Error> {
        let _ = self.session;
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        Ok(vec![1, 2, 3])
    }
}

pub async fn client(args: Args) -> Result<(), Error> {
    for origin in &args.origins {
        let addr = format!("{origin}:443").to_socket_addrs()?.next(); // want: blocking_in_async@note
        let _ = addr;
        let client = Session;
        let token = Runner::new(client).run().await?;
        if let Some(path) = &args.save_token {
            std::fs::write(path, &token)?; // want: blocking_in_async@note
        }
    }
    Ok(())
}
