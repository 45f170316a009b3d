// A cancel-unsafe operation raced only against cancellation: when the token fires, the work
// is being stopped, and what the operation had read is meant to be dropped, even when the
// handler only closes a channel and the loop ends a few lines later. A token stays cancelled,
// so the loop cannot go on working. Quiet. Its twins race the same read against a message
// channel too (which goes on with the loop), or against a channel merely named `stop`.
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

pub async fn pump(mut stream: TcpStream, token: CancellationToken, mut out: mpsc::Receiver<Vec<u8>>) {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            _ = token.cancelled() => {
                out.close();
            }
            r = stream.read_exact(&mut header) => {
                if r.is_err() {
                    break;
                }
            }
        }
        if token.is_cancelled() {
            break;
        }
    }
}

pub async fn until_ctrl_c(mut stream: TcpStream) {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {
                eprintln!("interrupted");
            }
            r = stream.read_exact(&mut header) => {
                if r.is_err() {
                    return;
                }
            }
        }
    }
}

pub async fn pump_and_serve(mut stream: TcpStream, token: CancellationToken, mut jobs: mpsc::Receiver<u8>) {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            _ = token.cancelled() => break,
            Some(job) = jobs.recv() => { let _ = job; }
            r = stream.read_exact(&mut header) => { // want: select_cancel_unsafe
                if r.is_err() {
                    break;
                }
            }
        }
    }
}

pub async fn pump_until_stop(mut stream: TcpStream, mut stop: mpsc::Receiver<()>) {
    let mut header = [0u8; 4];
    loop {
        tokio::select! {
            _ = stop.recv() => {
                eprintln!("stop requested; finishing the frame first");
            }
            r = stream.read_exact(&mut header) => { // want: select_cancel_unsafe
                if r.is_err() {
                    break;
                }
            }
        }
    }
}
