// A ticking stream whose `Ready` arm calls a method of its own that replaces the finished
// future (`this.reset()` assigns a new one) never polls a finished future. The twin's
// helper only counts ticks: the next call polls the finished delay again.
use futures::future::BoxFuture;
use futures::{FutureExt, Stream};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

fn delay(d: Duration) -> BoxFuture<'static, ()> {
    Box::pin(tokio::time::sleep(d))
}

pub struct Ticker {
    future: BoxFuture<'static, ()>,
    every: Duration,
}

impl Ticker {
    fn reset(&mut self) {
        self.future = delay(self.every);
    }
}

impl Stream for Ticker {
    type Item = ();

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<()>> {
        let this = &mut *self;
        match this.future.poll_unpin(cx) {
            Poll::Ready(_) => {
                this.reset();
                Poll::Ready(Some(()))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

pub struct CountingTicker {
    future: BoxFuture<'static, ()>,
    ticks: u64,
}

impl CountingTicker {
    fn count(&mut self) {
        self.ticks += 1;
    }
}

impl Stream for CountingTicker {
    type Item = ();

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<()>> {
        let this = &mut *self;
        match this.future.poll_unpin(cx) { // want: poll_after_ready
            Poll::Ready(_) => {
                this.count();
                Poll::Ready(Some(()))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}
