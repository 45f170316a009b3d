// Unsafe pin projections written by hand in poll functions, next to the safe and the
// unrelated uses of the same functions.
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use futures_core::Stream;
use pin_project_lite::pin_project;
use tokio::time::Sleep;

pub struct Timeout<F> {
    fut: F,
    delay: Sleep,
}

impl<F: Future> Future for Timeout<F> {
    type Output = Option<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = unsafe { self.get_unchecked_mut() }; // want: unchecked_pin_projection
        let fut = unsafe { Pin::new_unchecked(&mut this.fut) };
        if let Poll::Ready(v) = fut.poll(cx) {
            return Poll::Ready(Some(v));
        }
        let delay = unsafe { Pin::new_unchecked(&mut this.delay) };
        delay.poll(cx).map(|()| None)
    }
}

impl<F: Future> Timeout<F> {
    pub fn new(fut: F, delay: Sleep) -> Self {
        Timeout { fut, delay }
    }

    /// Not a poll function: constructors and helpers are left alone.
    pub fn inner_pinned(self: Pin<&mut Self>) -> Pin<&mut F> {
        unsafe { self.map_unchecked_mut(|s| &mut s.fut) }
    }

    pub fn polling_stats(self: Pin<&mut Self>) -> usize {
        let _this = unsafe { self.get_unchecked_mut() };
        0
    }
}

pub struct Logged<F> {
    inner: F,
    started: Instant,
}

impl<F: Future> Future for Logged<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let started = self.started;
        let out = unsafe { self.as_mut().map_unchecked_mut(|s| &mut s.inner) }.poll(cx); // want: unchecked_pin_projection
        if out.is_ready() {
            tracing::debug!(elapsed = ?started.elapsed(), "done");
        }
        out
    }
}

pub struct Wrapper<S>(S);

impl<S: Stream> Stream for Wrapper<S> {
    type Item = S::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        unsafe { Pin::map_unchecked_mut(self, |s| &mut s.0) }.poll_next(cx) // want: unchecked_pin_projection
    }
}

pub enum State<F: Future> {
    Running(F),
    Done(Option<F::Output>),
}

impl<F: Future> Future for State<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        match unsafe { Pin::get_unchecked_mut(self) } { // want: unchecked_pin_projection
            State::Running(fut) => unsafe { Pin::new_unchecked(fut) }.poll(cx),
            State::Done(out) => Poll::Ready(out.take().expect("polled after completion")),
        }
    }
}

pub struct Driver<F> {
    fut: F,
}

impl<F: Future> Driver<F> {
    /// A poll function outside a trait impl, on a `&mut self` the caller promises is pinned.
    fn poll_inner(&mut self, cx: &mut Context<'_>) -> Poll<F::Output> {
        unsafe { Pin::new_unchecked(&mut self.fut) }.poll(cx) // want: unchecked_pin_projection
    }
}

// --- Look-alikes that stay quiet ---

pub struct UnpinOnly<F> {
    fut: F,
    slots: Vec<u8>,
}

impl<F: Future + Unpin> Future for UnpinOnly<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // `Pin::new` is safe: it requires `F: Unpin`. Slices have a `get_unchecked_mut(index)`.
        let first = unsafe { self.slots.get_unchecked_mut(0) };
        *first = 1;
        Pin::new(&mut self.fut).poll(cx)
    }
}

pin_project! {
    pub struct Projected<F> {
        #[pin]
        fut: F,
        polls: u32,
    }
}

impl<F: Future> Future for Projected<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        *this.polls += 1;
        this.fut.poll(cx)
    }
}

pub struct Task<F> {
    future: *mut F,
}

impl<F: Future> Future for Task<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // The future lives behind a raw pointer (an executor's slot): there is no field to
        // project to, so pin-project would not help.
        let fut = unsafe { &mut *self.future };
        unsafe { Pin::new_unchecked(fut) }.poll(cx)
    }
}

pub struct JoinAll<F: Future, const N: usize> {
    futures: [Option<F>; N],
}

impl<F: Future + Unpin, const N: usize> Future for JoinAll<F, N> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // Pinning the elements of an array needs `unsafe` even with pin-project.
        let this = unsafe { self.get_unchecked_mut() };
        for slot in this.futures.iter_mut() {
            if let Some(f) = slot {
                let _ = unsafe { Pin::new_unchecked(f) }.poll(cx);
            }
        }
        Poll::Pending
    }
}

pub struct Slot<F> {
    slot: std::mem::MaybeUninit<F>,
}

impl<F: Future> Future for Slot<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        // Projects into a MaybeUninit: pin-project cannot reach inside it either.
        unsafe { self.map_unchecked_mut(|s| s.slot.assume_init_mut()) }.poll(cx)
    }
}

// A foreign type: pin-project cannot be derived on it.
pub trait Traced {
    fn poll_traced(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()>;
}

impl<F: Future<Output = ()>> Traced for AssertUnwindSafe<F> {
    fn poll_traced(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        unsafe { self.map_unchecked_mut(|s| &mut s.0) }.poll(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Counter<'a> {
        count: &'a mut u32,
    }

    impl Future for Counter<'_> {
        type Output = ();

        fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
            unsafe { *self.get_unchecked_mut().count += 1 };
            Poll::Pending
        }
    }
}
