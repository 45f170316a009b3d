// What a Pending reached with nothing registered waits for decides how much it matters:
// a state that can never become ready (or that only the owner can change) is a note; a
// change that another task makes is a warning; a poll that expects to be polled again
// (after a countdown, at a deadline) with the Context unused is an error.
use std::collections::VecDeque;
use std::future::{poll_fn, Future};
use std::io::Read;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Instant;

use tokio::sync::mpsc;

// A stream over a buffer it owns, pending forever once the buffer is read: closing would end
// the stream for its reader. Only the owner could add more. A note.
pub struct Replay {
    data: std::io::Cursor<Vec<u8>>,
}

impl tokio::io::AsyncRead for Replay {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut tokio::io::ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        if self.data.position() < self.data.get_ref().len() as u64 {
            Pin::new(&mut self.data).poll_read(cx, buf)
        } else {
            Poll::Pending // want: pending_without_waker@note
        }
    }
}

// The harmful twin: the same end of data, but the bytes come from a buffer another task
// writes into. Nothing wakes the reader when they arrive.
pub struct SharedReplay {
    data: Arc<Mutex<VecDeque<u8>>>,
}

impl tokio::io::AsyncRead for SharedReplay {
    fn poll_read(self: Pin<&mut Self>, _cx: &mut Context<'_>, buf: &mut tokio::io::ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let mut data = self.data.lock().unwrap();
        if data.is_empty() {
            return Poll::Pending; // want: pending_without_waker@warning
        }
        while let Some(b) = data.pop_front() {
            buf.put_slice(&[b]);
        }
        Poll::Ready(Ok(()))
    }
}

// A select arm that must stay disabled unless the caller asks for it: `enabled` cannot change
// while this future lives. A note.
pub async fn wait_if(enabled: bool, rx: &mut mpsc::Receiver<u32>) -> Option<u32> {
    poll_fn(|cx| {
        if !enabled {
            return Poll::Pending; // want: pending_without_waker@note
        }
        rx.poll_recv(cx)
    })
    .await
}

// The harmful twin: the flag is an atomic another task sets. Nobody wakes this one.
pub async fn wait_flag(enabled: &AtomicBool, rx: &mut mpsc::Receiver<u32>) -> Option<u32> {
    poll_fn(|cx| {
        if !enabled.load(Ordering::Acquire) {
            return Poll::Pending; // want: pending_without_waker@warning
        }
        rx.poll_recv(cx)
    })
    .await
}

// A cancelled entry: `cancelled` is only ever set to true, so once it is, this Pending is
// final and there is nothing to wake the task for. A note, even behind a lock.
pub struct Entry {
    state: Mutex<EntryState>,
}

struct EntryState {
    fired: bool,
    cancelled: bool,
    waker: Option<std::task::Waker>,
}

impl Entry {
    pub fn cancel(&self) {
        self.state.lock().unwrap().cancelled = true;
    }

    pub fn fire(&self) {
        let mut s = self.state.lock().unwrap();
        s.fired = true;
        if let Some(w) = s.waker.take() {
            w.wake();
        }
    }

    pub fn poll_fired(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut s = self.state.lock().unwrap();
        if s.fired {
            return Poll::Ready(());
        } else if s.cancelled {
            return Poll::Pending; // want: pending_without_waker@note
        }
        s.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

// The harmful twin: `paused` goes both ways (another task resumes it), so the Pending waits
// for an event that has no waker to call.
pub struct Pausable {
    state: Mutex<PauseState>,
}

struct PauseState {
    paused: bool,
    waker: Option<std::task::Waker>,
}

impl Pausable {
    pub fn pause(&self) {
        self.state.lock().unwrap().paused = true;
    }

    pub fn resume(&self) {
        self.state.lock().unwrap().paused = false;
    }

    pub fn poll_running(&self, cx: &mut Context<'_>) -> Poll<()> {
        let mut s = self.state.lock().unwrap();
        if s.paused {
            return Poll::Pending; // want: pending_without_waker@warning
        }
        s.waker = Some(cx.waker().clone());
        Poll::Ready(())
    }
}

// A fused inner future: once it finished, `inner` is `None` for good. A note.
pub struct Fuse<F> {
    inner: Option<Pin<Box<F>>>,
}

impl<F: Future> Fuse<F> {
    pub fn poll_fused(&mut self, cx: &mut Context<'_>) -> Poll<F::Output> {
        let Some(fut) = self.inner.as_mut() else {
            return Poll::Pending; // want: pending_without_waker@note
        };
        let out = fut.as_mut().poll(cx);
        out
    }
}

// A deadline checked against the clock with the Context ignored: no timer will wake the task
// at the deadline. An error.
pub struct Deadline {
    at: Instant,
}

impl Future for Deadline {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.at {
            Poll::Ready(())
        } else {
            Poll::Pending // want: pending_without_waker@error
        }
    }
}

// I/O that would block, with the Context ignored: a warning (test doubles do this on purpose;
// a real non-blocking socket read this way hangs).
pub struct NonBlocking {
    sock: std::net::TcpStream,
}

impl tokio::io::AsyncRead for NonBlocking {
    fn poll_read(mut self: Pin<&mut Self>, _: &mut Context<'_>, buf: &mut tokio::io::ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let dst = buf.initialize_unfilled();
        match self.sock.read(dst) {
            Ok(n) => {
                buf.advance(n);
                Poll::Ready(Ok(()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Poll::Pending, // want: pending_without_waker@warning
            Err(e) => Poll::Ready(Err(e)),
        }
    }
}

// A timer whose deadline overflowed: `checked_add` gives `None` for a timeout too large to
// add, which means "never expires", and the Pending on that side is the design. The twin
// waits for a shared flag another task sets, with nothing registered.
pub struct Expiry {
    start: Instant,
    timeout: std::time::Duration,
    sleep: Pin<Box<tokio::time::Sleep>>,
}

impl Future for Expiry {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Some(deadline) = self.start.checked_add(self.timeout) {
            self.sleep.as_mut().reset(deadline.into());
            self.sleep.as_mut().poll(cx)
        } else {
            Poll::Pending // want: pending_without_waker@note
        }
    }
}

pub struct Flagged {
    ready: Arc<AtomicBool>,
}

impl Future for Flagged {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if let Some(true) = Some(self.ready.load(Ordering::Acquire)) {
            Poll::Ready(())
        } else {
            Poll::Pending // want: pending_without_waker
        }
    }
}

// A closure over `&mut self` that waits for the front of a queue only its owner fills: while
// the future borrows the queue mutably, nobody else can push to it, and the owner's loop makes
// a new future after it did. A note.
pub struct IoRunner {
    io_tasks: VecDeque<Pin<Box<dyn Future<Output = u32> + Send>>>,
}

impl IoRunner {
    pub fn next_done(&mut self) -> impl Future<Output = u32> + '_ {
        poll_fn(|cx| {
            if let Some(task) = self.io_tasks.front_mut() {
                let res = match task.as_mut().poll(cx) {
                    Poll::Ready(r) => r,
                    Poll::Pending => return Poll::Pending,
                };
                self.io_tasks.pop_front();
                return Poll::Ready(res);
            }
            Poll::Pending // want: pending_without_waker@note
        })
    }
}

// Twin: the queue is shared behind a lock that other tasks push to.
pub struct SharedRunner {
    io_tasks: Arc<Mutex<VecDeque<u32>>>,
}

impl SharedRunner {
    pub fn next_done(&self) -> impl Future<Output = u32> + '_ {
        poll_fn(|_cx| {
            if let Some(task) = self.io_tasks.lock().unwrap().front_mut() {
                return Poll::Ready(*task);
            }
            Poll::Pending // want: pending_without_waker@warning
        })
    }
}
