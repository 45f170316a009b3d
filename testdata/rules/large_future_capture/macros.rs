// Arrays inside macro bodies, and macros that await.
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

macro_rules! cfg_rt {
    ($($item:item)*) => { $( #[cfg(feature = "rt")] $item )* }
}

cfg_rt! {
    pub async fn pump(mut stream: TcpStream) -> std::io::Result<()> {
        let mut buf = [0u8; 131072]; // want: large_future_capture
        let n = stream.read(&mut buf).await?;
        stream.write_all(&buf[..n]).await
    }

    pub async fn pump_small(mut stream: TcpStream) -> std::io::Result<usize> {
        let mut buf = [0u8; 2048];
        stream.read(&mut buf).await
    }
}

cfg_if::cfg_if! {
    if #[cfg(unix)] {
        pub async fn drain(mut stream: TcpStream) -> std::io::Result<u64> {
            let mut scratch = [0u8; 1 << 17]; // want: large_future_capture
            let mut total = 0;
            loop {
                let n = stream.read(&mut scratch).await?;
                if n == 0 {
                    return Ok(total);
                }
                total += n as u64;
            }
        }
    } else {
        pub async fn drain(mut stream: TcpStream) -> std::io::Result<u64> {
            let mut scratch = vec![0u8; 1 << 17];
            let n = stream.read(&mut scratch).await?;
            Ok(n as u64)
        }
    }
}

// select! awaits: a future that borrows the array holds it across that await.
async fn select_read(mut stream: TcpStream, mut stop: mpsc::Receiver<()>) {
    let mut buf = [0u8; 65536]; // want: large_future_capture
    loop {
        tokio::select! {
            res = stream.read(&mut buf) => {
                if res.unwrap_or(0) == 0 {
                    break;
                }
            }
            _ = stop.recv() => break,
        }
    }
}

// An array declared in a select! handler and held across an `.await` in that handler.
async fn in_handler(mut stream: TcpStream, mut rx: mpsc::Receiver<u8>) {
    tokio::select! {
        Some(b) = rx.recv() => {
            let frame = [b; 32768]; // want: large_future_capture
            stream.write_all(&frame).await.ok();
        }
        else => {
            let frame = [0u8; 32768];
            let first = frame[0];
            stream.write_u8(first).await.ok();
        }
    }
}

// Inside the async blocks handed to join!.
async fn joined(mut a: TcpStream, mut b: TcpStream) {
    let (ra, rb) = tokio::join!(
        async {
            let mut buf = [0u8; 65536]; // want: large_future_capture
            a.read(&mut buf).await
        },
        async {
            let mut buf = vec![0u8; 65536];
            b.read(&mut buf).await
        },
    );
    let _ = (ra, rb);
}

// Formatted inline in a format string: a borrow.
async fn inline_format(mut stream: TcpStream) {
    let header = [0u8; 20000]; // want: large_future_capture
    let line = format!("{header:?}");
    stream.write_all(line.as_bytes()).await.ok();
}

// A handler runs after select! has awaited: reading the array there keeps it in the future,
// whichever branch awaits what.
async fn read_in_handler(mut stream: TcpStream, mut rx: mpsc::Receiver<u8>) {
    let table = [0u8; 65536]; // want: large_future_capture
    tokio::select! {
        _ = stream.readable() => {
            stream.write_u8(1).await.ok();
        }
        Some(i) = rx.recv() => {
            let v = table[i as usize];
            println!("{v}");
        }
    }
}

// Only copied before select!, never used in it or after it.
async fn copied_before_select(mut stream: TcpStream, mut rx: mpsc::Receiver<u8>) {
    let table = [0u8; 65536];
    let first = table[0];
    tokio::select! {
        _ = stream.readable() => stream.write_u8(first).await.ok(),
        Some(_) = rx.recv() => None,
    };
}
