// A shutdown branch written first in a `tokio::select!` inside a loop, with no `biased;`.
use tokio::signal;
use tokio::signal::unix::{signal as unix_signal, SignalKind};
use tokio::sync::{broadcast, mpsc, oneshot, watch, Notify};
use tokio::time::{interval, sleep, Duration};
use tokio_util::sync::CancellationToken;

async fn handle(_msg: String) {}

pub async fn worker(token: CancellationToken, mut rx: mpsc::Receiver<String>) {
    loop {
        tokio::select! {
            _ = token.cancelled() => break, // want: select_unbiased_priority
            Some(msg) = rx.recv() => handle(msg).await,
        }
    }
}

pub async fn worker_biased(token: CancellationToken, mut rx: mpsc::Receiver<String>) {
    loop {
        tokio::select! {
            biased;
            _ = token.cancelled() => break,
            Some(msg) = rx.recv() => handle(msg).await,
        }
    }
}

pub async fn worker_shutdown_last(token: CancellationToken, mut rx: mpsc::Receiver<String>) {
    // Written last: the author did not ask for priority.
    loop {
        tokio::select! {
            Some(msg) = rx.recv() => handle(msg).await,
            _ = token.cancelled() => break,
        }
    }
}

pub async fn broadcast_shutdown(mut shutdown_rx: broadcast::Receiver<()>, mut rx: mpsc::Receiver<String>) {
    while let Some(msg) = async { None::<String> }.await {
        handle(msg).await;
    }
    loop {
        tokio::select! {
            _ = shutdown_rx.recv() => { // want: select_unbiased_priority
                tracing::info!("shutting down");
                return;
            }
            msg = rx.recv() => match msg {
                Some(msg) => handle(msg).await,
                None => return,
            },
            _ = sleep(Duration::from_secs(30)) => tracing::debug!("idle"),
        }
    }
}

pub struct Server {
    shutdown: watch::Receiver<bool>,
    stop: Notify,
    jobs: mpsc::Receiver<String>,
}

impl Server {
    pub async fn run(&mut self) {
        loop {
            tokio::select! {
                _ = self.shutdown.changed() => break, // want: select_unbiased_priority
                Some(job) = self.jobs.recv() => handle(job).await,
            }
        }
    }

    pub async fn run_notified(&mut self) {
        let mut tick = interval(Duration::from_secs(1));
        loop {
            tokio::select! {
                _ = self.stop.notified() => return, // want: select_unbiased_priority
                _ = tick.tick() => {}
                Some(job) = self.jobs.recv() => handle(job).await,
            }
        }
    }

    pub async fn run_with_flag(&mut self, mut closed: bool) {
        loop {
            tokio::select! {
                _ = self.stop.notified(), if !closed => break, // want: select_unbiased_priority
                job = self.jobs.recv() => match job {
                    Some(job) => handle(job).await,
                    None => closed = true,
                },
            }
        }
    }
}

pub async fn oneshot_shutdown(shutdown: oneshot::Receiver<()>, mut rx: mpsc::Receiver<String>) {
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            _ = &mut shutdown => break, // want: select_unbiased_priority
            Some(msg) = rx.recv() => handle(msg).await,
        }
    }
}

pub async fn ctrl_c_loop(mut rx: mpsc::Receiver<String>) {
    loop {
        tokio::select! {
            _ = signal::ctrl_c() => break, // want: select_unbiased_priority
            Some(msg) = rx.recv() => handle(msg).await,
        }
    }
}

pub async fn sigterm_loop(mut rx: mpsc::Receiver<String>) -> std::io::Result<()> {
    let mut sigterm = unix_signal(SignalKind::terminate())?;
    loop {
        tokio::select! {
            _ = sigterm.recv() => return Ok(()), // want: select_unbiased_priority
            Some(msg) = rx.recv() => handle(msg).await,
        }
    }
}

// --- Look-alikes that stay quiet ---

pub async fn one_shot_race(token: CancellationToken) -> u32 {
    // Not in a loop: one race, and tokio's own docs write it this way. Whichever wins, the
    // race is over; there is no stream of work to keep picking over the signal.
    tokio::select! {
        _ = token.cancelled() => 5,
        _ = sleep(Duration::from_secs(9999)) => 99,
    }
}

pub async fn one_shot_job(token: CancellationToken, job: impl std::future::Future<Output = ()>) {
    // A token raced against a whole job, once.
    tokio::select! {
        _ = token.cancelled() => {}
        _ = job => {}
    }
}

pub async fn poll_then_sleep(mut shutdown_rx: watch::Receiver<bool>) {
    // In a loop, but the other branch is a fresh sleep: it is not ready again and again,
    // so the signal is not starved.
    loop {
        handle(String::new()).await;
        tokio::select! {
            _ = shutdown_rx.changed() => break,
            _ = sleep(Duration::from_secs(60)) => {}
        }
    }
}

pub async fn pinned_work(token: CancellationToken, work: impl std::future::Future<Output = ()>) {
    // The other branch is one pinned future: it completes once.
    tokio::pin!(work);
    loop {
        tokio::select! {
            _ = token.cancelled() => break,
            _ = &mut work => {}
        }
    }
}

pub async fn async_block_branch(token: CancellationToken, tx: mpsc::Sender<String>) {
    // An async block says nothing about how often it is ready.
    loop {
        tokio::select! {
            _ = token.cancelled() => break,
            _ = async { let _ = tx.send(String::new()).await; } => {}
        }
    }
}

pub async fn busy_sources(token: CancellationToken, listener: tokio::net::TcpListener, mut lines: tokio::io::Lines<tokio::io::BufReader<tokio::net::TcpStream>>) {
    // An accept loop, an interval and a line reader: each can be ready on every iteration.
    loop {
        tokio::select! {
            _ = token.cancelled() => break, // want: select_unbiased_priority
            Ok((sock, _)) = listener.accept() => drop(sock),
        }
    }
    let mut every = interval(Duration::from_millis(10));
    loop {
        tokio::select! {
            _ = token.cancelled() => break, // want: select_unbiased_priority
            _ = every.tick() => handle(String::new()).await,
        }
    }
    loop {
        tokio::select! {
            _ = token.cancelled() => return, // want: select_unbiased_priority
            Ok(Some(line)) = lines.next_line() => handle(line).await,
        }
    }
}

pub async fn only_signals() -> std::io::Result<()> {
    // Every branch is a signal: there is no work for the shutdown to lose to.
    let mut sigterm = unix_signal(SignalKind::terminate())?;
    let mut sighup = unix_signal(SignalKind::hangup())?;
    loop {
        tokio::select! {
            _ = signal::ctrl_c() => break,
            _ = sigterm.recv() => break,
            _ = sighup.recv() => tracing::info!("reload"),
        }
    }
    Ok(())
}

pub async fn single_branch(token: CancellationToken) {
    loop {
        tokio::select! {
            _ = token.cancelled() => break,
            else => break,
        }
    }
}

pub async fn race_in_a_loop(stop_rx: oneshot::Receiver<()>, main: impl std::future::Future<Output = i32>) -> bool {
    // Every branch leaves the loop: this is a one-shot race too.
    tokio::pin!(stop_rx);
    tokio::pin!(main);
    loop {
        tokio::select! {
            _ = &mut stop_rx => break true,
            code = &mut main => {
                tracing::warn!(code, "exited");
                break false;
            }
        }
    }
}

pub async fn event_not_shutdown(mut monitor_stopped: mpsc::Receiver<i32>, mut rx: mpsc::Receiver<String>) {
    // The branch reacts to an event and carries on: it does not end the loop.
    loop {
        tokio::select! {
            Some(code) = monitor_stopped.recv() => tracing::warn!(code, "monitor restarted"),
            Some(msg) = rx.recv() => handle(msg).await,
        }
    }
}

pub async fn rechecked(token: CancellationToken, mut rx: mpsc::Receiver<String>) {
    loop {
        tokio::select! {
            _ = token.cancelled() => break,
            Some(msg) = rx.recv() => {
                // The race is closed by hand.
                if token.is_cancelled() {
                    break;
                }
                handle(msg).await;
            }
        }
    }
}

pub async fn not_a_signal(mut stopwatch: tokio::time::Interval, mut conn: tokio::net::TcpStream, mut rx: mpsc::Receiver<String>) {
    use tokio::io::AsyncWriteExt;
    loop {
        tokio::select! {
            // `stopwatch` is not `stop`; `conn.shutdown()` performs a shutdown, it does not wait for one.
            _ = stopwatch.tick() => break,
            Some(msg) = rx.recv() => handle(msg).await,
        }
        tokio::select! {
            _ = conn.shutdown() => return,
            Some(msg) = rx.recv() => handle(msg).await,
        }
    }
}

pub async fn spawned_from_a_loop(token: CancellationToken, mut jobs: mpsc::Receiver<mpsc::Receiver<String>>) {
    // The select! runs once per spawned task (the loop only spawns): a one-shot race.
    while let Some(mut rx) = jobs.recv().await {
        let token = token.clone();
        tokio::spawn(async move {
            tokio::select! {
                _ = token.cancelled() => {}
                Some(msg) = rx.recv() => handle(msg).await,
            }
        });
    }
}

#[tokio::test]
async fn test_worker() {
    let token = CancellationToken::new();
    let (_tx, mut rx) = mpsc::channel::<String>(1);
    loop {
        tokio::select! {
            _ = token.cancelled() => break,
            Some(msg) = rx.recv() => handle(msg).await,
        }
    }
}

pub fn blocking(stop: crossbeam_channel::Receiver<()>, work: crossbeam_channel::Receiver<String>) {
    // crossbeam's select! is a blocking select with its own syntax.
    loop {
        crossbeam_channel::select! {
            recv(stop) -> _ => break,
            recv(work) -> msg => drop(msg),
        }
    }
}
