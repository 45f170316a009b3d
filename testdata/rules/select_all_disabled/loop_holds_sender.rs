// A channel whose sender the loop itself uses, by reference, on its turns: while the loop runs
// that sender is alive, so `recv()` never returns `None` and the branch is never disabled.
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::sync::mpsc;

async fn route(_data: &[u8], _done: &mpsc::UnboundedSender<u32>, _out: &mpsc::Sender<Vec<u8>>) {}

pub fn start<R: AsyncRead + Unpin + Send + 'static>(mut dev: R) -> tokio::task::JoinHandle<()> {
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<u32>();
    let (out_tx, mut out_rx) = mpsc::channel::<Vec<u8>>(64);
    let mut buf = vec![0u8; 1500];
    tokio::spawn(async move {
        loop {
            tokio::select! {
                Ok(n) = dev.read(&mut buf) => route(&buf[..n], &done_tx, &out_tx).await,
                Some(id) = done_rx.recv() => drop(id),
                Some(pkt) = out_rx.recv() => drop(pkt),
            }
        }
    })
}

// Twin: the sender is handed away before the loop (to a worker that may end), so the loop
// keeps none: once the worker and the read end, every branch is disabled.
pub fn start_with_worker<R: AsyncRead + Unpin + Send + 'static>(mut dev: R) -> tokio::task::JoinHandle<()> {
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<u32>();
    let mut buf = vec![0u8; 1500];
    tokio::spawn(async move {
        let _ = done_tx.send(1);
    });
    tokio::spawn(async move {
        loop {
            tokio::select! { // want: select_all_disabled
                Ok(n) = dev.read(&mut buf) => drop(n),
                Some(id) = done_rx.recv() => drop(id),
            }
        }
    })
}

// Twin: the loop gives its sender away on a turn (`drop(tx)` before leaving is not it: here
// it goes to a task and the loop goes on without it).
pub async fn gives_it_away(mut rx_in: mpsc::Receiver<u32>) {
    let (tx, mut rx) = mpsc::channel::<u32>(8);
    let mut tx = Some(tx);
    loop {
        tokio::select! { // want: select_all_disabled
            Some(v) = rx_in.recv() => {
                if let Some(tx) = tx.take() {
                    tokio::spawn(async move { let _ = tx.send(v).await; });
                }
            }
            Some(v) = rx.recv() => drop(v),
        }
    }
}
