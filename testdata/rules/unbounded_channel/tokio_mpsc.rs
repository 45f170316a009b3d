// Tokio's unbounded mpsc channel, reached through every import style, next to the bounded
// channel and the `Unbounded*` types that must stay quiet.
use std::sync::Arc;

use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio::sync::mpsc::unbounded_channel as new_queue;

#[derive(Debug)]
enum Command {
    Get { key: String },
    Set { key: String, value: Vec<u8> },
}

struct Handle {
    tx: UnboundedSender<Command>,
}

struct Actor {
    rx: UnboundedReceiver<Command>,
    log: mpsc::UnboundedSender<String>,
}

fn start_actor() -> Handle {
    let (tx, rx) = mpsc::unbounded_channel(); // want: unbounded_channel
    let (log, _log_rx) = mpsc::unbounded_channel::<String>(); // want: unbounded_channel
    tokio::spawn(run(Actor { rx, log }));
    Handle { tx }
}

fn start_bounded() -> (mpsc::Sender<Command>, mpsc::Receiver<Command>) {
    // Bounded: `send().await` waits when 64 commands are queued.
    mpsc::channel(64)
}

fn renamed() -> (UnboundedSender<u64>, UnboundedReceiver<u64>) {
    new_queue() // want: unbounded_channel
}

fn fully_qualified() -> Arc<tokio::sync::mpsc::UnboundedSender<Command>> {
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel::<Command>(); // want: unbounded_channel
    Arc::new(tx)
}

fn as_argument(register: impl Fn((UnboundedSender<u8>, UnboundedReceiver<u8>))) {
    register(mpsc::unbounded_channel()); // want: unbounded_channel
}

async fn run(mut actor: Actor) {
    while let Some(cmd) = actor.rx.recv().await {
        let _ = actor.log.send(format!("{cmd:?}"));
    }
}

// A type alias and a function signature name the types, not a creation.
type Queue = (UnboundedSender<Command>, UnboundedReceiver<Command>);

fn takes_queue(_q: Queue) {}

// Channels made inside item macros (cfg_rt!-style) are seen too.
macro_rules! cfg_rt {
    ($($item:item)*) => { $($item)* };
}

cfg_rt! {
    pub fn spawn_worker() -> UnboundedSender<Command> {
        let (tx, mut rx) = mpsc::unbounded_channel(); // want: unbounded_channel
        tokio::spawn(async move {
            while let Some(_cmd) = rx.recv().await {}
        });
        tx
    }

    pub fn spawn_bounded_worker() -> mpsc::Sender<Command> {
        let (tx, mut rx) = mpsc::channel(16);
        tokio::spawn(async move {
            while let Some(_cmd) = rx.recv().await {}
        });
        tx
    }
}

async fn inside_async_code() {
    let (tx, mut rx) = tokio::join!(async { mpsc::unbounded_channel::<u32>() }, async { 1 }).0; // want: unbounded_channel
    tx.send(1).unwrap();
    let _ = rx.recv().await;
}

#[cfg(not(test))]
fn production_only() -> UnboundedSender<u8> {
    mpsc::unbounded_channel().0 // want: unbounded_channel
}
