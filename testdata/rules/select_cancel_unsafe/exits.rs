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

async fn reconnect() -> std::io::Result<TcpStream> {
    TcpStream::connect("127.0.0.1:9").await
}

// The branch that wins replaces the stream the cancelled copy worked on (a reconnect after
// the port-forward failed): what the copy held belonged to the failed connection. A note.
async fn forward_with_reconnect(mut stream: TcpStream, mut local: TcpStream, mut failures: mpsc::Receiver<String>) {
    loop {
        tokio::select! {
            failed = failures.recv() => {
                let Some(why) = failed else { break };
                println!("{why}");
                match reconnect().await {
                    Ok(next) => stream = next,
                    Err(_) => break,
                }
            }
            r = tokio::io::copy_bidirectional(&mut stream, &mut local) => { // want: select_cancel_unsafe@note
                println!("{r:?}");
                break;
            }
        }
    }
}

// Its twin: the winning branch keeps the same stream, and the next turn's copy starts over
// without what the cancelled one held. A warning.
async fn forward_with_log(mut stream: TcpStream, mut local: TcpStream, mut events: mpsc::Receiver<String>) {
    loop {
        tokio::select! {
            ev = events.recv() => {
                let Some(ev) = ev else { break };
                println!("{ev}");
            }
            r = tokio::io::copy_bidirectional(&mut stream, &mut local) => { // want: select_cancel_unsafe@warning
                println!("{r:?}");
                break;
            }
        }
    }
}
