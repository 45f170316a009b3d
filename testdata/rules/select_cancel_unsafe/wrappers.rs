// What wraps the operation does not change what a cancelled branch loses: the operation
// inside a timeout, a fused or boxed future, a combinator or an async block.
use std::time::Duration;

use futures::FutureExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::time::timeout;
use tracing::Instrument;

async fn timeouts(mut reader: TcpStream, mut rx: mpsc::Receiver<u32>) {
    let mut b = [0u8; 8];
    loop {
        tokio::select! {
            r = tokio::time::timeout(Duration::from_secs(1), reader.read_exact(&mut b)) => println!("{r:?}"), // want: select_cancel_unsafe
            Some(v) = rx.recv() => println!("{v}"),
        }
        tokio::select! {
            r = timeout(
                Duration::from_secs(1),
                reader.read_u64(), // want: select_cancel_unsafe
            ) => println!("{r:?}"),
            Some(v) = rx.recv() => println!("{v}"),
        }
        // A timeout around a cancel-safe read.
        tokio::select! {
            r = timeout(Duration::from_secs(1), reader.read(&mut b)) => println!("{r:?}"),
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}

async fn futures_select(mut reader: TcpStream, mut rx: mpsc::Receiver<u32>) {
    let mut b = [0u8; 8];
    loop {
        futures::select! {
            r = reader.read_exact(&mut b).fuse() => println!("{r:?}"), // want: select_cancel_unsafe
            v = rx.recv().fuse() => println!("{v:?}"),
        }
        futures::select_biased! {
            r = Box::pin(reader.write_all(&b)).fuse() => println!("{r:?}"), // want: select_cancel_unsafe
            v = rx.recv().fuse() => println!("{v:?}"),
        }
    }
}

async fn combinators(mut reader: TcpStream, mut rx: mpsc::Receiver<u32>) {
    let mut b = [0u8; 8];
    loop {
        tokio::select! {
            n = reader.read_u32().map(|r| r.unwrap_or(0)) => println!("{n}"), // want: select_cancel_unsafe
            Some(v) = rx.recv() => println!("{v}"),
        }
        tokio::select! {
            r = reader
                .read_exact(&mut b) // want: select_cancel_unsafe
                .instrument(tracing::info_span!("header")) => println!("{r:?}"),
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}

async fn async_blocks(mut stream: TcpStream, mut rx: mpsc::Receiver<u32>, out: mpsc::Sender<Vec<u8>>) {
    let mut buf = [0u8; 8];
    loop {
        tokio::select! {
            r = async { stream.read_exact(&mut buf).await } => println!("{r:?}"), // want: select_cancel_unsafe
            Some(v) = rx.recv() => println!("{v}"),
        }
        tokio::select! {
            r = async {
                let n = stream.read(&mut buf).await?;
                let chunk = buf[..n].to_vec();
                out.send(chunk).await.ok(); // want: select_cancel_unsafe
                Ok::<_, std::io::Error>(n)
            } => println!("{r:?}"),
            Some(v) = rx.recv() => println!("{v}"),
        }
        // Only cancel-safe operations: quiet.
        tokio::select! {
            r = async {
                let n = stream.read(&mut buf).await?;
                Ok::<_, std::io::Error>(n * 2)
            } => println!("{r:?}"),
            Some(v) = rx.recv() => println!("{v}"),
        }
        // A task spawned from the block runs on its own: its operations are not the block's.
        tokio::select! {
            _ = async {
                let out = out.clone();
                tokio::spawn(async move { out.send(vec![1]).await.ok() });
            } => {}
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}
