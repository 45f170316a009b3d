// The daemon serves peers: a task per connection, each sending its peer the state file.
use tokio::io::AsyncWriteExt;

pub async fn start() {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:9000").await.unwrap();
    loop {
        let (socket, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            let _ = serve(socket).await;
        });
    }
}

async fn serve(mut socket: tokio::net::TcpStream) -> std::io::Result<()> {
    let state = std::fs::read("peer.state")?; // want: blocking_in_async@warning
    socket.write_all(&state).await
}
