// Signal handlers: a spawned loop whose every turn starts by waiting for a process signal
// sleeps until one arrives, and is meant to live as long as the process. Reported as a note
// (a handler installed more than once would pile up), even when it captures the object's
// state.
use std::sync::Arc;

use tokio::signal::unix::{signal, SignalKind};

pub struct Server {
    state: Arc<State>,
}

pub struct State;

impl State {
    fn begin_shutdown(&self) {}
    fn reload(&self) {}
    async fn next_job(&self) -> u32 {
        0
    }
    async fn run(&self, _job: u32) {}
}

impl Server {
    pub fn install_ctrlc_handler(&self) {
        let state = self.state.clone();
        tokio::spawn(async move { // want: detached_task@note
            loop {
                // Repeated ^C: the first one starts a graceful shutdown, the next ones say so.
                tokio::signal::ctrl_c().await.expect("cannot listen for ^C");
                state.begin_shutdown();
            }
        });
    }

    pub fn reload_on_hangup(&self) -> std::io::Result<()> {
        let state = self.state.clone();
        let mut hangups = signal(SignalKind::hangup())?;
        tokio::spawn(async move { // want: detached_task@note
            loop {
                hangups.recv().await;
                state.reload();
            }
        });
        Ok(())
    }

    // The twin: a worker loop that waits for jobs, not signals. It holds the object's state
    // and nothing stops it: a warning.
    pub fn start_worker(&self) {
        let state = self.state.clone();
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                let job = state.next_job().await;
                state.run(job).await;
            }
        });
    }
}

// A forwarder that waits for either of two signals in one `select!`: every branch waits for a
// signal, so every turn does; a note. Its twin also takes requests from a channel in the
// same `select!`: a worker that a signal can also wake, a warning.
pub fn forward_signals(tx: tokio::sync::broadcast::Sender<()>) -> std::io::Result<()> {
    let mut interrupts = signal(SignalKind::interrupt())?;
    let mut terms = signal(SignalKind::terminate())?;
    tokio::spawn(async move { // want: detached_task@note
        loop {
            tokio::select! {
                Some(()) = interrupts.recv() => { tx.send(()).ok(); }
                Some(()) = terms.recv() => { tx.send(()).ok(); }
            }
        }
    });
    Ok(())
}

pub fn serve_or_signal(state: Arc<State>, mut jobs: tokio::sync::mpsc::Receiver<u32>) -> std::io::Result<()> {
    let mut terms = signal(SignalKind::terminate())?;
    tokio::spawn(async move { // want: detached_task@warning
        loop {
            tokio::select! {
                Some(job) = jobs.recv() => state.run(job).await,
                Some(()) = terms.recv() => state.begin_shutdown(),
            }
        }
    });
    Ok(())
}
