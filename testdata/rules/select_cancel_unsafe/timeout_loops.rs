// Operations awaited under `timeout(d, ..)` in a loop that goes on when the deadline passes:
// the timeout drops the operation half done, as a losing select! branch would.
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::time::timeout;

// A poll for a line on every frame of a UI loop: a line that arrives in two pieces loses its
// first piece.
pub async fn ui_loop(reader: &mut BufReader<TcpStream>, running: &mut bool) {
    let mut line = String::new();
    while *running {
        match timeout(Duration::from_millis(5), reader.read_line(&mut line)).await { // want: select_cancel_unsafe
            Ok(Ok(0)) => *running = false,
            Ok(_) => line.clear(),
            Err(_) => {}
        }
    }
}

// The elapsed case skipped by `if let Ok(..)`.
pub async fn headers(sock: &mut TcpStream) {
    loop {
        let mut len = [0u8; 4];
        if let Ok(Ok(_)) = timeout(Duration::from_secs(1), sock.read_exact(&mut len)).await { // want: select_cancel_unsafe
            println!("{}", u32::from_be_bytes(len));
        }
    }
}

// The result thrown away, then `continue` on `is_err()`.
pub async fn heartbeat(sock: &mut TcpStream) {
    let beat = vec![0u8; 4096];
    loop {
        if timeout(Duration::from_millis(50), sock.write_all(&beat)).await.is_err() { // want: select_cancel_unsafe
            continue;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

// The elapsed case leaves the loop (`?`). Quiet.
pub async fn handshake(sock: &mut TcpStream) -> Result<(), Box<dyn std::error::Error>> {
    loop {
        let mut len = [0u8; 4];
        timeout(Duration::from_secs(5), sock.read_exact(&mut len)).await??;
        if len == [0; 4] {
            return Ok(());
        }
    }
}

// The elapsed case breaks. Quiet.
pub async fn drain(sock: &mut TcpStream) {
    let mut len = [0u8; 4];
    loop {
        match timeout(Duration::from_secs(5), sock.read_exact(&mut len)).await {
            Ok(Ok(_)) => println!("{len:?}"),
            Ok(Err(_)) | Err(_) => break,
        }
    }
}

// A message given up at the deadline: what a timeout per item is for. Quiet.
pub async fn forward(items: Vec<u64>, tx: mpsc::Sender<u64>) {
    for item in items {
        if timeout(Duration::from_millis(10), tx.send(item)).await.is_err() {
            eprintln!("consumer too slow, dropped {item}");
        }
    }
}

// A cancel-safe read under a timeout. Quiet.
pub async fn poll_bytes(sock: &mut TcpStream, buf: &mut Vec<u8>) {
    loop {
        if let Ok(Ok(0)) = timeout(Duration::from_millis(5), sock.read_buf(buf)).await {
            return;
        }
    }
}

// The future pinned before the loop and awaited through `&mut`: nothing is lost. Quiet.
pub async fn pinned(sock: &mut TcpStream) {
    let mut len = [0u8; 4];
    let read = sock.read_exact(&mut len);
    tokio::pin!(read);
    loop {
        match timeout(Duration::from_millis(5), &mut read).await {
            Ok(_) => break,
            Err(_) => println!("still waiting"),
        }
    }
}

// A stream made in this iteration goes with it. Quiet.
pub async fn probes(addr: &str) {
    loop {
        let Ok(mut s) = TcpStream::connect(addr).await else { return };
        let mut len = [0u8; 4];
        let _ = timeout(Duration::from_secs(1), s.read_exact(&mut len)).await;
    }
}

// The elapsed case of `.is_err()` returns. Quiet.
pub async fn heartbeat_once(sock: &mut TcpStream) {
    let beat = vec![0u8; 4096];
    loop {
        if timeout(Duration::from_millis(50), sock.write_all(&beat)).await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

// Each address gets its own connection, bound by a `match` arm in the iteration: a timeout
// goes on to the next address with a new stream, and the old one is dropped. Quiet.
pub async fn probe_each(addrs: Vec<std::net::SocketAddr>) {
    for addr in addrs {
        match TcpStream::connect(addr).await {
            Ok(mut conn) => {
                let mut greeting = [0u8; 8];
                match timeout(Duration::from_secs(1), async {
                    conn.write_all(b"HELO\r\n").await?;
                    conn.read_exact(&mut greeting).await
                })
                .await
                {
                    Ok(_) => println!("{addr}: {greeting:?}"),
                    Err(_) => continue,
                }
            }
            Err(_) => continue,
        }
    }
}

// The same connection upgraded in the iteration (`let conn = match conn.upgrade(&cfg).await`):
// still this iteration's own. Quiet.
pub async fn probe_upgraded(addrs: Vec<std::net::SocketAddr>, cfg: String) {
    for addr in addrs {
        let Ok(conn) = TcpStream::connect(addr).await else { continue };
        let mut conn = match upgrade(conn, &cfg).await {
            Some(c) => c,
            None => continue,
        };
        if timeout(Duration::from_secs(1), conn.write_all(b"EHLO\r\n")).await.is_err() {
            continue;
        }
    }
}

async fn upgrade(conn: TcpStream, _cfg: &str) -> Option<TcpStream> {
    Some(conn)
}

// `while let Ok(..)` inside a loop that reads again from the same reader: the deadline ends
// the inner loop, and the outer one starts a new `read_line`, losing the partial line.
pub async fn poll_lines(reader: &mut BufReader<TcpStream>) {
    let mut line = String::new();
    loop {
        while let Ok(Ok(n)) = timeout(Duration::from_millis(5), reader.read_line(&mut line)).await { // want: select_cancel_unsafe
            if n == 0 {
                return;
            }
            line.clear();
        }
        tokio::task::yield_now().await;
    }
}

// The same without the outer loop: the deadline ends the reading. Quiet.
pub async fn lines_until_quiet(reader: &mut BufReader<TcpStream>) {
    let mut line = String::new();
    while let Ok(Ok(n)) = timeout(Duration::from_secs(5), reader.read_line(&mut line)).await {
        if n == 0 {
            break;
        }
        line.clear();
    }
}

// A ping written under a timeout whose elapsed case sets a flag that ends the loop: the half
// written ping dies with the connection. Quiet. The twin's flag only counts a lost ping, and
// the loop writes again on the same stream.
pub async fn pinger(stream: &mut TcpStream, limit: u32) {
    let mut lost = 0;
    loop {
        let closed = match timeout(Duration::from_secs(5), stream.write_all(b"ping")).await {
            Ok(Ok(())) => false,
            _ => true,
        };
        lost += 1;
        if closed || lost > limit {
            break;
        }
    }
}

pub async fn pinger_counting(stream: &mut TcpStream, limit: u32) {
    let mut lost = 0;
    loop {
        let late = match timeout(Duration::from_secs(5), stream.write_all(b"ping")).await { // want: select_cancel_unsafe
            Ok(Ok(())) => false,
            _ => true,
        };
        if late {
            lost += 1;
        }
        if lost > limit {
            break;
        }
    }
}

// A select! branch that polls `timeout(d, op)` beside branches that all leave the loop: the
// branch's own timeout drops op half done, and when its handler goes on after the deadline
// the next iteration starts a new op. The twins leave the loop when the deadline passes,
// or match only `Ok(..)`.
async fn read_frame(sock: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let len = sock.read_u32().await? as usize;
    buf.resize(len, 0);
    sock.read_exact(&mut buf[..]).await?;
    Ok(len)
}

pub async fn frames_until_stopped(mut sock: TcpStream, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut buf = Vec::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            r = timeout(Duration::from_secs(10), read_frame(&mut sock, &mut buf)) => match r { // want: select_cancel_unsafe
                Ok(Ok(n)) => println!("frame of {n} bytes"),
                Ok(Err(_)) => break,
                Err(_) => println!("no frame for 10 s"),
            },
        }
    }
}

pub async fn header_until_stopped(mut sock: TcpStream, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            _ = timeout(Duration::from_secs(1), sock.read_exact(&mut header)) => {} // want: select_cancel_unsafe
        }
    }
}

pub async fn frames_until_idle(mut sock: TcpStream, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut buf = Vec::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            r = timeout(Duration::from_secs(10), read_frame(&mut sock, &mut buf)) => match r {
                Ok(Ok(n)) => println!("frame of {n} bytes"),
                Ok(Err(_)) | Err(_) => break,
            },
        }
    }
}

pub async fn header_or_give_up(mut sock: TcpStream, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            r = timeout(Duration::from_secs(1), sock.read_exact(&mut header)) => {
                if r.is_err() {
                    return;
                }
                println!("{}", u32::from_be_bytes(header));
            }
        }
    }
}
