// Spawn bodies written as a method on a value whose type the syntax at the spawn does not
// show, but the crate's declarations do: a field, a clone of one, an `Arc` parameter, a
// constructor not named `new`, an async fn that awaits the method in turn.
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

pub struct Poller {
    every: Duration,
}

impl Poller {
    pub async fn connect() -> std::io::Result<Poller> {
        Ok(Poller { every: Duration::from_secs(1) })
    }

    /// Polls for ever: nothing makes this loop end.
    pub async fn run(&self) {
        loop {
            tokio::time::sleep(self.every).await;
        }
    }

    /// Ends when the token is cancelled.
    pub async fn run_until(&self, token: CancellationToken) {
        loop {
            tokio::select! {
                _ = token.cancelled() => break,
                _ = tokio::time::sleep(self.every) => {}
            }
        }
    }
}

pub struct Drain {
    rx: mpsc::Receiver<u32>,
}

impl Drain {
    /// Ends when every sender is gone.
    pub async fn run(mut self) {
        while let Some(n) = self.rx.recv().await {
            println!("{n}");
        }
    }
}

/// Awaits the poller's forever loop: runs for ever too.
pub struct Supervisor {
    poller: Arc<Poller>,
}

impl Supervisor {
    pub async fn watch(self) {
        self.poller.run().await;
    }
}

pub struct Node {
    poller: Arc<Poller>,
    drain: Option<Drain>,
}

impl Node {
    pub fn start(&mut self) {
        // a field's clone: an `Arc<Poller>`, whose `run` is `Poller::run`
        let p = self.poller.clone();
        tokio::spawn(async move { p.run().await }); // want: detached_task
    }

    pub fn start_supervisor(&self) {
        let s = Supervisor { poller: self.poller.clone() };
        tokio::spawn(s.watch()); // want: detached_task
    }

    pub fn start_drain(&mut self) {
        // ends when the channel closes
        if let Some(d) = self.drain.take() {
            tokio::spawn(d.run());
        }
    }

    pub fn start_until(&self, token: CancellationToken) {
        // ends on cancellation
        let p = self.poller.clone();
        tokio::spawn(async move { p.run_until(token).await });
    }
}

pub fn start_shared(poller: Arc<Poller>) {
    tokio::spawn(async move { poller.run().await }); // want: detached_task
}

pub async fn start_connected() -> std::io::Result<()> {
    let poller = Poller::connect().await?;
    tokio::spawn(async move { poller.run().await }); // want: detached_task
    Ok(())
}

// ---- quiet: the receiver's type is unknown, so same-named methods are not guessed ----

pub trait Service {
    fn run(&self) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + '_>>;
}

pub fn start_generic<S: Service + Send + Sync + 'static>(svc: Arc<S>) {
    tokio::spawn(async move { svc.run().await });
}

pub fn start_external(server: some_server::Server) {
    // another crate's `run`, though this crate has a `Poller::run` that loops forever
    tokio::spawn(async move { server.run().await });
}

pub fn start_unknown() {
    let poller = make();
    tokio::spawn(async move { poller.run().await });
}

fn make() -> impl PollerLike {
    Poller { every: Duration::from_secs(1) }
}

pub trait PollerLike {}
impl PollerLike for Poller {}
