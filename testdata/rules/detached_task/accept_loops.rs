// Accept loops: the listener belongs to the task, and `accept()` fails only when the process
// runs out of resources, so a loop whose only way out is an accept error runs for ever.
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;

async fn serve_conn(_s: tokio::net::TcpStream) {
    tokio::time::sleep(Duration::from_millis(1)).await;
}

// Leaves only on an accept error.
pub fn start_rendezvous(listener: TcpListener) {
    tokio::spawn(async move { // want: detached_task
        loop {
            let (conn, _) = match listener.accept().await {
                Ok(c) => c,
                Err(_) => break,
            };
            tokio::spawn(serve_conn(conn));
        }
    });
}

// The same with `?`.
pub fn start_plain(listener: TcpListener) {
    tokio::spawn(async move { // want: detached_task
        loop {
            let (conn, _) = listener.accept().await?;
            tokio::spawn(serve_conn(conn));
        }
        #[allow(unreachable_code)]
        Ok::<(), std::io::Error>(())
    });
}

// Leaves on a shutdown signal too: it can end. Quiet.
pub fn start_stoppable(listener: TcpListener, mut stop: oneshot::Receiver<()>) {
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = &mut stop => break,
                r = listener.accept() => match r {
                    Ok((conn, _)) => { tokio::spawn(serve_conn(conn)); }
                    Err(_) => break,
                },
            }
        }
    });
}

// Leaves when a counter says so, besides the accept error. Quiet.
pub fn start_bounded(listener: TcpListener, max: usize) {
    tokio::spawn(async move {
        let mut served = 0;
        loop {
            let Ok((conn, _)) = listener.accept().await else { return };
            tokio::spawn(serve_conn(conn));
            served += 1;
            if served == max {
                break;
            }
        }
    });
}

// A named fn whose accept loop leaves only by `?` on an accept error.
async fn accept_forever(listener: TcpListener) -> std::io::Result<()> {
    loop {
        let (conn, _) = listener.accept().await?;
        tokio::spawn(serve_conn(conn));
    }
}

pub fn start_named(listener: TcpListener) {
    tokio::spawn(accept_forever(listener)); // want: detached_task
}
