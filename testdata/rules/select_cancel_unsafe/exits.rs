// A lost operation matters only when the loop goes on: when every other branch leaves the
// loop, the select! is the last thing the loop does.
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use tokio::sync::{broadcast, mpsc};
use tokio_util::sync::CancellationToken;

async fn shutdown_only(mut stream: TcpStream, token: CancellationToken) -> std::io::Result<()> {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            r = stream.read_exact(&mut header) => {
                r?;
                println!("{}", u32::from_be_bytes(header));
            }
            _ = token.cancelled() => return Ok(()),
        }
    }
}

async fn every_arm_leaves(mut stream: TcpStream, mut stop: broadcast::Receiver<()>) {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            r = stream.read_exact(&mut header) => println!("{r:?}"),
            r = stop.recv() => match r {
                Ok(()) => break,
                Err(_) => return,
            },
        }
    }
}

async fn labelled(mut stream: TcpStream, mut stop: broadcast::Receiver<()>, mut rx: mpsc::Receiver<u32>) {
    let mut header = [0u8; 4];
    'conn: while let Some(v) = rx.recv().await {
        for _ in 0..v {
            tokio::select! {
                r = stream.read_exact(&mut header) => println!("{r:?}"),
                _ = stop.recv() => continue 'conn,
            }
        }
    }
}

async fn one_branch_keeps_going(mut stream: TcpStream, token: CancellationToken, mut rx: mpsc::Receiver<u32>) {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            r = stream.read_exact(&mut header) => println!("{r:?}"), // want: select_cancel_unsafe
            _ = token.cancelled() => break,
            Some(v) = rx.recv() => {
                if v == 0 {
                    break;
                }
                println!("{v}");
            }
        }
    }
}

async fn tried(mut stream: TcpStream, mut rx: mpsc::Receiver<u32>) -> Result<(), String> {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            r = stream.read_exact(&mut header) => r.map(|_| ()).map_err(|e| e.to_string()),
            _ = rx.recv() => Err("stopped".to_string()),
        }?;
    }
}

// The only branch: nothing else can win (the else branch runs when every branch is disabled).
async fn single_branch(mut stream: TcpStream, mut ready: bool) {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            r = stream.read_exact(&mut header), if ready => ready = r.is_ok(),
            else => break,
        }
    }
}

#[derive(Debug)]
enum StartError {
    AcceptTimeout,
}

// `Err(..)?` always returns: a timeout branch written that way ends the loop as `return`
// would.
async fn timeout_returns_through_try(mut stream: TcpStream, token: CancellationToken) -> Result<(), StartError> {
    let mut header = [0u8; 4];
    let deadline = tokio::time::sleep(std::time::Duration::from_secs(5));
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            r = stream.read_exact(&mut header) => println!("{r:?}"),
            _ = &mut deadline => {
                Err(StartError::AcceptTimeout)?;
            }
            _ = token.cancelled() => break,
        }
    }
    Ok(())
}

// Its twin: `?` on a value that may be `Ok` goes on, so that branch keeps the loop going.
async fn try_may_go_on(mut stream: TcpStream, mut rx: mpsc::Receiver<Result<u32, StartError>>) -> Result<(), StartError> {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            r = stream.read_exact(&mut header) => println!("{r:?}"), // want: select_cancel_unsafe
            Some(v) = rx.recv() => {
                v?;
            }
        }
    }
}
