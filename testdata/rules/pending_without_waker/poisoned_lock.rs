// A std Mutex or RwLock fails `lock()`, `read()` and `write()` only once a thread panicked
// while holding it, and it stays poisoned: a Pending reached only through that `Err` is a
// final state (a note that says it hangs the caller after a panic). `try_lock()`, whose
// `Err` also means "held right now", and a Pending in the `Ok` arm keep the warning.
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll};

enum State {
    Idle(Vec<u8>),
    Busy,
}

pub struct Writer(Arc<Mutex<State>>);
pub struct Reader(Arc<RwLock<Option<Vec<u8>>>>);

impl tokio::io::AsyncWrite for Writer {
    fn poll_write(self: Pin<&mut Self>, _cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match self.0.lock() {
            Ok(mut state) => match &mut *state {
                State::Idle(b) => {
                    b.extend_from_slice(buf);
                    Poll::Ready(Ok(buf.len()))
                }
                State::Busy => Poll::Pending, // want: pending_without_waker@warning
            },
            _ => Poll::Pending, // want: pending_without_waker@note
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let Ok(state) = self.0.lock() else {
            return Poll::Pending; // want: pending_without_waker@note
        };
        match &*state {
            State::Idle(_) => Poll::Ready(Ok(())),
            State::Busy => Poll::Pending, // want: pending_without_waker@warning
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        // Held by another thread right now: that ends without waking this task.
        match self.0.try_lock() {
            Ok(_) => Poll::Ready(Ok(())),
            Err(_) => Poll::Pending, // want: pending_without_waker@warning
        }
    }
}

impl Reader {
    pub fn poll_take(&self, _cx: &mut Context<'_>) -> Poll<Vec<u8>> {
        if let Ok(slot) = self.0.read() {
            if let Some(b) = slot.clone() {
                return Poll::Ready(b);
            }
            Poll::Pending // want: pending_without_waker@warning
        } else {
            Poll::Pending // want: pending_without_waker@note
        }
    }
}
