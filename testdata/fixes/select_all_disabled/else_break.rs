// A select! in a loop whose branches can all be disabled panics once they are: the missing
// `else => break,` ends the loop instead.
use tokio::sync::mpsc;

async fn handle(_m: u32) {}

pub async fn two_channels(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    loop {
        tokio::select! { // want: select_all_disabled (fix: certain)
            Some(m) = a.recv() => handle(m).await,
            Some(m) = b.recv() => handle(m).await
        }
    }
}

pub async fn block_handlers(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    loop {
        tokio::select! { // want: select_all_disabled (fix: certain)
            Some(m) = a.recv() => {
                handle(m).await;
            }
            Some(m) = b.recv() => {
                handle(m).await;
            }
        }
    }
}

pub async fn one_line(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    loop {
        tokio::select! { Some(m) = a.recv() => handle(m).await, Some(m) = b.recv() => handle(m).await, } // want: select_all_disabled (fix: certain)
    }
}

pub async fn in_a_condition(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    while let Some(m) = tokio::select! { // want: select_all_disabled (fix: needs-review)
        Some(m) = a.recv() => Some(m),
        Some(m) = b.recv() => Some(m),
    } {
        handle(m).await;
    }
}

pub async fn once(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) -> Option<u32> {
    tokio::select! { // want: select_all_disabled (fix: none)
        Some(m) = a.recv() => Some(m),
        Some(m) = b.recv() => Some(m),
    }
}

pub async fn fused(mut a: futures::channel::mpsc::Receiver<u32>, mut b: futures::channel::mpsc::Receiver<u32>) {
    use futures::StreamExt;
    loop {
        futures::select! { // want: select_all_disabled (fix: certain)
            m = a.select_next_some() => handle(m).await,
            m = b.select_next_some() => handle(m).await,
        }
    }
}
