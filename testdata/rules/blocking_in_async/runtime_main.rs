// `#[tokio::main]` runs main's body on the main thread, next to the workers: blocking there
// holds up only main, so it is a note. With a current-thread runtime it stalls the tasks
// spawned on it: a note before any is spawned, a warning after.
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
        std::thread::sleep(std::time::Duration::from_secs(1)); // want: blocking_in_async@note
    }
}

mod single_with_a_task {
    #[tokio::main(flavor = "current_thread")]
    pub async fn main() {
        let ticker = tokio::spawn(async {
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        });
        std::thread::sleep(std::time::Duration::from_secs(2)); // want: blocking_in_async@warning
        ticker.abort();
    }
}

mod with_futures_executor {
    use futures::executor::block_on;

    // Another executor's block_on in main's body blocks only main (see the level test).
    #[tokio::main]
    pub async fn main() {
        block_on(async { 1 }); // want: blocking_in_async
        tokio::runtime::Handle::current().block_on(async { 2 }); // want: blocking_in_async
    }
}
