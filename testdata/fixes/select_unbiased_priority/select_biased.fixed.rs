// futures' select! has no `biased;`: its biased form is a macro of its own, select_biased!.
// The fix writes it with its full path, so that no `use` has to change.
use futures::channel::mpsc;
use futures::{select, FutureExt, StreamExt};
use tokio_util::sync::CancellationToken;

pub async fn imported(token: CancellationToken, mut rx: mpsc::Receiver<u32>) {
    loop {
        futures::select_biased! {
            _ = token.cancelled().fuse() => break, // want: select_unbiased_priority (fix: certain)
            n = rx.next() => drop(n),
        }
    }
}

pub async fn qualified(mut shutdown: mpsc::Receiver<()>, mut rx: mpsc::Receiver<u32>) {
    loop {
        futures::select_biased! {
            _ = shutdown.next() => return, // want: select_unbiased_priority (fix: certain)
            n = rx.next() => drop(n),
            complete => break,
        }
    }
}
