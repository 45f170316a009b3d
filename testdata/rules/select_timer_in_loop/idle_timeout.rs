// The idle timeout: a timer that is meant to restart whenever something happens. Its handler
// leaves the loop (a timeout, not periodic work), so it is a note: worth knowing in case a
// deadline over the whole loop was meant. A heartbeat whose handler does its work and goes on
// is starved by the same restarts: a warning, unless the traffic that restarts it goes where
// the heartbeat goes.
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::time::{self, Instant};

const IDLE: Duration = Duration::from_secs(60);

async fn close_idle_connection(mut socket: TcpStream) -> std::io::Result<()> {
    let mut buf = vec![0; 4096];
    loop {
        tokio::select! {
            n = socket.read(&mut buf) => {
                let n = n?;
                if n == 0 {
                    return Ok(());
                }
                socket.write_all(&buf[..n]).await?;
            }
            _ = time::sleep(IDLE) => { // want: select_timer_in_loop@note
                return Ok(());
            }
        }
    }
}

// Debouncing is the same shape, on purpose.
async fn debounce(mut events: mpsc::Receiver<String>) -> Vec<String> {
    let mut batch = Vec::new();
    loop {
        tokio::select! {
            Some(e) = events.recv() => batch.push(e),
            _ = time::sleep(Duration::from_millis(200)) => return batch, // want: select_timer_in_loop@note
        }
    }
}

// Under steady traffic this ping is never sent, but the traffic goes to the same socket: the
// peer hears from us all the time, and the ping only fills the silences (a keep-alive).
// Worth knowing, in case the protocol wants a ping on a fixed period: a note. The twin that
// pings somewhere else is in keepalive_and_reset.rs.
async fn heartbeat(mut outgoing: mpsc::Receiver<String>, socket: &mut TcpStream) -> std::io::Result<()> {
    loop {
        tokio::select! {
            Some(msg) = outgoing.recv() => socket.write_all(msg.as_bytes()).await?,
            _ = time::sleep(Duration::from_secs(15)) => socket.write_all(b"ping\n").await?, // want: select_timer_in_loop@note
        }
    }
}

// The same idle timeout with an explicit deadline: quiet, and it says what it means.
async fn idle_with_deadline(mut socket: TcpStream) -> std::io::Result<()> {
    let mut buf = vec![0; 4096];
    let mut idle_at = Instant::now() + IDLE;
    loop {
        tokio::select! {
            n = socket.read(&mut buf) => {
                let n = n?;
                if n == 0 {
                    return Ok(());
                }
                idle_at = Instant::now() + IDLE;
                socket.write_all(&buf[..n]).await?;
            }
            _ = time::sleep_until(idle_at) => return Ok(()),
        }
    }
}

// A timer with an empty handler only bounds how long the select waits before the rest of the
// loop body runs; every branch runs it, so a restart starves nothing: quiet. ("Wake on a
// trigger, or re-check every period.")
async fn wake_up_at_least_every_period(mut trigger: mpsc::Receiver<()>, period: Duration) {
    loop {
        tokio::select! {
            _ = time::sleep(period) => {}
            _ = trigger.recv() => {}
        }
        run_compaction().await;
    }
}

async fn bounded_wait_then_flush(mut rx: mpsc::Receiver<String>, out: &mut Vec<String>) {
    loop {
        tokio::select! {
            Some(line) = rx.recv() => out.push(line),
            _ = time::sleep(Duration::from_millis(50)) => (),
        }
        flush(out).await;
    }
}

// ... unless another branch skips that code with `continue`: then only the timer reaches the
// flush, and steady traffic starves it.
async fn flush_starved(mut rx: mpsc::Receiver<String>, out: &mut Vec<String>) {
    loop {
        tokio::select! {
            Some(line) = rx.recv() => {
                out.push(line);
                continue;
            }
            _ = time::sleep(Duration::from_millis(50)) => {} // want: select_timer_in_loop@warning
        }
        flush(out).await;
    }
}

async fn run_compaction() {}
async fn flush(_out: &mut Vec<String>) {}

// With nothing after the select, an empty handler makes the timer pointless when it fires;
// it was most likely meant to do something: reported.
async fn empty_timer_is_the_whole_loop(mut rx: mpsc::Receiver<String>, out: &mut Vec<String>) {
    loop {
        tokio::select! {
            Some(line) = rx.recv() => out.push(line),
            _ = time::sleep(Duration::from_secs(5)) => {} // want: select_timer_in_loop@warning
        }
    }
}

async fn retire_lane() -> bool {
    true
}

// An idle timer named as such, whose handler retires the lane only when it may (and goes
// round otherwise): activity restarting it is what it is for. A note.
async fn lane(mut commands: mpsc::Receiver<u32>, idle_timeout: Duration) {
    loop {
        let idle = time::sleep(idle_timeout); // want: select_timer_in_loop@note
        tokio::pin!(idle);
        tokio::select! {
            Some(c) = commands.recv() => println!("{c}"),
            () = &mut idle => {
                if retire_lane().await {
                    return;
                }
                continue;
            }
        }
    }
}

// Its twin is named for periodic work: a flush that steady commands starve.
async fn lane_flush(mut commands: mpsc::Receiver<u32>, flush_every: Duration) {
    let mut pending = Vec::new();
    loop {
        let flush = time::sleep(flush_every); // want: select_timer_in_loop@warning
        tokio::pin!(flush);
        tokio::select! {
            Some(c) = commands.recv() => pending.push(c),
            () = &mut flush => {
                println!("{}", pending.len());
                pending.clear();
            }
        }
    }
}
