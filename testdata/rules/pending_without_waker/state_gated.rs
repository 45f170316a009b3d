// Pending guarded by state the poll function itself sets on another path: reached only
// after an earlier poll completed (the fuse idiom) or registered. Next to them, the same
// shapes where the state does not lead back to the Pending.
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

// Fuse: after the inner future completed, Pending forever. Quiet.
#[pin_project::pin_project]
pub struct Fuse<F> {
    #[pin]
    inner: Option<F>,
}

impl<F: Future> Future for Fuse<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        match self.as_mut().project().inner.as_pin_mut() {
            Some(fut) => fut.poll(cx).map(|out| {
                self.project().inner.set(None);
                out
            }),
            None => Poll::Pending,
        }
    }
}

// A terminated flag set on completion. Quiet.
#[pin_project::pin_project]
pub struct Terminating<F> {
    #[pin]
    inner: F,
    terminated: bool,
}

impl<F: Future> Future for Terminating<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        if *this.terminated {
            return Poll::Pending;
        }
        let out = futures::ready!(this.inner.poll(cx));
        *this.terminated = true;
        Poll::Ready(out)
    }
}

// The first poll hands the waker to a thread; later polls rely on it. Quiet.
pub fn gated(flag: Arc<AtomicBool>) -> impl Future<Output = ()> {
    let mut started = false;
    std::future::poll_fn(move |cx| {
        if !started {
            let waker = cx.waker().clone();
            let flag = flag.clone();
            std::thread::spawn(move || {
                flag.store(true, Ordering::Release);
                waker.wake();
            });
            started = true;
            return Poll::Pending;
        }
        if flag.load(Ordering::Acquire) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
}

// The flag written elsewhere leads away from the Pending: `done = true` makes the first
// test return Ready, so it does not explain the early Pending. `armed` is a plain field only
// the owner sets: a note.
pub struct Once<F> {
    fut: Pin<Box<F>>,
    done: bool,
    armed: bool,
}

impl<F: Future<Output = ()>> Future for Once<F> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.done {
            return Poll::Ready(());
        }
        if !self.armed {
            return Poll::Pending; // want: pending_without_waker@note
        }
        futures::ready!(self.fut.as_mut().poll(cx));
        self.done = true;
        Poll::Ready(())
    }
}

// A yield that forgot to wake: the flag flips back on the Ready path, but the Context is
// never used, so nothing ever registered. An error.
pub struct BadYield {
    yielded: bool,
}

impl Future for BadYield {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            self.yielded = false;
            Poll::Ready(())
        } else {
            self.yielded = true;
            Poll::Pending // want: pending_without_waker@error
        }
    }
}

// The flag is set only on the Pending path itself: no earlier poll registered. The Context
// is used elsewhere, so the author knew about wakers: a warning, not an error.
pub struct PendingOnce {
    polled: bool,
    rx: tokio::sync::oneshot::Receiver<()>,
}

impl Future for PendingOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if !self.polled {
            self.polled = true;
            return Poll::Pending; // want: pending_without_waker@warning
        }
        Pin::new(&mut self.rx).poll(cx).map(|_| ())
    }
}

// A cancelled state that nothing in this function enters: polling after cancel never
// completes, by design (a final state, only the owner's `&mut` could leave it). A note.
pub struct Entry {
    cancelled: bool,
    fired: bool,
    waker: Option<std::task::Waker>,
}

impl Entry {
    pub fn poll_fired(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if self.fired {
            return Poll::Ready(());
        } else if self.cancelled {
            return Poll::Pending; // want: pending_without_waker@note
        }
        self.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}
