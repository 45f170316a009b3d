// edition: 2024
// Async blocks and async closures are futures too.
use std::future::Future;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

fn reader(mut stream: TcpStream) -> impl Future<Output = std::io::Result<usize>> {
    async move {
        let mut buf = [0u8; 65536]; // want: large_future_capture
        stream.read(&mut buf).await
    }
}

async fn with_closure(streams: Vec<TcpStream>) {
    let read_one = async |mut s: TcpStream| {
        let mut buf = [0u8; 65536]; // want: large_future_capture
        s.read(&mut buf).await
    };
    for s in streams {
        read_one(s).await.ok();
    }
}

// A spawned task is its own future: it is flagged there, not in the spawner.
async fn spawner(mut stream: TcpStream) {
    let header = [0u8; 65536];
    let first = header[0];
    tokio::spawn(async move {
        let mut buf = [first; 65536]; // want: large_future_capture
        stream.read(&mut buf).await
    });
}
