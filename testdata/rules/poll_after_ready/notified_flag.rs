// A notify-once: the flag is set before the waiters are woken, and the poll loop tests the
// flag before it polls `Notified` again. A `Notified` that completed returns `Ready` again
// rather than panicking, and the loop ends with the flag: quiet.
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
use std::task::{ready, Context, Poll};

use tokio::sync::futures::Notified;

pub struct OnceSignal<'a> {
    notified: Pin<Box<Notified<'a>>>,
    flag: &'a AtomicBool,
}

impl Future for OnceSignal<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        while !self.flag.load(SeqCst) {
            ready!(self.notified.as_mut().poll(cx))
        }
        Poll::Ready(())
    }
}

// Twin: the loop's condition is state this future owns and never changes: after the first
// wake-up the loop polls the finished `Notified` again and again.
pub struct Stuck<'a> {
    notified: Pin<Box<Notified<'a>>>,
    rounds: u32,
}

impl Future for Stuck<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        while self.rounds < 3 {
            ready!(self.notified.as_mut().poll(cx)); // want: poll_after_ready
        }
        Poll::Ready(())
    }
}
