// Shapes met in real crates: things with a `poll` method that are not one-shot futures,
// timers that are ready again, driver polls whose result is ignored.
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::channel::oneshot;
use futures::future::{FutureExt, TryFuture};
use futures::ready;
use futures_bounded::FuturesSet;
use pin_project_lite::pin_project;

// An event-source handler: `FuturesSet::poll_unpin` yields one finished job after another,
// so polling it again after `Ready` is the point.
pub struct Handler {
    inbound: FuturesSet<Result<u32, std::io::Error>>,
    failures: u32,
}

impl Handler {
    pub fn poll(&mut self, cx: &mut Context<'_>) -> Poll<u32> {
        loop {
            match self.inbound.poll_unpin(cx) {
                Poll::Ready(Ok(Ok(v))) => return Poll::Ready(v),
                Poll::Ready(Ok(Err(_))) | Poll::Ready(Err(_)) => {
                    self.failures += 1;
                    continue;
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

// A behaviour whose parts have their own `poll(&mut self, cx)`: `Future::poll` would need
// a pinned receiver, so a bare `self.part.poll(cx)` is not a future's poll.
pub struct Registrations {
    expired: Vec<u32>,
}

impl Registrations {
    pub fn poll(&mut self, _cx: &mut Context<'_>) -> Poll<u32> {
        match self.expired.pop() {
            Some(r) => Poll::Ready(r),
            None => Poll::Pending,
        }
    }
}

pub struct Behaviour {
    registrations: Registrations,
    expired: u32,
}

impl Behaviour {
    pub fn poll(&mut self, cx: &mut Context<'_>) -> Poll<u32> {
        while let Poll::Ready(_) = self.registrations.poll(cx) {
            self.expired += 1;
        }
        Poll::Pending
    }
}

// A type parameter whose `poll` comes from another trait.
pub trait Drive<F> {
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Option<u32>>;
}

pin_project! {
    pub struct CallAll<Q> {
        #[pin]
        queue: Q,
        seen: u32,
    }
}

impl<Q: Drive<u32> + Unpin> futures::Stream for CallAll<Q> {
    type Item = u32;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        let this = self.project();
        loop {
            match this.queue.get_mut().poll(cx) {
                Poll::Ready(Some(v)) => return Poll::Ready(Some(v)),
                Poll::Ready(None) => *this.seen += 1,
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

// A delay in front of a future: a fired timer is ready again when polled.
pin_project! {
    pub struct Delayed<F> {
        #[pin]
        future: F,
        #[pin]
        delay: tokio::time::Sleep,
    }
}

impl<F: Future> Future for Delayed<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        match this.delay.poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => this.future.poll(cx),
        }
    }
}

// The same shape with a one-shot future in front is the bug.
pin_project! {
    pub struct After<A, F> {
        #[pin]
        first: A,
        #[pin]
        future: F,
    }
}

impl<A: Future<Output = ()>, F: Future> Future for After<A, F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        match this.first.poll(cx) { // want: poll_after_ready
            Poll::Pending => Poll::Pending,
            Poll::Ready(()) => this.future.poll(cx),
        }
    }
}

// TryFuture::try_poll is a future's poll too.
pin_project! {
    pub struct TryBoth<A, B> {
        #[pin]
        a: A,
        #[pin]
        b: B,
    }
}

impl<A: TryFuture<Ok = ()>, B: TryFuture<Ok = (), Error = A::Error>> Future for TryBoth<A, B> {
    type Output = Result<(), A::Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        ready!(this.a.try_poll(cx))?; // want: poll_after_ready
        ready!(this.b.try_poll(cx))?;
        Poll::Ready(Ok(()))
    }
}

// Driving a connection: the result is ignored, readiness comes from elsewhere.
pub trait Muxer {
    fn poll_unpin(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), std::io::Error>>;
    fn poll_inbound_unpin(&mut self, cx: &mut Context<'_>) -> Poll<Result<u32, std::io::Error>>;
}

pub async fn next_inbound<M: Muxer>(mut conn: M) -> Result<u32, std::io::Error> {
    poll_fn(|cx| {
        let _ = conn.poll_unpin(cx)?;
        conn.poll_inbound_unpin(cx)
    })
    .await
}

// A future bound inside the closure by `if let`: it is not captured from outside, and it
// is taken out of its slot when it finishes.
pub async fn close_on_signal(close_rx: oneshot::Receiver<()>, mut count: u32) {
    let mut close_rx = Some(close_rx);
    poll_fn(move |cx| loop {
        if let Some(fut) = close_rx.as_mut() {
            if let Poll::Ready(_) = fut.poll_unpin(cx) {
                close_rx = None;
            }
        }
        count += 1;
        if count > 10 {
            return Poll::Ready(());
        }
    })
    .await
}

// A cancellation future beside a connection: tokio-util's WaitForCancellationFutureOwned
// checks `is_cancelled()` before anything else, so it is ready again when polled after it
// completed, and the flag keeps the shutdown from running twice.
pin_project! {
    pub struct Abortable<C> {
        #[pin]
        connection: C,
        #[pin]
        cancelled: tokio_util::sync::WaitForCancellationFutureOwned,
        shutting_down: bool,
    }
}

impl<C: Future> Future for Abortable<C> {
    type Output = C::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<C::Output> {
        let this = self.project();
        if let Poll::Ready(()) = this.cancelled.poll(cx) {
            if !*this.shutting_down {
                *this.shutting_down = true;
            }
        }
        this.connection.poll(cx)
    }
}

// The same shape with a oneshot receiver in front is the bug: it panics when polled again.
pin_project! {
    pub struct StopOnSignal<C> {
        #[pin]
        connection: C,
        #[pin]
        stop: oneshot::Receiver<()>,
        stopping: bool,
    }
}

impl<C: Future> Future for StopOnSignal<C> {
    type Output = C::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<C::Output> {
        let this = self.project();
        if let Poll::Ready(_) = this.stop.poll(cx) { // want: poll_after_ready
            if !*this.stopping {
                *this.stopping = true;
            }
        }
        this.connection.poll(cx)
    }
}
