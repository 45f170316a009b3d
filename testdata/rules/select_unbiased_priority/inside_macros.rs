// select! inside cfg_if!-style and item macros is seen like any other code.
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

async fn handle(_msg: u64) {}

cfg_if::cfg_if! {
    if #[cfg(unix)] {
        pub async fn serve(token: CancellationToken, mut rx: mpsc::Receiver<u64>) {
            loop {
                tokio::select! {
                    _ = token.cancelled() => break, // want: select_unbiased_priority
                    Some(n) = rx.recv() => handle(n).await,
                }
            }
        }
    } else {
        pub async fn serve(token: CancellationToken, mut rx: mpsc::Receiver<u64>) {
            loop {
                tokio::select! {
                    biased;
                    _ = token.cancelled() => break,
                    Some(n) = rx.recv() => handle(n).await,
                }
            }
        }
    }
}

macro_rules! cfg_rt {
    ($($item:item)*) => { $($item)* };
}

cfg_rt! {
    pub async fn drain(mut quit_rx: mpsc::Receiver<()>, mut rx: mpsc::Receiver<u64>) {
        loop {
            tokio::select! {
                _ = quit_rx.recv() => return, // want: select_unbiased_priority
                Some(n) = rx.recv() => handle(n).await,
            }
        }
    }
}
