// Completion recorded in ways that are easy to miss: a destructuring assignment that replaces
// the future, and a local flag that the `Ready` handling sets and the `Pending` return tests.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

fn start_sync() -> (JoinHandle<()>, oneshot::Receiver<()>) {
    let (tx, rx) = oneshot::channel();
    (tokio::spawn(async move { let _ = tx.send(()); }), rx)
}

// The outbox is replaced, with its task, by a tuple assignment in the handler. Quiet.
pub async fn supervise(mut cancel: oneshot::Receiver<()>) {
    let (mut task, mut outbox) = start_sync();
    loop {
        tokio::select! {
            _ = &mut cancel => return,
            _ = &mut outbox => {
                let _ = (&mut task).await;
                (task, outbox) = start_sync();
            }
        }
    }
}

// The same loop without the replacement: the finished outbox is polled again.
pub async fn supervise_once(mut cancel: oneshot::Receiver<()>) {
    let (_task, mut outbox) = start_sync();
    loop {
        tokio::select! {
            _ = &mut cancel => return,
            _ = &mut outbox => println!("synced"), // want: poll_after_ready
        }
    }
}

// A select future: each sub-future's `Ready` sets `woke`, and `Pending` is returned only when
// nothing woke, so a finished sub-future always ends the outer one. Quiet.
pub struct Either2<A, B> {
    a: A,
    b: B,
}

impl<A: Future + Unpin, B: Future + Unpin> Future for Either2<A, B> {
    type Output = (Option<A::Output>, Option<B::Output>);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut woke = false;
        let mut a_out = None;
        if let Poll::Ready(v) = Pin::new(&mut self.a).poll(cx) {
            woke = true;
            a_out = Some(v);
        }
        let mut b_out = None;
        if let Poll::Ready(v) = Pin::new(&mut self.b).poll(cx) {
            woke = true;
            b_out = Some(v);
        }
        if !woke {
            return Poll::Pending;
        }
        Poll::Ready((a_out, b_out))
    }
}

// The flag is set for `a` only: a finished `b` can still be followed by `Pending`.
pub struct HalfFlagged<A, B> {
    a: A,
    b: B,
    b_out: Option<u32>,
}

impl<A: Future<Output = u32> + Unpin, B: Future<Output = u32> + Unpin> Future for HalfFlagged<A, B> {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        let mut woke = false;
        if let Poll::Ready(_) = Pin::new(&mut self.a).poll(cx) {
            woke = true;
        }
        if let Poll::Ready(v) = Pin::new(&mut self.b).poll(cx) { // want: poll_after_ready
            self.b_out = Some(v);
        }
        if !woke {
            return Poll::Pending;
        }
        Poll::Ready(self.b_out.unwrap_or(0))
    }
}
