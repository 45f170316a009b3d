// `#[tokio::main]` runs main's body on the main thread, next to the workers: blocking there
// holds up only main, so it is a note. With a current-thread runtime it stalls everything.
use std::time::Duration;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let cert = std::fs::read_to_string("tls/server.pem")?; // want: blocking_in_async
    let rt = tokio::runtime::Runtime::new()?; // want: blocking_in_async
    drop(rt);
    tokio::spawn(async move {
        std::thread::sleep(Duration::from_secs(1)); // want: blocking_in_async
        drop(cert);
    });
    Ok(())
}

mod single {
    #[tokio::main(flavor = "current_thread")]
    pub async fn main() {
        std::thread::sleep(std::time::Duration::from_secs(1)); // want: blocking_in_async
    }
}

mod with_futures_executor {
    use futures::executor::block_on;

    // Another executor's block_on in main's body: a warning, not an error (see the level test).
    #[tokio::main]
    pub async fn main() {
        block_on(async { 1 }); // want: blocking_in_async
        tokio::runtime::Handle::current().block_on(async { 2 }); // want: blocking_in_async
    }
}
