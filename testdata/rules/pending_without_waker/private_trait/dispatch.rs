use std::task::{Context, Poll};

use crate::Dispatch;

pub(crate) struct Server {
    ticks: u32,
    in_flight: Option<std::pin::Pin<Box<dyn std::future::Future<Output = u32> + Send>>>,
}

impl Dispatch for Server {
    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), ()>> {
        if self.in_flight.is_some() {
            Poll::Pending // want: pending_without_waker@note
        } else {
            Poll::Ready(Ok(()))
        }
    }

    fn poll_msg(&mut self, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        match self.in_flight.as_mut() {
            Some(fut) => fut.as_mut().poll(cx).map(Some),
            None => Poll::Ready(None),
        }
    }

    // A countdown without a wake-up would be an error; in a crate-private trait, a warning.
    fn poll_tick(&mut self, _cx: &mut Context<'_>) -> Poll<()> {
        if self.ticks == 0 {
            return Poll::Ready(());
        }
        self.ticks -= 1;
        Poll::Pending // want: pending_without_waker@warning
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    // A test double polled by hand: reported, at note level (test code).
    struct Mock {
        values: Vec<Option<u32>>,
    }

    impl Mock {
        fn poll_recv(&mut self, _cx: &mut Context<'_>) -> Poll<Option<u32>> {
            match self.values.remove(0) {
                Some(v) => Poll::Ready(Some(v)),
                None => Poll::Pending, // want: pending_without_waker@note
            }
        }
    }
}
