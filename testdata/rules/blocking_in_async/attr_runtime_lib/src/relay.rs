use std::io::Read;

#[tokio::main(flavor = "multi_thread")]
pub async fn start_with_bind(port: &str) -> std::io::Result<()> {
    // Before anything is spawned, on the thread that called `start_with_bind`.
    if let Ok(mut file) = std::fs::File::open("denylist.txt") { // want: blocking_in_async@note
        let mut text = String::new();
        file.read_to_string(&mut text).ok();
    }
    let listener = tokio::net::TcpListener::bind(port).await?;
    loop {
        let (sock, _) = listener.accept().await?;
        tokio::spawn(async move { drop(sock) });
    }
}

// The harmful twin: a current-thread runtime with a task already spawned when the file is read.
#[tokio::main(flavor = "current_thread")]
pub async fn start_with_ticker(path: &str) {
    tokio::spawn(async {
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    });
    let text = std::fs::read_to_string(path).unwrap_or_default(); // want: blocking_in_async@warning
    drop(text);
}

// No attribute: other packages may await it on their executors.
pub async fn load_keys(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default() // want: blocking_in_async@warning
}
