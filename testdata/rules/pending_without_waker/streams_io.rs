// Streams, I/O traits and services, with the Context imported under another name and
// Poll's variants imported by glob.
use std::collections::VecDeque;
use std::io;
use std::pin::Pin;
use std::task::Context as TaskContext;
use std::task::Poll::{self, *};

use futures::Stream;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

// A queue the owner fills through `&mut`: the owner polls again after pushing (a note).
pub struct Queue {
    items: VecDeque<u32>,
    closed: bool,
}

impl Stream for Queue {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut TaskContext<'_>) -> Poll<Option<u32>> {
        if let Some(v) = self.items.pop_front() {
            return Ready(Some(v));
        }
        if self.closed {
            return Ready(None);
        }
        Pending // want: pending_without_waker@note
    }
}

// A stream over a channel: every Pending comes from the delegated poll. Quiet.
pub struct Batches {
    rx: tokio::sync::mpsc::Receiver<u32>,
    buf: Vec<u32>,
}

impl Stream for Batches {
    type Item = Vec<u32>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Option<Vec<u32>>> {
        loop {
            match self.rx.poll_recv(cx) {
                Ready(Some(v)) => {
                    self.buf.push(v);
                    if self.buf.len() == 16 {
                        return Ready(Some(std::mem::take(&mut self.buf)));
                    }
                }
                Ready(None) if self.buf.is_empty() => return Ready(None),
                Ready(None) => return Ready(Some(std::mem::take(&mut self.buf))),
                Pending if self.buf.is_empty() => return Pending,
                Pending => return Ready(Some(std::mem::take(&mut self.buf))),
            }
        }
    }
}

pub struct Pipe {
    data: Vec<u8>,
    eof: bool,
    reader: Option<std::task::Waker>,
}

impl AsyncRead for Pipe {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.data.is_empty() {
            if self.eof {
                return Poll::Ready(Ok(()));
            }
            self.reader = Some(cx.waker().clone());
            return Poll::Pending;
        }
        let n = buf.remaining().min(self.data.len());
        buf.put_slice(&self.data[..n]);
        self.data.drain(..n);
        Poll::Ready(Ok(()))
    }
}

pub struct Sink {
    inner: tokio::net::TcpStream,
    blocked: bool,
}

impl AsyncWrite for Sink {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.blocked {
            return Poll::Pending; // want: pending_without_waker@note
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<io::Result<()>> {
        futures::ready!(Pin::new(&mut self.inner).poll_flush(cx))?;
        if self.blocked {
            return Poll::Pending;
        }
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut TaskContext<'_>) -> Poll<io::Result<()>> {
        if self.blocked {
            Poll::Pending // want: pending_without_waker@note
        } else {
            Poll::Ready(Ok(()))
        }
    }
}

// tower-style readiness: the permit comes from a semaphore polled with the context.
pub struct Limit {
    permits: tokio_util::sync::PollSemaphore,
    permit: Option<tokio::sync::OwnedSemaphorePermit>,
    paused: bool,
}

impl tower::Service<u32> for Limit {
    type Response = u32;
    type Error = io::Error;
    type Future = std::future::Ready<Result<u32, io::Error>>;

    fn poll_ready(&mut self, cx: &mut std::task::Context<'_>) -> Poll<Result<(), io::Error>> {
        if self.permit.is_some() {
            return Poll::Ready(Ok(()));
        }
        if self.paused && !self.permits.poll_acquire(cx).is_ready() {
            return Poll::Pending;
        }
        if self.paused || cx.waker().will_wake(&noop()) {
            // paused with a permit acquired (and dropped): the semaphore holds no waker
            return Poll::Pending; // want: pending_without_waker@warning
        }
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: u32) -> Self::Future {
        std::future::ready(Ok(req))
    }
}

pub struct Gate {
    closed: bool,
    inner: tokio::sync::mpsc::Receiver<()>,
}

impl Gate {
    // Reachable with and without a registration: left alone (see Known problems).
    pub fn poll_open(&mut self, cx: &mut TaskContext<'_>) -> Poll<()> {
        if self.closed || self.inner.poll_recv(cx).is_pending() {
            return Poll::Pending;
        }
        Poll::Ready(())
    }

    pub fn poll_open_and(&mut self, cx: &mut TaskContext<'_>) -> Poll<()> {
        if !self.closed && self.inner.poll_recv(cx).is_pending() {
            return Poll::Pending;
        }
        Poll::Ready(())
    }
}
