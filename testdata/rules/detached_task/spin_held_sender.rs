// A receive on a channel whose sender the loop's own fn keeps (`let (tx, mut rx) =
// mpsc::channel(..)` in the same body, `tx` only cloned, sent on or borrowed there) never sees
// the channel closed: the loop has no exit, so `tx` lives as long as it. Such a loop is a
// forever loop, not a spin: in `main`, a note. Its twins, whose sender is dropped, moved away
// or never bound, spin once the channel closes: a warning even in `main`.
use std::time::Duration;

use tokio::sync::mpsc;

async fn handle(_n: u64) {}

// Work done hands its permit back on `done`; `done_tx` stays here, so `done` never closes.
// Only `requests`, whose senders live elsewhere, can close and make the loop spin.
async fn schedule(mut requests: mpsc::Receiver<u64>) {
    let (done_tx, mut done) = mpsc::channel::<()>(4);
    loop {
        tokio::select! {
            _ = done.recv() => println!("one done"),
            req = requests.recv() => match req {
                Some(n) => {
                    let permit = done_tx.clone();
                    handle(n).await;
                    let _ = permit.send(()).await;
                }
                None => continue,
            },
        }
    }
}

// The same with a tick instead of `requests`: nothing here can close, so it waits.
async fn ticker() {
    let (done_tx, mut done) = mpsc::channel::<()>(4);
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = done.recv() => println!("one done"),
            _ = tick.tick() => {
                let _ = done_tx.try_send(());
            }
        }
    }
}

fn watch_updates(tx: mpsc::Sender<()>) {
    tokio::spawn(async move {
        loop {
            if tx.send(()).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

fn watch_lent(tx: &mpsc::Sender<()>) {
    watch_updates(tx.clone());
}

#[tokio::main]
async fn main() {
    let (_tx, rx) = mpsc::channel::<u64>(8);
    tokio::spawn(schedule(rx)); // want: detached_task@warning (spins on `requests`)
    tokio::spawn(ticker()); // want: detached_task@note

    tokio::spawn(async { // want: detached_task@note
        let (tx, mut rx) = mpsc::channel::<u64>(8);
        let _ = tx.send(1).await;
        loop {
            if let Some(n) = rx.recv().await {
                let _ = tx.send(n + 1).await;
            }
        }
    });

    // twins: the sender is dropped, moved into another task, or never bound
    tokio::spawn(async { // want: detached_task@warning (spins)
        let (tx, mut rx) = mpsc::channel::<u64>(8);
        let _ = tx.send(1).await;
        drop(tx);
        loop {
            if let Some(n) = rx.recv().await {
                handle(n).await;
            }
        }
    });
    tokio::spawn(async { // want: detached_task@warning (spins)
        let (tx, mut rx) = mpsc::channel::<u64>(8);
        tokio::spawn(async move {
            let _ = tx.send(1).await;
        });
        loop {
            if let Some(n) = rx.recv().await {
                handle(n).await;
            }
        }
    });
    // The sender goes to a watcher of the crate, which keeps it in a task of its own: whether
    // the channel closes is up to that code, so the loop is a forever loop, not a spin.
    let (update_tx, mut update_rx) = mpsc::channel::<()>(1);
    watch_updates(update_tx.clone());
    tokio::spawn({ // want: detached_task@note
        async move {
            loop {
                let _ = update_rx.recv().await;
                println!("routes changed");
            }
        }
    });
    // The same with the sender lent: the callee may clone what it borrows.
    let (lent_tx, mut lent_rx) = mpsc::channel::<()>(1);
    watch_lent(&lent_tx);
    drop(lent_tx);
    tokio::spawn(async move { // want: detached_task@note
        loop {
            let _ = lent_rx.recv().await;
            println!("routes changed");
        }
    });
    // twin: the sender is dropped before the spawn (a call, but one that ends it)
    let (gone_tx, mut gone_rx) = mpsc::channel::<()>(1);
    drop(gone_tx);
    tokio::spawn(async move { // want: detached_task@warning (spins)
        loop {
            let _ = gone_rx.recv().await;
            println!("routes changed");
        }
    });
    tokio::spawn(async { // want: detached_task@warning (spins)
        let (_, mut rx) = mpsc::channel::<u64>(8);
        loop {
            if let Some(n) = rx.recv().await {
                handle(n).await;
            }
        }
    });
}

// A client whose shared state keeps the sending half of its responses channel, and whose
// response task is handed a clone of the client: the task itself keeps `response_tx` alive,
// so `responses.recv()` never sees the channel closed. A forever loop (a warning here, where
// forever-anywhere is set), not a spin.
pub struct Inner {
    response_tx: mpsc::Sender<u64>,
}

#[derive(Clone)]
pub struct Client {
    inner: std::sync::Arc<Inner>,
}

async fn pump_responses(client: Client, mut responses: mpsc::Receiver<u64>) {
    loop {
        tokio::select! {
            r = responses.recv() => if let Some(id) = r { let _ = (&client, id); },
            _ = tokio::time::sleep(Duration::from_secs(5)) => println!("sweep"),
        }
    }
}

impl Client {
    pub fn new() -> Self {
        let (send, recv) = mpsc::channel(1000);
        let client = Self { inner: std::sync::Arc::new(Inner { response_tx: send }) };
        tokio::spawn(pump_responses(client.clone(), recv)); // want: detached_task@warning
        client
    }
}

// Twin: the sender goes into a value the task is not handed; once that value is dropped, the
// channel closes and the task's loop spins on `recv()` (its sleep branch loses every race).
pub struct Outbox {
    tx: mpsc::Sender<u64>,
}

impl Outbox {
    pub fn open(status: Client) -> Self {
        let (tx, rx) = mpsc::channel(16);
        let outbox = Outbox { tx };
        tokio::spawn(pump_responses(status.clone(), rx)); // want: detached_task@warning (spins)
        outbox
    }
}
