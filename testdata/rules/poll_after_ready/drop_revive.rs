// A wrapper future that finishes its inner future on drop (so that a cancelled caller does
// not leave half a message on the wire). When `poll` records the end only in a flag and
// leaves the inner future in place, `drop` runs the finished future again.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::future::BoxFuture;

pub struct Finish {
    done: bool,
    inner: Option<BoxFuture<'static, ()>>,
}

impl Future for Finish {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        match self.inner.as_mut().expect("polled after drop").as_mut().poll(cx) {
            Poll::Ready(()) => {
                self.done = true;
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Drop for Finish {
    fn drop(&mut self) {
        if let Some(fut) = self.inner.take() { // want: poll_after_ready
            tokio::spawn(async move { fut.await });
        }
    }
}

// Fixed: the field is cleared when the inner future is done.
pub struct Cleared {
    inner: Option<BoxFuture<'static, ()>>,
}

impl Future for Cleared {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let inner = self.inner.as_mut().expect("polled after completion");
        match inner.as_mut().poll(cx) {
            Poll::Ready(()) => {
                self.inner = None;
                Poll::Ready(())
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Drop for Cleared {
    fn drop(&mut self) {
        if let Some(fut) = self.inner.take() {
            tokio::spawn(fut);
        }
    }
}

// Fixed the other way: `drop` tests the flag before it runs the future on.
pub struct Flagged {
    done: bool,
    inner: Option<BoxFuture<'static, ()>>,
}

impl Future for Flagged {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let r = self.inner.as_mut().unwrap().as_mut().poll(cx);
        if r.is_ready() {
            self.done = true;
        }
        r
    }
}

impl Drop for Flagged {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        if let Some(fut) = self.inner.take() {
            tokio::spawn(fut);
        }
    }
}

// `drop` only drops what it takes: nothing is polled again.
pub struct Dropper {
    inner: Option<BoxFuture<'static, ()>>,
}

impl Future for Dropper {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.inner.as_mut().unwrap().as_mut().poll(cx)
    }
}

impl Drop for Dropper {
    fn drop(&mut self) {
        if let Some(fut) = self.inner.take() {
            drop(fut);
        }
    }
}

// A stream whose drop hands the pending read to a runtime with block_on: the same revival.
pub struct Reads {
    pending: Option<BoxFuture<'static, u8>>,
    rt: tokio::runtime::Handle,
}

impl futures::Stream for Reads {
    type Item = u8;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u8>> {
        match self.pending.as_mut() {
            Some(f) => f.as_mut().poll(cx).map(Some),
            None => Poll::Ready(None),
        }
    }
}

impl Drop for Reads {
    fn drop(&mut self) {
        let rest = self.pending.take(); // want: poll_after_ready
        if let Some(f) = rest {
            let _ = self.rt.block_on(f);
        }
    }
}
