// A Pending guarded by a flag that holds exactly when a sub-poll returned `Pending`: that
// sub-poll registered the waker on the path, through the variable. Quiet. The twin's flag is
// set on the `Ready` side: the registration was used up, and the Pending is reported.
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::{FuturesUnordered, Stream, StreamExt};
use futures::future::BoxFuture;

pub struct Unpinner {
    inner: Pin<Box<dyn Stream<Item = u64> + Send>>,
    unpins: FuturesUnordered<BoxFuture<'static, ()>>,
}

impl Stream for Unpinner {
    type Item = u64;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        let this = self.as_mut().get_mut();
        loop {
            let unpins_pending = match this.unpins.poll_next_unpin(cx) {
                Poll::Ready(Some(())) => continue,
                Poll::Ready(None) => false,
                Poll::Pending => true,
            };
            let Poll::Ready(ev) = this.inner.poll_next_unpin(cx) else {
                return Poll::Pending;
            };
            let Some(ev) = ev else {
                // the inner stream ended; keep driving the unpins to completion
                return match unpins_pending {
                    true => Poll::Pending,
                    false => Poll::Ready(None),
                };
            };
            return Poll::Ready(Some(ev));
        }
    }
}

pub struct Waiter {
    events: Pin<Box<dyn Stream<Item = u64> + Send>>,
    wanted: u64,
}

impl Stream for Waiter {
    type Item = u64;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        let this = self.as_mut().get_mut();
        loop {
            let polled = match this.events.poll_next_unpin(cx) {
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(ev)) => Poll::Ready(ev),
                Poll::Pending => Poll::Pending,
            };
            let is_pending = polled.is_pending();
            if let Poll::Ready(ev) = polled {
                if ev == this.wanted {
                    return Poll::Ready(Some(ev));
                }
            }
            if is_pending {
                return Poll::Pending;
            } else {
                continue;
            }
        }
    }
}

// Twin: the flag is set when the tick came (Ready), and the Pending is taken then.
pub struct Ticker {
    ticks: Pin<Box<dyn Stream<Item = ()> + Send>>,
    count: u64,
}

impl Stream for Ticker {
    type Item = u64;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        let this = self.as_mut().get_mut();
        let ticked = match this.ticks.poll_next_unpin(cx) {
            Poll::Ready(Some(())) => true,
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => false,
        };
        if ticked {
            this.count += 1;
            return Poll::Pending; // want: pending_without_waker@warning
        }
        Poll::Ready(Some(this.count))
    }
}
