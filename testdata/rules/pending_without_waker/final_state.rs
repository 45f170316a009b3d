// Pending for good once a source is closed, terminated, shut down or finished: that state
// never ends, so no wake-up could make the poll ready. Parking the caller there is a design
// choice (its consumer must not see the end): a note. A state that can change back (a full
// buffer, a handle not ready yet) keeps the warning.
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::sync::mpsc;

pub struct Socket {
    closed: std::sync::atomic::AtomicBool,
}

impl Socket {
    pub fn is_closed(&self) -> bool {
        self.closed.load(std::sync::atomic::Ordering::Acquire)
    }
}

pub struct Receiver {
    inner: mpsc::Receiver<Vec<u8>>,
    tx: mpsc::Sender<Vec<u8>>,
    handle: Arc<tokio::sync::Notify>,
    done: tokio::task::JoinHandle<()>,
}

impl Receiver {
    pub fn poll_recv(&mut self, cx: &mut Context<'_>, sock: &Socket) -> Poll<io::Result<Vec<u8>>> {
        if sock.is_closed() {
            return Poll::Pending; // want: pending_without_waker@note
        }
        match self.inner.poll_recv(cx) {
            Poll::Ready(Some(b)) => Poll::Ready(Ok(b)),
            Poll::Ready(None) => Poll::Ready(Err(io::ErrorKind::BrokenPipe.into())),
            Poll::Pending => Poll::Pending,
        }
    }

    // The negated test, with the Pending in the other branch.
    pub fn poll_after_task(&mut self, cx: &mut Context<'_>) -> Poll<Option<Vec<u8>>> {
        if !self.done.is_finished() {
            self.inner.poll_recv(cx)
        } else {
            Poll::Pending // want: pending_without_waker@note
        }
    }

    // The harmful twins: a full channel drains, a handle becomes ready. Whatever changes
    // them must wake the task.
    pub fn poll_reserve(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.tx.is_full() {
            return Poll::Pending; // want: pending_without_waker@warning
        }
        match self.inner.poll_recv(cx) {
            Poll::Ready(_) => Poll::Ready(Ok(())),
            Poll::Pending => Poll::Pending,
        }
    }

    pub fn poll_handle(&mut self, cx: &mut Context<'_>) -> Poll<Option<Vec<u8>>> {
        if !self.is_ready() {
            return Poll::Pending; // want: pending_without_waker@warning
        }
        self.inner.poll_recv(cx)
    }

    // A final-state test that is not the one right above the Pending: the Pending waits on
    // the full channel, whatever the socket's state.
    pub fn poll_write(&mut self, cx: &mut Context<'_>, sock: &Socket) -> Poll<io::Result<()>> {
        if !sock.is_closed() {
            if self.tx.is_full() {
                return Poll::Pending; // want: pending_without_waker@warning
            }
        }
        match self.inner.poll_recv(cx) {
            Poll::Ready(_) => Poll::Ready(Ok(())),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_ready(&self) -> bool {
        Arc::strong_count(&self.handle) > 1
    }
}

impl futures::Stream for Receiver {
    type Item = Vec<u8>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Vec<u8>>> {
        if self.inner.is_closed() {
            return Poll::Pending; // want: pending_without_waker@note
        }
        self.inner.poll_recv(cx)
    }
}
