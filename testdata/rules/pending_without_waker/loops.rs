// State machines and loops.
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures::Stream;

enum State {
    Connecting(Pin<Box<dyn std::future::Future<Output = u32> + Send>>),
    Reading(u32),
    Idle,
    Done,
}

pub struct Machine {
    state: State,
    buf: Vec<u32>,
}

impl Machine {
    // Each state polls something or loops back; the Pending of the Reading state is reached
    // after a registration in an earlier iteration. Quiet (see Known problems).
    pub fn poll_step(&mut self, cx: &mut Context<'_>) -> Poll<u32> {
        loop {
            match &mut self.state {
                State::Connecting(fut) => {
                    let id = ready!(fut.as_mut().poll(cx));
                    self.state = State::Reading(id);
                }
                State::Reading(id) => {
                    if self.buf.is_empty() {
                        return Poll::Pending;
                    }
                    return Poll::Ready(*id);
                }
                State::Idle => return Poll::Pending,
                State::Done => return Poll::Ready(0),
            }
        }
    }

    // A loop that never registers: every Pending waits for the owner to refill `buf` (a
    // note: nothing outside the owner can).
    pub fn poll_drain(&mut self, _cx: &mut Context<'_>) -> Poll<Vec<u32>> {
        let mut out = Vec::new();
        loop {
            match self.buf.pop() {
                Some(0) => break Poll::Ready(out),
                Some(v) => out.push(v),
                None if out.is_empty() => break Poll::Pending, // want: pending_without_waker@note
                None => return Poll::Ready(out),
            }
        }
    }

    // while let over a stream, Pending after the stream ran dry. Quiet.
    pub fn poll_fill<S: Stream<Item = u32> + Unpin>(&mut self, cx: &mut Context<'_>, s: &mut S) -> Poll<()> {
        while let Poll::Ready(Some(v)) = Pin::new(&mut *s).poll_next(cx) {
            self.buf.push(v);
            if self.buf.len() > 8 {
                return Poll::Ready(());
            }
        }
        Poll::Pending
    }

    // The loop condition is checked before anything is polled.
    pub fn poll_batch<S: Stream<Item = u32> + Unpin>(&mut self, cx: &mut Context<'_>, s: &mut S) -> Poll<()> {
        for _ in 0..self.buf.capacity() {
            if self.buf.len() > 8 {
                return Poll::Ready(());
            }
            if matches!(self.state, State::Done) {
                return Poll::Pending;
            }
            match Pin::new(&mut *s).poll_next(cx) {
                Poll::Ready(Some(v)) => self.buf.push(v),
                Poll::Ready(None) => return Poll::Ready(()),
                Poll::Pending => return Poll::Pending,
            }
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }

    // Labeled loops: the continue goes to the outer loop, before the registration.
    pub fn poll_nested(&mut self, cx: &mut Context<'_>) -> Poll<u32> {
        'outer: loop {
            for v in self.buf.drain(..) {
                if v == 0 {
                    continue 'outer;
                }
                return Poll::Ready(v);
            }
            if matches!(self.state, State::Idle) {
                return Poll::Pending; // want: pending_without_waker@note
            }
            break;
        }
        self.wait(cx)
    }

    fn wait(&mut self, cx: &mut Context<'_>) -> Poll<u32> {
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
