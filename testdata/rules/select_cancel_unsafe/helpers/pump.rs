// Helpers whose operation works on a stream they take by value: a branch that hands them
// the halves of this iteration's connection drops those halves on cancel, and the next turn
// accepts a new connection, so nothing is written again from the start. Quiet. The twin
// borrows a stream made before the loop, which the next turn writes to again.
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};

pub struct Feed {
    pub chunk: Vec<u8>,
}

async fn drain(mut rd: OwnedReadHalf) {
    let mut buf = [0u8; 512];
    while let Ok(n) = rd.read(&mut buf).await {
        if n == 0 {
            break;
        }
    }
}

async fn feed(src: &Feed, mut wr: OwnedWriteHalf) {
    loop {
        if wr.write_all(&src.chunk).await.is_err() {
            return;
        }
    }
}

pub async fn serve(listener: TcpListener, src: Arc<Feed>) {
    while let Ok((sock, _)) = listener.accept().await {
        let (rd, wr) = sock.into_split();
        tokio::select! {
            _ = drain(rd) => {},
            _ = feed(src.as_ref(), wr) => {},
        }
    }
}

async fn feed_into(src: &Feed, out: &mut TcpStream) {
    let _ = out.write_all(&src.chunk).await;
}

pub async fn mirror(mut out: TcpStream, src: Arc<Feed>, mut ticks: tokio::time::Interval) {
    loop {
        tokio::select! {
            _ = feed_into(src.as_ref(), &mut out) => {}, // want: select_cancel_unsafe
            _ = ticks.tick() => {},
        }
    }
}
