// futures' select! also picks a random ready branch; its biased form is `select_biased!`.
use futures::channel::mpsc;
use futures::{select, select_biased, FutureExt, StreamExt};
use tokio_util::sync::CancellationToken;

pub async fn futures_loop(token: CancellationToken, mut rx: mpsc::Receiver<u32>) {
    loop {
        select! {
            _ = token.cancelled().fuse() => break, // want: select_unbiased_priority
            n = rx.next() => drop(n),
        }
    }
}

pub async fn futures_biased_loop(token: CancellationToken, mut rx: mpsc::Receiver<u32>) {
    loop {
        select_biased! {
            _ = token.cancelled().fuse() => break,
            n = rx.next() => drop(n),
        }
    }
}

pub async fn futures_qualified(mut shutdown: mpsc::Receiver<()>, mut rx: mpsc::Receiver<u32>) {
    loop {
        futures::select! {
            _ = shutdown.next() => return, // want: select_unbiased_priority
            n = rx.next() => drop(n),
            complete => break,
        }
    }
}
