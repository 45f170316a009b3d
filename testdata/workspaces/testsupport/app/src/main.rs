// A server: its handlers keep their level.
#[tokio::main]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await.unwrap();
    loop {
        let (socket, _) = listener.accept().await.unwrap();
        tokio::spawn(handle(socket));
    }
}

async fn handle(_socket: tokio::net::TcpStream) {
    let _ = std::fs::read("/srv/index.html"); // want: blocking_in_async@warning
}
