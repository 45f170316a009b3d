// Hand-written joins that record completion after `Ready` in each usual way stay quiet: a
// state enum switched to `Done`, the future kept in a state variant, an `Option` taken, a
// `Fuse`, a flag, the future replaced (`mem::replace`, assignment, `Pin::set`). Their twin
// that records only the output warns.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::future::{Fuse, FutureExt};

enum Phase {
    Running,
    Done,
}

pub struct StateFlag<A: Future + Unpin, B: Future + Unpin> {
    a: A,
    b: B,
    phase: Phase,
    a_out: Option<A::Output>,
}

impl<A: Future + Unpin, B: Future + Unpin> Future for StateFlag<A, B> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Phase::Running = self.phase {
            if let Poll::Ready(a) = Pin::new(&mut self.a).poll(cx) {
                self.a_out = Some(a);
                self.phase = Phase::Done;
            }
        }
        if let Poll::Ready(_) = Pin::new(&mut self.b).poll(cx) {
            return Poll::Ready(());
        }
        Poll::Pending
    }
}

enum Slot<F> {
    Running(F),
    Finished,
}

pub struct InState<F: Future + Unpin, B: Future + Unpin> {
    slot: Slot<F>,
    b: B,
}

impl<F: Future + Unpin, B: Future + Unpin> Future for InState<F, B> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        if let Slot::Running(f) = &mut this.slot {
            if let Poll::Ready(_) = Pin::new(f).poll(cx) {
                this.slot = Slot::Finished;
            }
        }
        if let Poll::Ready(_) = Pin::new(&mut this.b).poll(cx) {
            return Poll::Ready(());
        }
        Poll::Pending
    }
}

pub struct Taken<A: Future + Unpin, B: Future + Unpin> {
    a: Option<A>,
    b: B,
}

impl<A: Future + Unpin, B: Future + Unpin> Future for Taken<A, B> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Some(a) = self.a.as_mut() {
            if let Poll::Ready(_) = Pin::new(a).poll(cx) {
                self.a.take();
            }
        }
        if let Poll::Ready(_) = Pin::new(&mut self.b).poll(cx) {
            return Poll::Ready(());
        }
        Poll::Pending
    }
}

pub struct Fused<A: Future, B: Future + Unpin> {
    a: Fuse<A>,
    b: B,
}

impl<A: Future + Unpin, B: Future + Unpin> Future for Fused<A, B> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Poll::Ready(_) = self.a.poll_unpin(cx) {}
        if let Poll::Ready(_) = Pin::new(&mut self.b).poll(cx) {
            return Poll::Ready(());
        }
        Poll::Pending
    }
}

pub struct Replaced<F: Future + Unpin, B: Future + Unpin> {
    a: F,
    c: F,
    b: B,
    make: fn() -> F,
}

impl<F: Future + Unpin, B: Future + Unpin> Future for Replaced<F, B> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Poll::Ready(_) = Pin::new(&mut self.a).poll(cx) {
            let next = (self.make)();
            let _old = std::mem::replace(&mut self.a, next);
        }
        if let Poll::Ready(_) = Pin::new(&mut self.c).poll(cx) {
            self.c = (self.make)();
        }
        if let Poll::Ready(_) = Pin::new(&mut self.b).poll(cx) {
            return Poll::Ready(());
        }
        Poll::Pending
    }
}

pub struct Flagged<A: Future + Unpin, B: Future + Unpin> {
    a: A,
    b: B,
    a_done: bool,
}

impl<A: Future + Unpin, B: Future + Unpin> Future for Flagged<A, B> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if !self.a_done {
            if let Poll::Ready(_) = Pin::new(&mut self.a).poll(cx) {
                self.a_done = true;
            }
        }
        if let Poll::Ready(_) = Pin::new(&mut self.b).poll(cx) {
            return Poll::Ready(());
        }
        Poll::Pending
    }
}

// The twin: the output is kept, but nothing stops the next call from polling `a` again.
pub struct OutputOnly<A: Future + Unpin, B: Future + Unpin> {
    a: A,
    b: B,
    out: Option<A::Output>,
}

impl<A: Future + Unpin, B: Future + Unpin> Future for OutputOnly<A, B> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Poll::Ready(v) = Pin::new(&mut self.a).poll(cx) { // want: poll_after_ready
            self.out = Some(v);
        }
        if let Poll::Ready(_) = Pin::new(&mut self.b).poll(cx) {
            return Poll::Ready(());
        }
        Poll::Pending
    }
}
