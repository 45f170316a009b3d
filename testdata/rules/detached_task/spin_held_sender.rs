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
    tokio::spawn(async { // want: detached_task@warning (spins)
        let (_, mut rx) = mpsc::channel::<u64>(8);
        loop {
            if let Some(n) = rx.recv().await {
                handle(n).await;
            }
        }
    });
}
