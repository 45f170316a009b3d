// A crate-private helper is judged at its callers: when every caller polled something with
// the same Context before calling it, the waker is registered and the helper's Pending is
// the caller's "not now". Quiet. A helper that some caller reaches before registering is
// reported (a warning: a helper is never certain).
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use futures::Stream;
use tokio::io::AsyncWrite;

pub struct Writer<W> {
    io: W,
    buf: Arc<Mutex<Vec<u8>>>,
}

impl<W: AsyncWrite + Unpin> Writer<W> {
    // Pending while the shared buffer is busy; its callers polled the sink first.
    fn poll_take_buf(&mut self, _cx: &mut Context<'_>) -> Poll<Vec<u8>> {
        match self.buf.try_lock() {
            Ok(mut b) => Poll::Ready(std::mem::take(&mut *b)),
            Err(_) => Poll::Pending,
        }
    }

    pub fn poll_flush_buf(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        futures::ready!(Pin::new(&mut self.io).poll_flush(cx))?;
        let data = futures::ready!(self.poll_take_buf(cx));
        Pin::new(&mut self.io).poll_write(cx, &data).map(|r| r.map(|_| ()))
    }

    pub fn poll_write_buf(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<usize>> {
        if let Poll::Ready(Err(e)) = Pin::new(&mut self.io).poll_flush(cx) {
            return Poll::Ready(Err(e));
        }
        match self.poll_take_buf(cx) {
            Poll::Ready(data) => Pin::new(&mut self.io).poll_write(cx, &data),
            Poll::Pending => Poll::Pending,
        }
    }

    // The twin: the same kind of helper, but one caller calls it before polling anything.
    fn poll_take_other(&mut self, _cx: &mut Context<'_>) -> Poll<Vec<u8>> {
        match self.buf.try_lock() {
            Ok(mut b) => Poll::Ready(std::mem::take(&mut *b)),
            Err(_) => Poll::Pending, // want: pending_without_waker@warning
        }
    }

    pub fn poll_first(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<usize>> {
        let data = futures::ready!(self.poll_take_other(cx));
        Pin::new(&mut self.io).poll_write(cx, &data)
    }

    pub fn poll_second(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<usize>> {
        futures::ready!(Pin::new(&mut self.io).poll_flush(cx))?;
        let data = futures::ready!(self.poll_take_other(cx));
        Pin::new(&mut self.io).poll_write(cx, &data)
    }

    // A helper nobody in the crate calls: its callers cannot be checked, so it is reported.
    fn poll_unused(&mut self, _cx: &mut Context<'_>) -> Poll<Vec<u8>> {
        match self.buf.try_lock() {
            Ok(mut b) => Poll::Ready(std::mem::take(&mut *b)),
            Err(_) => Poll::Pending, // want: pending_without_waker@warning
        }
    }
}

// A public method is not a helper: its callers are unknown. Reported at its own level.
pub struct Events {
    queue: Arc<Mutex<Vec<u32>>>,
}

impl Stream for Events {
    type Item = u32;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        self.get_mut().poll_pop(cx)
    }
}

impl Events {
    pub fn poll_pop(&mut self, _cx: &mut Context<'_>) -> Poll<Option<u32>> {
        match self.queue.lock().unwrap().pop() {
            Some(v) => Poll::Ready(Some(v)),
            None => Poll::Pending, // want: pending_without_waker@warning
        }
    }
}
