// Loops inside hand-written poll functions: a `Ready` arm that stays in the loop polls the
// finished future again on the next iteration, in the same call.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::ready;
use futures::stream::Stream;

pub struct Counter<F> {
    fut: Pin<Box<F>>,
    count: u32,
}

impl<F: Future<Output = u32>> Future for Counter<F> {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        loop {
            match self.fut.as_mut().poll(cx) { // want: poll_after_ready
                Poll::Ready(v) => {
                    self.count += v;
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

// The same loop, with a fresh future set in the `Ready` arm.
pub struct Repeat<F, M> {
    fut: Pin<Box<F>>,
    make: M,
    count: u32,
}

impl<F: Future<Output = u32>, M: FnMut() -> F> Future for Repeat<F, M> {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        loop {
            match self.fut.as_mut().poll(cx) {
                Poll::Ready(v) => {
                    self.count += v;
                    if self.count > 100 {
                        return Poll::Ready(self.count);
                    }
                    let next = (self.make)();
                    self.fut.set(next);
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

// Boxed and replaced by assignment.
pub struct Reboxed {
    fut: Pin<Box<dyn Future<Output = u32> + Send>>,
    total: u32,
}

impl Future for Reboxed {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        loop {
            let v = ready!(self.fut.as_mut().poll(cx));
            self.total += v;
            if v == 0 {
                return Poll::Ready(self.total);
            }
            self.fut = Box::pin(async move { v - 1 });
        }
    }
}

// `ready!` in a loop without replacement.
pub struct Drain<F> {
    fut: Pin<Box<F>>,
    seen: Vec<u32>,
}

impl<F: Future<Output = u32>> Future for Drain<F> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            let v = ready!(self.fut.as_mut().poll(cx)); // want: poll_after_ready
            self.seen.push(v);
        }
    }
}

// A `Ready` arm that leaves the loop.
pub struct FirstOk<F> {
    fut: Pin<Box<F>>,
    attempts: u32,
}

impl<F: Future<Output = Result<u32, ()>>> Future for FirstOk<F> {
    type Output = Result<u32, ()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        loop {
            self.attempts += 1;
            match self.fut.as_mut().poll(cx) {
                Poll::Ready(res) => break Poll::Ready(res),
                Poll::Pending if self.attempts < 3 => continue,
                Poll::Pending => break Poll::Pending,
            }
        }
    }
}

// `while let Ready(..)` on a future: the condition polls it again after the body.
pub struct Spin<F> {
    fut: Pin<Box<F>>,
    hits: u32,
}

impl<F: Future<Output = ()>> Future for Spin<F> {
    type Output = u32;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        while let Poll::Ready(()) = self.fut.as_mut().poll(cx) { // want: poll_after_ready
            self.hits += 1;
        }
        Poll::Pending
    }
}

// Streams may be polled again after `Ready(Some(_))`: draining one in a loop is the idiom.
pub struct Sum<S> {
    stream: Pin<Box<S>>,
    total: u64,
}

impl<S: Stream<Item = u64>> Future for Sum<S> {
    type Output = u64;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u64> {
        loop {
            match self.stream.as_mut().poll_next(cx) {
                Poll::Ready(Some(v)) => self.total += v,
                Poll::Ready(None) => return Poll::Ready(self.total),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

// A stream that maps each item through a future: the future is polled while a slot is
// full and cleared when it finishes.
pub struct Then<S, F> {
    stream: Pin<Box<S>>,
    pending: Option<Pin<Box<F>>>,
}

impl<S: Stream<Item = F>, F: Future<Output = u32>> Stream for Then<S, F> {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        loop {
            if let Some(fut) = self.pending.as_mut() {
                let v = ready!(fut.as_mut().poll(cx));
                self.pending = None;
                return Poll::Ready(Some(v));
            }
            match ready!(self.stream.as_mut().poll_next(cx)) {
                Some(fut) => self.pending = Some(Box::pin(fut)),
                None => return Poll::Ready(None),
            }
        }
    }
}

// Guarded inside the loop by a flag the `Ready` arm sets.
pub struct Once<F> {
    fut: Pin<Box<F>>,
    done: bool,
    rounds: u32,
}

impl<F: Future<Output = ()>> Future for Once<F> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            if self.rounds > 3 {
                return Poll::Ready(());
            }
            self.rounds += 1;
            if !self.done {
                if self.fut.as_mut().poll(cx).is_ready() {
                    self.done = true;
                }
            }
        }
    }
}

// An event loop that re-arms its timer under a condition before polling it: the timer is
// managed by hand.
pub struct EventLoop<T> {
    sleep: Pin<Box<tokio::time::Sleep>>,
    next_timeout: Option<tokio::time::Instant>,
    ticks: u32,
    timers: T,
}

impl<T> EventLoop<T> {
    pub fn poll(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        for _ in 0..64 {
            if let Some(deadline) = self.next_timeout.take() {
                self.sleep.as_mut().reset(deadline);
            }
            if let Poll::Ready(()) = self.sleep.as_mut().poll(cx) {
                self.ticks += 1;
                continue;
            }
            return Poll::Pending;
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A test harness that polls a driver again after it resolved: reported as a note.
    pub struct Drive<'a, D, F> {
        driver: &'a mut D,
        future: Pin<Box<F>>,
    }

    impl<'a, D: Future + Unpin, F: Future> Future for Drive<'a, D, F> {
        type Output = F::Output;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
            let mut looped = false;
            loop {
                if let Poll::Ready(v) = self.future.as_mut().poll(cx) {
                    return Poll::Ready(v);
                }
                match Pin::new(&mut *self.driver).poll(cx) { // want: poll_after_ready
                    Poll::Ready(_) if looped => panic!("driver finished first"),
                    Poll::Ready(_) => {
                        looped = true;
                        continue;
                    }
                    Poll::Pending => return Poll::Pending,
                }
            }
        }
    }
}
