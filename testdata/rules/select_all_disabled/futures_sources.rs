// futures::select! in a loop over streams: a branch whose stream cannot end while the loop
// runs (an interval, a receiver beside the struct's own sender) keeps the select! alive:
// quiet. Streams that end only when their owners go (channels held by other services):
// a note, as for tokio. A one-shot future among them completes in normal operation: a
// warning.
use futures::channel::mpsc;
use futures::{select, FutureExt, StreamExt};
use std::time::Duration;
use tokio_stream::wrappers::IntervalStream;

pub struct Verifier {
    jobs_rx: mpsc::UnboundedReceiver<u32>,
    jobs_tx: mpsc::UnboundedSender<u32>,
    results_rx: mpsc::UnboundedReceiver<u64>,
}

impl Verifier {
    // The struct keeps a sender of `jobs_rx`'s channel: that stream does not end.
    pub async fn run(mut self) {
        loop {
            select! {
                job = self.jobs_rx.select_next_some() => println!("job {job}"),
                r = self.results_rx.select_next_some() => println!("result {r}"),
            }
        }
    }
}

// An interval stream never ends.
pub async fn with_heartbeat(mut events: mpsc::UnboundedReceiver<u32>) {
    let mut beat = IntervalStream::new(tokio::time::interval(Duration::from_secs(10))).fuse();
    loop {
        select! {
            _ = beat.select_next_some() => println!("alive"),
            e = events.select_next_some() => println!("event {e}"),
        }
    }
}

// Receivers whose senders belong to other services: they end together only at shutdown.
pub async fn tracker(mut api: mpsc::UnboundedReceiver<u32>, mut pool: mpsc::UnboundedReceiver<u32>) {
    loop {
        select! { // want: select_all_disabled@note
            a = api.select_next_some() => println!("api {a}"),
            p = pool.select_next_some() => println!("pool {p}"),
        }
    }
}

async fn handshake() -> u32 {
    7
}

// A one-shot future completes in normal operation, and then only the stream is left: all are
// terminated together once the stream has ended too, at the task's end. A note.
pub async fn tracker_with_handshake(mut api: mpsc::UnboundedReceiver<u32>) {
    let mut hello = handshake().boxed().fuse();
    loop {
        select! { // want: select_all_disabled@note
            h = hello => println!("hello {h}"),
            a = api.select_next_some() => println!("api {a}"),
        }
    }
}

// Twin: two one-shot futures, both complete in normal operation; the next turn panics.
pub async fn tracker_with_two_handshakes() {
    let mut hello = handshake().boxed().fuse();
    let mut again = handshake().boxed().fuse();
    loop {
        select! { // want: select_all_disabled@warning
            h = hello => println!("hello {h}"),
            g = again => println!("again {g}"),
        }
    }
}
