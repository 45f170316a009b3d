// select! in closures, async blocks, nested selects and other macros.
use async_stream::stream;
use futures::Stream;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

async fn handle(_v: u32) {}

// The select! runs once per spawned task: reported as a one-shot select!.
pub fn spawn_each(rxs: Vec<(mpsc::Receiver<u32>, mpsc::Receiver<u32>)>) {
    for (mut a, mut b) in rxs {
        tokio::spawn(async move {
            tokio::select! { // want: select_all_disabled
                Some(v) = a.recv() => handle(v).await,
                Some(v) = b.recv() => handle(v).await,
            }
        });
    }
}

// A select! nested in a branch's handler is judged on its own.
pub async fn nested(token: CancellationToken, mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            _ = token.cancelled() => break,
            Some(v) = a.recv() => loop {
                tokio::select! { // want: select_all_disabled
                    Some(w) = b.recv() => handle(v + w).await,
                }
            },
        }
    }
}

pub async fn nested_quiet(token: CancellationToken, mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            _ = token.cancelled() => break,
            Some(v) = a.recv() => {
                tokio::select! {
                    Some(w) = b.recv() => handle(v + w).await,
                    else => {}
                }
            }
        }
    }
}

// A closure's body is its own: the loop outside does not run its select! again.
pub async fn closure(mut a: mpsc::Receiver<u32>) {
    let run = async move || loop {
        tokio::select! { // want: select_all_disabled
            Some(v) = a.recv() => handle(v).await,
        }
    };
    run().await;
}

// Inside async-stream's stream! and cfg_if!, the select! is seen like any other.
pub fn events(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) -> impl Stream<Item = u32> {
    stream! {
        loop {
            tokio::select! { // want: select_all_disabled
                Some(v) = a.recv() => yield v,
                Some(v) = b.recv() => yield v,
            }
        }
    }
}

cfg_if::cfg_if! {
    if #[cfg(unix)] {
        pub async fn pump(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
            loop {
                tokio::select! { // want: select_all_disabled
                    Some(v) = a.recv() => handle(v).await,
                    Some(v) = b.recv() => handle(v).await,
                }
            }
        }
    } else {
        pub async fn pump(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
            loop {
                tokio::select! {
                    Some(v) = a.recv() => handle(v).await,
                    Some(v) = b.recv() => handle(v).await,
                    else => break,
                }
            }
        }
    }
}

// crossbeam's select! has another syntax and blocks instead.
pub fn crossbeam(r: crossbeam_channel::Receiver<u32>) {
    loop {
        crossbeam_channel::select! {
            recv(r) -> msg => drop(msg),
        }
    }
}
