// Composite polls: a crate-private helper's `Pending` is harmless when its caller does not
// hand it on but polls its other sources with the same Context afterwards (those hold the
// waker), or when the caller is itself a helper whose callers do that. Quiet. The twins hand
// the helper's `Pending` straight to the executor with nothing polled: still warnings.
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::mpsc;

pub struct Link<T> {
    io: T,
    state: LinkState,
    jobs: mpsc::Receiver<Vec<u8>>,
    outbox: Vec<u8>,
}

struct LinkState {
    reading: u8,
}

impl LinkState {
    fn read_done(&self) -> bool {
        self.reading == 2
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> Link<T> {
    // Pending for good once the read side is done: the loop below polls the write side
    // with the same Context, and that is what wakes the task.
    fn poll_read_idle(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        if self.state.read_done() {
            Poll::Pending
        } else {
            let mut byte = [0u8; 1];
            let mut buf = ReadBuf::new(&mut byte);
            Pin::new(&mut self.io).poll_read(cx, &mut buf)
        }
    }

    // A helper that hands the idle helper's result on: covered by its own caller.
    fn poll_read_side(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        if self.state.reading == 0 {
            return Poll::Ready(Ok(()));
        }
        self.poll_read_idle(cx)
    }

    fn poll_write_side(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        while let Some(job) = ready!(self.jobs.poll_recv(cx)) {
            self.outbox.extend_from_slice(&job);
        }
        Poll::Ready(Ok(()))
    }

    // The composite poll: the read side's `Pending` is ignored, the write side and the flush
    // are polled next with the same Context.
    fn poll_loop(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        for _ in 0..8 {
            let _ = self.poll_read_side(cx)?;
            let wrote = self.poll_write_side(cx)?.is_ready();
            let flushed = Pin::new(&mut self.io).poll_flush(cx)?.is_ready();
            if !(wrote && flushed) {
                return Poll::Ready(Ok(()));
            }
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

impl<T: AsyncRead + AsyncWrite + Unpin> Future for Link<T> {
    type Output = std::io::Result<()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        ready!(self.poll_loop(cx))?;
        if self.state.read_done() && self.outbox.is_empty() {
            Poll::Ready(Ok(()))
        } else {
            Poll::Pending
        }
    }
}

// A dispatcher in the style of a documented design: "timers and responses wake us". The
// request helper returns Pending at capacity; its caller polls the expiry queue next.
pub struct Dispatch {
    in_flight: Vec<u64>,
    limit: usize,
    requests: mpsc::Receiver<u64>,
    expired: mpsc::Receiver<u64>,
}

impl Dispatch {
    fn at_capacity(&self) -> bool {
        self.in_flight.len() >= self.limit
    }

    fn poll_next_request(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        if self.at_capacity() {
            // no wake-up needed: expiries and responses free a slot and wake the task
            return Poll::Pending;
        }
        self.requests.poll_recv(cx)
    }

    fn poll_pump(&mut self, cx: &mut Context<'_>) -> Poll<Option<()>> {
        let requests_open = match Pin::new(&mut *self).poll_next_request(cx) {
            Poll::Ready(Some(id)) => {
                self.in_flight.push(id);
                return Poll::Ready(Some(()));
            }
            Poll::Ready(None) => false,
            Poll::Pending => true,
        };
        if let Poll::Ready(Some(id)) = self.expired.poll_recv(cx) {
            self.in_flight.retain(|x| *x != id);
            return Poll::Ready(Some(()));
        }
        if requests_open {
            Poll::Pending
        } else {
            Poll::Ready(None)
        }
    }

    pub fn poll_run(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        while let Some(()) = ready!(self.poll_pump(cx)) {}
        Poll::Ready(())
    }
}

// The twins: the helper's `Pending` goes straight out, with nothing else polled.
pub struct Gate {
    state: LinkState,
    rx: mpsc::Receiver<u8>,
}

impl Gate {
    fn poll_open(&mut self, cx: &mut Context<'_>) -> Poll<Option<u8>> {
        if self.state.read_done() {
            return Poll::Pending; // want: pending_without_waker@warning
        }
        self.rx.poll_recv(cx)
    }

    // hands the helper's Pending on, and its only caller does too
    fn poll_step(&mut self, cx: &mut Context<'_>) -> Poll<Option<u8>> {
        self.poll_open(cx)
    }

    fn poll_closed_first(&mut self, cx: &mut Context<'_>) -> Poll<Option<u8>> {
        if self.state.read_done() {
            return Poll::Pending; // want: pending_without_waker@warning
        }
        self.rx.poll_recv(cx)
    }

    // polls something else after the helper, but returns the helper's Pending before that
    fn poll_twice(&mut self, cx: &mut Context<'_>) -> Poll<Option<u8>> {
        if self.poll_closed_first(cx).is_pending() {
            return Poll::Pending;
        }
        self.rx.poll_recv(cx)
    }
}

impl Future for Gate {
    type Output = Option<u8>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u8>> {
        if self.state.reading == 1 {
            return self.poll_step(cx);
        }
        self.poll_twice(cx)
    }
}
