// An optional idle timer made in the loop body (`Option<Pin<Box<Sleep>>>`) and awaited by an
// `async` block branch through `if let Some(ref mut s)`.
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::time::{interval, sleep};

// Restarted by a periodic flush: the flush ticks every 100 ms, so the idle shutdown never
// comes.
pub async fn host(listener: TcpListener, idle_ms: Option<u64>) {
    let mut flush = interval(Duration::from_millis(100));
    loop {
        let idle = idle_ms.map(|ms| sleep(Duration::from_millis(ms))); // want: select_timer_in_loop@warning
        let mut idle = idle.map(Box::pin);
        tokio::select! {
            Ok((conn, _)) = listener.accept() => drop(conn),
            _ = flush.tick() => println!("flush"),
            _ = async {
                if let Some(ref mut s) = idle {
                    s.as_mut().await
                } else {
                    std::future::pending::<()>().await
                }
            }, if idle_ms.is_some() => return,
        }
    }
}

// Restarted only by connections: an idle timeout, which is what is meant. Note.
pub async fn host_idle(listener: TcpListener, idle_ms: Option<u64>) {
    loop {
        let idle = idle_ms.map(|ms| Box::pin(sleep(Duration::from_millis(ms)))); // want: select_timer_in_loop@note
        tokio::select! {
            Ok((conn, _)) = listener.accept() => drop(conn),
            _ = async {
                match idle {
                    Some(s) => s.await,
                    None => std::future::pending::<()>().await,
                }
            } => return,
        }
    }
}

// The timer made once, before the loop. Quiet.
pub async fn host_fixed(listener: TcpListener, idle_ms: u64) {
    let mut flush = interval(Duration::from_millis(100));
    let idle = sleep(Duration::from_millis(idle_ms));
    tokio::pin!(idle);
    loop {
        tokio::select! {
            Ok((conn, _)) = listener.accept() => drop(conn),
            _ = flush.tick() => println!("flush"),
            _ = &mut idle => return,
        }
    }
}
