// A fused source whose completion ends the poll: `!x.is_terminated() && x.poll(cx)...` with
// a branch that returns. While the value is polled, x is never terminated (x finishing made
// the function return `Ready`), so the path "x terminated, nothing registered" is not real:
// every live path registered with x before the `Pending`. Quiet. The twin keeps going after
// x finished: there the terminated path is real, and a `Ready` of the other source leaves
// nothing registered.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::future::{Fuse, FusedFuture};
use futures::stream::{FusedStream, StreamExt};
use futures::channel::mpsc;
use tokio::sync::oneshot;

pub struct ConnTask<F> {
    conn: Fuse<F>,
    drop_rx: futures::stream::Fuse<mpsc::Receiver<()>>,
    cancel_tx: Option<oneshot::Sender<()>>,
}

impl<F: Future<Output = ()> + Unpin> Future for ConnTask<F> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        if !this.conn.is_terminated() && Pin::new(&mut this.conn).poll(cx).is_ready() {
            // the connection finished: so does this task
            return Poll::Ready(());
        }
        if !this.drop_rx.is_terminated() && this.drop_rx.poll_next_unpin(cx).is_ready() {
            // the senders are gone: start the shutdown, the connection wakes us when done
            drop(this.cancel_tx.take());
        }
        Poll::Pending
    }
}

// The twin: the first source finishing does not end the poll, so it may be terminated on a
// later poll, and the second source's `Ready` then leaves nothing registered.
pub struct TwoWay<F> {
    conn: Fuse<F>,
    drop_rx: futures::stream::Fuse<mpsc::Receiver<()>>,
    conn_done: bool,
    cancel_tx: Option<oneshot::Sender<()>>,
}

impl<F: Future<Output = ()> + Unpin> Future for TwoWay<F> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        if !this.conn.is_terminated() && Pin::new(&mut this.conn).poll(cx).is_ready() {
            this.conn_done = true;
        }
        if !this.drop_rx.is_terminated() && this.drop_rx.poll_next_unpin(cx).is_ready() {
            drop(this.cancel_tx.take());
        }
        Poll::Pending // want: pending_without_waker@warning
    }
}
