// Readers in a select! loop: the ones that keep their progress inside the future lose it when
// another branch wins; the ones that read nothing until they complete, or keep what they read
// in the caller's buffer, are cancel safe.
use bytes::BytesMut;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::{broadcast, mpsc};

async fn length_prefixed(mut stream: TcpStream, mut shutdown: broadcast::Receiver<()>, mut cmds: mpsc::Receiver<String>) {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            res = stream.read_exact(&mut header) => { // want: select_cancel_unsafe
                if res.is_err() {
                    return;
                }
                println!("frame of {} bytes", u32::from_be_bytes(header));
            }
            Some(cmd) = cmds.recv() => println!("command {cmd}"),
            _ = shutdown.recv() => break,
        }
    }
}

async fn numbers(mut stream: TcpStream, mut cmds: mpsc::Receiver<String>) {
    loop {
        tokio::select! {
            len = stream.read_u32() => println!("{len:?}"), // want: select_cancel_unsafe
            Some(cmd) = cmds.recv() => println!("{cmd}"),
        }
        // A one-byte read makes one read call and keeps nothing: tokio documents it as cancel
        // safe. The two-byte read can stop half way.
        tokio::select! {
            v = stream.read_u16_le() => println!("{v:?}"), // want: select_cancel_unsafe
            b = stream.read_u8() => println!("{b:?}"),
            b = stream.read_i8() => println!("{b:?}"),
        }
        tokio::select! {
            f = stream.read_f64() => println!("{f:?}"), // want: select_cancel_unsafe
            Some(cmd) = cmds.recv() => println!("{cmd}"),
        }
    }
}

async fn whole_stream(mut stream: TcpStream, mut cmds: mpsc::Receiver<String>) {
    let mut body = Vec::new();
    let mut text = String::new();
    loop {
        tokio::select! {
            n = stream.read_to_end(&mut body) => println!("{n:?}"), // want: select_cancel_unsafe
            Some(cmd) = cmds.recv() => println!("{cmd}"),
        }
        tokio::select! {
            n = stream.read_to_string(&mut text) => println!("{n:?}"), // want: select_cancel_unsafe
            Some(cmd) = cmds.recv() => println!("{cmd}"),
        }
    }
}

async fn lines(stream: TcpStream, mut cmds: mpsc::Receiver<String>) {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut raw = Vec::new();
    loop {
        tokio::select! {
            n = reader.read_line(&mut line) => { // want: select_cancel_unsafe
                println!("{n:?}: {line}");
                line.clear();
            }
            Some(cmd) = cmds.recv() => println!("{cmd}"),
        }
        // read_until appends what it read to `raw`: calling it again continues.
        tokio::select! {
            n = reader.read_until(b'\n', &mut raw) => println!("{n:?}"),
            Some(cmd) = cmds.recv() => println!("{cmd}"),
        }
    }
}

async fn next_line_is_safe(stream: TcpStream, mut cmds: mpsc::Receiver<String>) {
    let mut lines = BufReader::new(stream).lines();
    loop {
        tokio::select! {
            line = lines.next_line() => println!("{line:?}"),
            Some(cmd) = cmds.recv() => println!("{cmd}"),
        }
    }
}

// The tokio tutorial's way: read into a buffer that lives across iterations.
async fn read_into_buffer(mut stream: TcpStream, mut cmds: mpsc::Receiver<String>) {
    let mut buf = BytesMut::with_capacity(4096);
    let mut chunk = [0u8; 1024];
    loop {
        tokio::select! {
            n = stream.read_buf(&mut buf) => println!("{n:?}"),
            n = stream.read(&mut chunk) => println!("{n:?}"),
            Some(cmd) = cmds.recv() => println!("{cmd}"),
        }
    }
}
