// Inner streams polled again after they returned `Ready(None)`.
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures::stream::{BoxStream, Fuse};
use futures::Stream;
use tokio::sync::mpsc;

// A chain that forgets the first stream ended: every later call polls it again.
pub struct Chain<A, B> {
    first: A,
    second: B,
}

impl<A: Stream + Unpin, B: Stream<Item = A::Item> + Unpin> Stream for Chain<A, B> {
    type Item = A::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<A::Item>> {
        if let Some(x) = ready!(Pin::new(&mut self.first).poll_next(cx)) { // want: poll_after_ready
            return Poll::Ready(Some(x));
        }
        Pin::new(&mut self.second).poll_next(cx)
    }
}

// The same chain with a flag. Quiet.
pub struct ChainFlag<A, B> {
    first: A,
    second: B,
    first_done: bool,
}

impl<A: Stream + Unpin, B: Stream<Item = A::Item> + Unpin> Stream for ChainFlag<A, B> {
    type Item = A::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<A::Item>> {
        if !self.first_done {
            match ready!(Pin::new(&mut self.first).poll_next(cx)) {
                Some(x) => return Poll::Ready(Some(x)),
                None => self.first_done = true,
            }
        }
        Pin::new(&mut self.second).poll_next(cx)
    }
}

// A batcher that flushes its last batch when the inner stream ends, and polls the ended
// stream on the next call.
pub struct Chunks {
    inner: BoxStream<'static, u32>,
    buf: Vec<u32>,
}

impl Stream for Chunks {
    type Item = Vec<u32>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Vec<u32>>> {
        loop {
            match self.inner.as_mut().poll_next(cx) { // want: poll_after_ready
                Poll::Ready(Some(v)) => {
                    self.buf.push(v);
                    if self.buf.len() == 16 {
                        return Poll::Ready(Some(std::mem::take(&mut self.buf)));
                    }
                }
                Poll::Ready(None) => {
                    if self.buf.is_empty() {
                        return Poll::Ready(None);
                    }
                    return Poll::Ready(Some(std::mem::take(&mut self.buf)));
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

// A pure forwarding adapter ends when its inner stream ends: polling it again is its
// caller's bug. Quiet.
pub struct Doubled<S> {
    inner: S,
}

impl<S: Stream<Item = u32> + Unpin> Stream for Doubled<S> {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        match ready!(Pin::new(&mut self.inner).poll_next(cx)) {
            Some(v) => Poll::Ready(Some(v * 2)),
            None => Poll::Ready(None),
        }
    }
}

// A fused inner stream may be polled after its end. Quiet.
pub struct ChainFused<A: Stream, B> {
    first: Fuse<A>,
    second: B,
}

impl<A: Stream + Unpin, B: Stream<Item = A::Item> + Unpin> Stream for ChainFused<A, B> {
    type Item = A::Item;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<A::Item>> {
        if let Some(x) = ready!(Pin::new(&mut self.first).poll_next(cx)) {
            return Poll::Ready(Some(x));
        }
        Pin::new(&mut self.second).poll_next(cx)
    }
}

// A channel returns `None` again when polled after it closed. Quiet.
pub struct Merge {
    rx: mpsc::Receiver<u32>,
    other: mpsc::Receiver<u32>,
}

impl Stream for Merge {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        if let Poll::Ready(Some(v)) = self.rx.poll_recv(cx) {
            return Poll::Ready(Some(v));
        }
        self.other.poll_recv(cx)
    }
}
