// The type is defined here; the Unpin impl lives in another file of the crate.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub mod impls;

pub struct Retry<F> {
    fut: F,
    attempts: u32,
}

impl<F: Future + Unpin> Future for Retry<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.attempts += 1;
        Pin::new(&mut self.fut).poll(cx)
    }
}

pub struct Map<F> {
    inner: F,
}

impl<F: Future> Future for Map<F> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        Poll::Ready(())
    }
}
