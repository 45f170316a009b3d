// The level follows the harm. Tokio moves a future larger than 2 KiB to the heap as soon as
// it is spawned or handed to `block_on`, so a 64 KiB receive buffer in a connection task
// costs what a `Vec` would: a note. A future of hundreds of KiB is still built on the stack
// of whoever creates it (a worker thread has 2 MiB) before it gets there: from 512 KiB
// (option `warn-threshold`) on, a warning.
use tokio::io::AsyncReadExt;
use tokio::net::{TcpListener, TcpStream};

pub async fn serve(listener: TcpListener) {
    loop {
        let Ok((sock, _)) = listener.accept().await else { continue };
        tokio::spawn(handle(sock));
    }
}

async fn handle(mut sock: TcpStream) {
    let mut buf = [0u8; 64 * 1024]; // want: large_future_capture@note
    while let Ok(n) = sock.read(&mut buf).await {
        if n == 0 {
            break;
        }
    }
}

// A lookup table of 1 MiB kept across the reads: the future is 1 MiB, built on the stack.
pub async fn decode(mut sock: TcpStream) -> u64 {
    let table = [0u64; 128 * 1024]; // want: large_future_capture@warning
    let mut sum = 0;
    let mut b = [0u8; 1];
    while let Ok(1) = sock.read(&mut b).await {
        sum += table[b[0] as usize];
    }
    sum
}

// On the heap from the start: nothing to report at any size.
pub async fn decode_boxed(mut sock: TcpStream) -> u64 {
    let table = vec![0u64; 128 * 1024];
    let mut sum = 0;
    let mut b = [0u8; 1];
    while let Ok(1) = sock.read(&mut b).await {
        sum += table[b[0] as usize];
    }
    sum
}
