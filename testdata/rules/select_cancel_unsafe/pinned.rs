// The fix: create the operation once, before the loop, and poll it by reference. A future
// created in the loop body and then pinned is still created on every iteration.
use std::pin::Pin;

use futures::FutureExt;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use tokio::sync::mpsc;

async fn pinned_before_loop(mut stream: TcpStream, mut rx: mpsc::Receiver<u32>) {
    let mut header = [0u8; 4];
    let read = stream.read_exact(&mut header);
    tokio::pin!(read);
    loop {
        tokio::select! {
            r = &mut read => {
                println!("{r:?}");
                break;
            }
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}

async fn as_mut(mut stream: TcpStream, mut rx: mpsc::Receiver<u32>) {
    let mut body = Vec::new();
    let mut read = std::pin::pin!(stream.read_to_end(&mut body));
    loop {
        tokio::select! {
            r = read.as_mut() => {
                println!("{r:?}");
                break;
            }
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}

async fn boxed_before_loop(out: mpsc::Sender<String>, mut rx: mpsc::Receiver<u32>) {
    let mut send: Pin<Box<dyn std::future::Future<Output = _> + Send>> = Box::pin(out.send("hello".to_owned()));
    loop {
        tokio::select! {
            r = &mut send => {
                println!("{r:?}");
                break;
            }
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}

async fn fused_before_loop(mut stream: TcpStream, mut rx: mpsc::Receiver<u32>) {
    let mut buf = [0u8; 16];
    let mut read = stream.read_exact(&mut buf).fuse();
    loop {
        futures::select! {
            r = read => {
                println!("{r:?}");
                break;
            }
            v = rx.recv().fuse() => println!("{v:?}"),
        }
    }
}

async fn pinned_in_loop(mut stream: TcpStream, mut rx: mpsc::Receiver<u32>) {
    let mut buf = [0u8; 16];
    loop {
        let read = stream.read_exact(&mut buf); // want: select_cancel_unsafe
        tokio::pin!(read);
        tokio::select! {
            r = &mut read => println!("{r:?}"),
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}

async fn pinned_in_loop_with_macro(out: mpsc::Sender<String>, mut rx: mpsc::Receiver<u32>) {
    let mut n = 0;
    loop {
        n += 1;
        let line = format!("line {n}");
        let send = std::pin::pin!(out.send(line)); // want: select_cancel_unsafe
        tokio::select! {
            r = send => println!("{r:?}"),
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}

// A variable bound outside the loop and shadowed by nothing inside it.
async fn outer_future_by_value(mut stream: TcpStream, mut rx: mpsc::Receiver<u32>) {
    let mut buf = [0u8; 16];
    let mut read = Box::pin(stream.read_exact(&mut buf));
    while let Some(v) = rx.recv().await {
        tokio::select! {
            r = &mut read => {
                println!("{r:?}");
                return;
            }
            Some(w) = rx.recv() => println!("{v} {w}"),
        }
    }
}

// Polling the same future again after a handler replaced it keeps the progress too.
struct Conn {
    read: Option<Pin<Box<dyn std::future::Future<Output = std::io::Result<usize>> + Send>>>,
}

async fn field_future(conn: &mut Conn, mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            r = conn.read.as_mut().unwrap() => println!("{r:?}"),
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}

// Through a timeout: the future inside it decides.
async fn timeout_around_variable(mut control: TcpStream, mut data: TcpStream, mut rx: mpsc::Receiver<u32>) {
    let mut header = [0u8; 4];
    let mut body = [0u8; 64];
    let read_header = control.read_exact(&mut header);
    tokio::pin!(read_header);
    loop {
        tokio::select! {
            r = tokio::time::timeout(std::time::Duration::from_secs(1), &mut read_header) => println!("{r:?}"),
            Some(v) = rx.recv() => println!("{v}"),
        }
        let read_body = data.read_exact(&mut body); // want: select_cancel_unsafe
        let limited = tokio::time::timeout(std::time::Duration::from_secs(1), read_body);
        tokio::select! {
            r = limited => println!("{r:?}"),
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}
