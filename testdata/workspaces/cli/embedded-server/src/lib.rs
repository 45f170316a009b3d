// A library only the tool uses, but it serves (a task per connection): `acme up` hosts it,
// so its handlers share threads with each other.
pub async fn serve(listener: tokio::net::TcpListener) {
    loop {
        let (socket, _) = listener.accept().await.unwrap();
        tokio::spawn(handle(socket));
    }
}

pub async fn handle(_socket: tokio::net::TcpStream) {
    let _ = std::fs::read("/srv/page.html"); // want: blocking_in_async@warning
}
