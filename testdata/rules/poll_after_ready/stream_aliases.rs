// Inner streams polled through a local that names the field: the end is still the field's.
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures::stream::{Stream, StreamExt};

// A batcher that reborrows its inner stream into a local before its loop.
pub struct Batcher<S> {
    source: S,
    pending: Vec<u64>,
}

impl<S: Stream<Item = u64> + Unpin> Stream for Batcher<S> {
    type Item = Vec<u64>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Vec<u64>>> {
        let source = &mut self.source;
        loop {
            match source.poll_next_unpin(cx) { // want: poll_after_ready
                Poll::Ready(Some(v)) => self.pending.push(v),
                Poll::Ready(None) => {
                    if self.pending.is_empty() {
                        return Poll::Ready(None);
                    }
                    return Poll::Ready(Some(std::mem::take(&mut self.pending)));
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

// The same, with the struct destructured into its fields.
pub struct Splitter<S> {
    lines: S,
    carry: Vec<u64>,
}

impl<S: Stream<Item = u64> + Unpin> Stream for Splitter<S> {
    type Item = Vec<u64>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Vec<u64>>> {
        let Splitter { lines, carry } = &mut *self;
        loop {
            match ready!(Pin::new(&mut *lines).poll_next(cx)) { // want: poll_after_ready
                Some(v) => carry.push(v),
                None if carry.is_empty() => return Poll::Ready(None),
                None => return Poll::Ready(Some(std::mem::take(carry))),
            }
        }
    }
}

// The same batcher with a flag set at the end and checked first. Quiet.
pub struct BatcherFlag<S> {
    source: S,
    pending: Vec<u64>,
    ended: bool,
}

impl<S: Stream<Item = u64> + Unpin> Stream for BatcherFlag<S> {
    type Item = Vec<u64>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Vec<u64>>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let source = &mut self.source;
        loop {
            match source.poll_next_unpin(cx) {
                Poll::Ready(Some(v)) => self.pending.push(v),
                Poll::Ready(None) => {
                    self.ended = true;
                    return Poll::Ready(Some(std::mem::take(&mut self.pending)));
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

// A stream with an epilogue: the head is kept in an `Option`, polled through `Some(h)`,
// and not emptied where it ends, so the call after the epilogue polls the ended head.
pub struct Epilogue<S> {
    head: Option<S>,
    tail: Option<u64>,
}

impl<S: Stream<Item = u64> + Unpin> Stream for Epilogue<S> {
    type Item = u64;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        let this = &mut *self;
        if let Some(head) = this.head.as_mut() {
            match head.poll_next_unpin(cx) { // want: poll_after_ready
                Poll::Ready(Some(v)) => return Poll::Ready(Some(v)),
                Poll::Ready(None) => {}
                Poll::Pending => return Poll::Pending,
            }
        }
        match this.tail.take() {
            Some(v) => Poll::Ready(Some(v)),
            None => Poll::Ready(None),
        }
    }
}

// The same epilogue that empties the `Option` where the head ends. Quiet.
pub struct EpilogueTaken<S> {
    head: Option<S>,
    tail: Option<u64>,
}

impl<S: Stream<Item = u64> + Unpin> Stream for EpilogueTaken<S> {
    type Item = u64;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        let this = &mut *self;
        if let Some(head) = this.head.as_mut() {
            match head.poll_next_unpin(cx) {
                Poll::Ready(Some(v)) => return Poll::Ready(Some(v)),
                Poll::Ready(None) => this.head = None,
                Poll::Pending => return Poll::Pending,
            }
        }
        match this.tail.take() {
            Some(v) => Poll::Ready(Some(v)),
            None => Poll::Ready(None),
        }
    }
}

// A local that holds something else than a field (a fresh stream each call). Quiet.
pub struct Fresh {
    seed: u64,
}

impl Stream for Fresh {
    type Item = u64;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        let mut once = futures::stream::iter(vec![self.seed]);
        loop {
            match once.poll_next_unpin(cx) {
                Poll::Ready(Some(v)) => return Poll::Ready(Some(v)),
                Poll::Ready(None) => return Poll::Ready(Some(0)),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

// A join of two futures kept in `Option`s: the first is polled through `Some(a)` and never
// emptied, so once it is ready every later call polls it again. The second is emptied.
pub struct Pair<A, B> {
    left: Option<A>,
    right: Option<B>,
    left_out: Option<u64>,
    right_out: Option<u64>,
}

impl<A: std::future::Future<Output = u64> + Unpin, B: std::future::Future<Output = u64> + Unpin> std::future::Future for Pair<A, B> {
    type Output = (u64, u64);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<(u64, u64)> {
        let this = &mut *self;
        if let Some(left) = this.left.as_mut() {
            if let Poll::Ready(v) = Pin::new(left).poll(cx) { // want: poll_after_ready
                this.left_out = Some(v);
            }
        }
        if let Some(right) = this.right.as_mut() {
            if let Poll::Ready(v) = Pin::new(right).poll(cx) {
                this.right_out = Some(v);
                this.right = None;
            }
        }
        match (this.left_out, this.right_out) {
            (Some(x), Some(y)) => Poll::Ready((x, y)),
            _ => Poll::Pending,
        }
    }
}

// A server future whose output is uninhabited, polled through `Some(s)`: `let Poll::Pending
// = ..` is irrefutable, so it never completes. Quiet.
pub struct Driver<S> {
    server: Option<S>,
    jobs: futures::stream::FuturesUnordered<futures::future::BoxFuture<'static, ()>>,
}

impl<S: std::future::Future<Output = std::convert::Infallible> + Unpin> std::future::Future for Driver<S> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut result = Poll::Ready(());
        if let Some(server) = &mut self.server {
            let Poll::Pending = Pin::new(server).poll(cx);
            result = Poll::Pending;
        }
        loop {
            if ready!(self.jobs.poll_next_unpin(cx)).is_none() {
                return result;
            }
        }
    }
}
