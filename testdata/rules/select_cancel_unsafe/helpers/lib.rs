// A crate whose select! branches call its own async fns, declared in other files
// (proto.rs, conn.rs), that await operations that are not cancellation safe.
mod conn;
mod dial;
mod files;
mod proto;
mod pump;

use std::time::Duration;

use tokio::io::BufReader;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use crate::conn::Conn;
use crate::proto::{read_message, read_some, read_text_line, send_hello, write_message, Message};

// The shape of a fixed bug: a frame reader raced against a job queue.
pub async fn miner(mut stream: TcpStream, mut jobs: mpsc::Receiver<Message>) {
    loop {
        tokio::select! {
            msg = read_message(&mut stream) => { let _ = msg; } // want: select_cancel_unsafe
            Some(job) = jobs.recv() => { let _ = write_message(&mut stream, &job).await; }
        }
    }
}

// The reader under a timeout in a select!, the timeout handled by going on.
pub async fn replication(mut stream: TcpStream, mut stop: mpsc::Receiver<()>) {
    loop {
        tokio::select! {
            res = tokio::time::timeout(Duration::from_secs(10), read_message(&mut stream)) => { // want: select_cancel_unsafe
                if res.is_err() {
                    continue;
                }
            }
            Some(()) = stop.recv() => println!("not yet"),
        }
    }
}

// A writer helper raced against incoming requests: a half-written message is written again
// from its start on the next iteration.
pub async fn publisher(mut stream: TcpStream, mut rx: mpsc::Receiver<u8>) {
    let msg = Message(vec![1, 2, 3]);
    loop {
        tokio::select! {
            r = write_message(&mut stream, &msg) => { let _ = r; } // want: select_cancel_unsafe
            Some(b) = rx.recv() => println!("{b}"),
        }
    }
}

// A method, two layers above `read_exact`, in another file.
pub async fn session(conn: &mut Conn, mut ticks: mpsc::Receiver<u8>) {
    loop {
        tokio::select! {
            frame = conn.next_frame() => { let _ = frame; } // want: select_cancel_unsafe
            Some(t) = ticks.recv() => println!("{t}"),
        }
    }
}

// A bounded send of a message moved in, and a lock wait (a note).
pub async fn relay(conn: &Conn, mut rx: mpsc::Receiver<Message>, mut bytes: mpsc::Receiver<u8>) {
    let mut queue: Vec<Message> = Vec::new();
    loop {
        tokio::select! {
            _ = conn.forward(queue.pop().unwrap_or(Message(Vec::new()))) => {} // want: select_cancel_unsafe
            Some(m) = rx.recv() => queue.push(m),
        }
        tokio::select! {
            _ = conn.record(1) => {} // want: select_cancel_unsafe@note
            Some(b) = bytes.recv() => println!("{b}"),
        }
    }
}

// Awaited in an async block the branch polls.
pub async fn lines(mut reader: BufReader<TcpStream>, mut rx: mpsc::Receiver<u8>) {
    loop {
        tokio::select! {
            line = async { read_text_line(&mut reader).await } => println!("{line:?}"), // want: select_cancel_unsafe
            Some(b) = rx.recv() => println!("{b}"),
        }
    }
}

// ---- quiet ----

// A cancel-safe helper.
pub async fn safe_reader(mut stream: TcpStream, mut rx: mpsc::Receiver<u8>) {
    let mut buf = Vec::new();
    loop {
        tokio::select! {
            n = read_some(&mut stream, &mut buf) => println!("{n:?}"),
            Some(b) = rx.recv() => println!("{b}"),
        }
    }
}

// The helper makes its own stream.
pub async fn greeter(mut rx: mpsc::Receiver<u8>) {
    loop {
        tokio::select! {
            r = send_hello("127.0.0.1:9") => println!("{r:?}"),
            Some(b) = rx.recv() => println!("{b}"),
        }
    }
}

// The future is made once and polled by reference: the fix.
pub async fn pinned(mut stream: TcpStream, mut rx: mpsc::Receiver<u8>) {
    let read = read_message(&mut stream);
    tokio::pin!(read);
    loop {
        tokio::select! {
            m = &mut read => { let _ = m; break; }
            Some(b) = rx.recv() => println!("{b}"),
        }
    }
}

// Every other branch leaves the loop: what is lost no longer matters.
pub async fn until_shutdown(mut stream: TcpStream, mut stop: mpsc::Receiver<()>) {
    loop {
        tokio::select! {
            m = read_message(&mut stream) => { let _ = m; }
            _ = stop.recv() => break,
        }
    }
}

// The stream is accepted in this iteration and dropped at its end.
pub async fn per_connection(listener: TcpListener, mut rx: mpsc::Receiver<u8>) {
    loop {
        let (mut sock, _) = listener.accept().await.unwrap();
        tokio::select! {
            m = read_message(&mut sock) => { let _ = m; }
            Some(b) = rx.recv() => println!("{b}"),
        }
    }
}

// `read_frame` is declared by two types; the receiver's type is unknown here.
pub async fn generic<F: FrameSource>(src: &mut F, mut rx: mpsc::Receiver<u8>) {
    loop {
        tokio::select! {
            f = src.read_frame() => { let _ = f; }
            Some(b) = rx.recv() => println!("{b}"),
        }
    }
}

pub trait FrameSource {
    async fn read_frame(&mut self) -> std::io::Result<Message>;
}
