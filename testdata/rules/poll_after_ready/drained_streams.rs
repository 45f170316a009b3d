// A stream drained by `while let Some(x) = s.next().await`, whose loop only the stream's end
// leaves, then polled again: `futures::stream::unfold` (and every adapter over it) panics
// when polled after it returned `None`. Quiet when the loop can also `break` (the stream may
// not have ended), when the stream is fused or a channel's, and in assertions that the
// stream stays ended.
use futures::{Stream, StreamExt};
use tokio::sync::mpsc;

pub async fn totals<S: Stream<Item = u32> + Unpin>(mut s: S) -> u32 {
    let mut total = 0;
    while let Some(v) = s.next().await {
        total += v;
    }
    // the usage record, expected after the content
    if let Some(usage) = s.next().await { // want: poll_after_ready
        total += usage;
    }
    total
}

pub fn relay<S: Stream<Item = u32> + Unpin + Send + 'static>(mut s: S, tx: mpsc::Sender<u32>) {
    tokio::spawn(async move {
        while let Some(v) = s.next().await {
            let _ = tx.send(v).await;
        }
        while let Some(v) = s.next().await { // want: poll_after_ready
            let _ = tx.send(v + 1).await;
        }
    });
}

pub async fn until_zero<S: Stream<Item = u32> + Unpin>(mut s: S) -> u32 {
    while let Some(v) = s.next().await {
        if v == 0 {
            break;
        }
    }
    s.next().await.unwrap_or(0)
}

pub async fn fused<S: Stream<Item = u32> + Unpin>(s: S) -> u32 {
    let mut s = s.fuse();
    while let Some(_) = s.next().await {}
    s.next().await.unwrap_or(0)
}

pub async fn channel(rx: mpsc::Receiver<u32>) -> u32 {
    let mut s = tokio_stream::wrappers::ReceiverStream::new(rx);
    while let Some(_) = s.next().await {}
    s.next().await.unwrap_or(0)
}

pub async fn replaced<S: Stream<Item = u32> + Unpin>(mut s: S, more: S) -> u32 {
    while let Some(_) = s.next().await {}
    s = more;
    s.next().await.unwrap_or(0)
}

pub async fn stays_ended<S: Stream<Item = u32> + Unpin>(mut s: S) {
    while let Some(_) = s.next().await {}
    assert!(s.next().await.is_none());
}

// Batching what is ready: `.now_or_never().flatten()` makes the stream's end look like "not
// ready yet", and the outer loop polls the stream again after it ended. The twins tell the
// end apart, or fuse the stream.
pub async fn batches<S: Stream<Item = u32> + Unpin>(mut events: S) {
    use futures::FutureExt;
    loop {
        let Some(first) = events.next().await else { return };
        let mut batch = vec![first];
        while let Some(e) = events.next().now_or_never().flatten() { // want: poll_after_ready
            batch.push(e);
        }
        println!("{}", batch.len());
    }
}

pub async fn batches_until_end<S: Stream<Item = u32> + Unpin>(mut events: S) {
    use futures::FutureExt;
    loop {
        let Some(first) = events.next().await else { return };
        let mut batch = vec![first];
        loop {
            match events.next().now_or_never() {
                Some(Some(e)) => batch.push(e),
                Some(None) => return,
                None => break,
            }
        }
        println!("{}", batch.len());
    }
}

pub async fn fused_batches<S: Stream<Item = u32> + Unpin>(events: S) {
    use futures::FutureExt;
    let mut events = events.fuse();
    loop {
        let Some(first) = events.next().await else { return };
        let mut batch = vec![first];
        while let Some(e) = events.next().now_or_never().flatten() {
            batch.push(e);
        }
        println!("{}", batch.len());
    }
}
