// A detached loop whose only wait is a receive that stops waiting once its channel closes (or
// never waits, with `try_recv`) turns into a busy loop: reported even in `main`, with its own
// message (lines marked "(spins)"). Its look-alikes that end with the channel, or wait on
// something else too, are judged like any forever loop.
use std::time::Duration;

use tokio::sync::{broadcast, mpsc, watch};

async fn handle(_n: u64) {}

pub fn spins(
    mut a: mpsc::Receiver<u64>,
    mut b: mpsc::Receiver<u64>,
    mut c: mpsc::Receiver<u64>,
    mut d: broadcast::Receiver<u64>,
    mut e: watch::Receiver<u64>,
    mut f: mpsc::UnboundedReceiver<u64>,
    mut g: mpsc::Receiver<u64>,
    mut h: mpsc::Receiver<u64>,
) {
    // `None => {}` goes round again: once every sender is gone, recv returns at once
    tokio::spawn(async move { // want: detached_task@warning (spins)
        loop {
            match a.recv().await {
                Some(n) => handle(n).await,
                None => {}
            }
        }
    });

    tokio::spawn(async move { // want: detached_task@warning (spins)
        loop {
            if let Some(n) = b.recv().await {
                handle(n).await;
            }
        }
    });

    tokio::spawn(async move { // want: detached_task@warning (spins)
        loop {
            let msg = c.recv().await;
            if let Some(n) = msg {
                println!("{n}");
            }
        }
    });

    // broadcast: a lag is more to read; a closed channel is `Err(Closed)` for good
    tokio::spawn(async move { // want: detached_task@warning (spins)
        loop {
            match d.recv().await {
                Ok(n) => handle(n).await,
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(e) => tracing::warn!("recv: {e}"),
            }
        }
    });

    // watch: `changed` fails at once once the sender is dropped
    tokio::spawn(async move { // want: detached_task@warning (spins)
        loop {
            let _ = e.changed().await;
            println!("{}", *e.borrow());
        }
    });

    // a select! with a branch that takes the closed result too returns at once
    tokio::spawn(async move { // want: detached_task@warning (spins)
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tokio::select! {
                msg = f.recv() => match msg {
                    Some(n) => handle(n).await,
                    None => {}
                },
                _ = tick.tick() => println!("tick"),
            }
        }
    });

    // try_recv never waits: the loop spins while the channel is empty
    tokio::spawn(async move { // want: detached_task@warning (spins)
        loop {
            if let Ok(n) = g.try_recv() {
                handle(n).await;
            }
        }
    });
    tokio::spawn(async move { // want: detached_task@warning (spins)
        loop {
            while let Ok(n) = h.try_recv() {
                println!("{n}");
            }
            tokio::task::yield_now().await;
        }
    });
}

#[tokio::main]
async fn main() {
    let (_tx, mut rx) = mpsc::channel::<u64>(8);
    // in `main` too: a spinning loop is never what was meant
    tokio::spawn(async move { // want: detached_task@warning (spins)
        loop {
            if let Some(n) = rx.recv().await {
                handle(n).await;
            }
        }
    });
    let (_tx2, rx2) = mpsc::channel::<u64>(8);
    tokio::spawn(drain(rx2)); // want: detached_task@warning (spins)
}

async fn drain(mut rx: mpsc::Receiver<u64>) {
    loop {
        match rx.recv().await {
            Some(n) => handle(n).await,
            None => continue,
        }
    }
}

pub fn quiet_twins(
    mut a: mpsc::Receiver<u64>,
    mut b: mpsc::Receiver<u64>,
    mut c: mpsc::Receiver<u64>,
    mut d: broadcast::Receiver<u64>,
    mut e: watch::Receiver<u64>,
    mut f: mpsc::UnboundedReceiver<u64>,
) {
    // The actor loop ends when the channel closes: not reported at all.
    tokio::spawn(async move {
        while let Some(n) = a.recv().await {
            handle(n).await;
        }
    });
    tokio::spawn(async move {
        loop {
            match b.recv().await {
                Some(n) => handle(n).await,
                None => break,
            }
        }
    });
    tokio::spawn(async move {
        loop {
            let Some(n) = c.recv().await else { return };
            handle(n).await;
        }
    });
    tokio::spawn(async move {
        loop {
            match d.recv().await {
                Ok(n) => handle(n).await,
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => break,
            }
        }
    });
    tokio::spawn(async move {
        while e.changed().await.is_ok() {
            println!("{}", *e.borrow());
        }
    });
    // `Some(n) = f.recv()` disables the branch once closed: the select! waits for the tick
    tokio::spawn(async move { // want: detached_task@warning
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tokio::select! {
                Some(n) = f.recv() => handle(n).await,
                _ = tick.tick() => println!("tick"),
            }
        }
    });
}

pub fn forever_but_waiting(
    mut a: mpsc::Receiver<u64>,
    mut b: mpsc::Receiver<u64>,
    mut c: mpsc::Receiver<u64>,
    mut d: mpsc::Receiver<u64>,
) {
    // Something else in the loop waits even when the channel is closed: a forever loop that
    // does not spin, reported as such.
    tokio::spawn(async move { // want: detached_task
        loop {
            if let Some(n) = a.recv().await {
                handle(n).await;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    tokio::spawn(async move { // want: detached_task
        loop {
            match b.recv().await {
                Some(n) => handle(n).await,
                None => tokio::time::sleep(Duration::from_secs(1)).await,
            }
        }
    });
    tokio::spawn(async move { // want: detached_task
        let mut interval = tokio::time::interval(Duration::from_millis(100));
        loop {
            interval.tick().await;
            while let Ok(n) = c.try_recv() {
                println!("{n}");
            }
        }
    });
    // `.unwrap()` panics on close: the task ends
    tokio::spawn(async move {
        loop {
            let n = d.recv().await.unwrap();
            handle(n).await;
        }
    });
}

// A Tokio signal stream never ends (its sender lives in Tokio's process-wide registry):
// the loop waits for each signal and never spins. It is reported as a loop nothing can
// stop, not as a spin.
pub fn on_user_signal() {
    tokio::spawn(async move { // want: detached_task
        let mut usr1 = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::user_defined1()).unwrap();
        loop {
            usr1.recv().await;
            println!("backup requested");
        }
    });
}

// The twin: an mpsc receiver closes when its senders drop, and the loop then spins.
pub fn on_request(mut rx: tokio::sync::mpsc::Receiver<u32>) {
    tokio::spawn(async move { // want: detached_task@warning (spins)
        loop {
            rx.recv().await;
            println!("request");
        }
    });
}

// The crate's own receive, matched against its message enum: it returns the message itself,
// not a `None` when a channel closes (an event bus endpoint that waits forever then). A loop
// nothing can stop, not a spin. Its twin matches `Some(..)`: a channel's receive.
pub enum Event {
    Packet(Vec<u8>),
    Fed(u8),
}

pub struct Endpoint {
    rx: tokio::sync::broadcast::Receiver<Event>,
}

impl Endpoint {
    pub async fn recv(&mut self) -> Event {
        match self.rx.recv().await {
            Ok(e) => e,
            Err(_) => std::future::pending().await,
        }
    }
}

pub fn feed(mut ep: Endpoint, queue: std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>) {
    tokio::spawn(async move { // want: detached_task
        loop {
            match ep.recv().await {
                Event::Packet(p) => queue.lock().unwrap().push(p),
                _ => {}
            }
        }
    });
}

pub fn feed_channel(mut rx: mpsc::Receiver<Event>, queue: std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>>) {
    tokio::spawn(async move { // want: detached_task@warning (spins)
        loop {
            match rx.recv().await {
                Some(Event::Packet(p)) => queue.lock().unwrap().push(p),
                _ => {}
            }
        }
    });
}
