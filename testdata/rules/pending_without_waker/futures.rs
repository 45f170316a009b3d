// Hand-written futures: the bugs and the idiomatic code next to them.
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use futures::task::AtomicWaker;
use tokio::sync::mpsc;

// The channel is only polled while open; the else branch parks the task with nobody to wake
// it. But `open` is a plain field: only the owner, through `&mut`, can flip it, and the owner
// then polls again (or it never opens). A note, not a missing-waker bug.
pub struct Recv {
    open: bool,
    rx: mpsc::Receiver<u32>,
}

impl Future for Recv {
    type Output = Option<u32>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        if self.open {
            self.rx.poll_recv(cx)
        } else {
            Poll::Pending // want: pending_without_waker@note
        }
    }
}

// A check of shared state that registers nothing, then Pending: whoever fills the slot from
// another task has no waker to call. A warning.
pub struct Flag {
    shared: Arc<Mutex<Option<u32>>>,
}

impl Future for Flag {
    type Output = u32;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        if let Some(v) = self.shared.lock().unwrap().take() {
            return Poll::Ready(v);
        }
        Poll::Pending // want: pending_without_waker@warning
    }
}

// Same future, done right: the waker is stored where the producer can find it.
pub struct Shared {
    value: Option<u32>,
    waker: Option<Waker>,
}

pub struct FlagFixed {
    shared: Arc<Mutex<Shared>>,
}

impl Future for FlagFixed {
    type Output = u32;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        let mut shared = self.shared.lock().unwrap();
        if let Some(v) = shared.value.take() {
            return Poll::Ready(v);
        }
        shared.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

// The tokio tutorial's Delay: the waker is updated only when it changed.
pub struct Delay {
    when: std::time::Instant,
    waker: Option<Arc<Mutex<Waker>>>,
}

impl Future for Delay {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if std::time::Instant::now() >= self.when {
            return Poll::Ready(());
        }
        if let Some(waker) = &self.waker {
            let mut waker = waker.lock().unwrap();
            if !waker.will_wake(cx.waker()) {
                *waker = cx.waker().clone();
            }
        } else {
            let waker = Arc::new(Mutex::new(cx.waker().clone()));
            self.waker = Some(waker.clone());
            spawn_timer_thread(self.when, waker);
        }
        Poll::Pending
    }
}

// A context that is ignored although the future can complete, after counting down: the
// function changed its own state and expects another poll that nothing asks for. An error.
pub struct Countdown {
    left: u32,
}

impl Future for Countdown {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.left == 0 {
            Poll::Ready(())
        } else {
            self.left -= 1;
            Poll::Pending // want: pending_without_waker@error
        }
    }
}

// The same countdown as a yield: wake_by_ref, then Pending. Quiet.
pub struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

// Never completes on purpose, like `future::pending()`. Quiet.
pub struct Never;

impl Future for Never {
    type Output = std::convert::Infallible;

    fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
        Poll::Pending
    }
}

// Delegation: the inner future registered in the scrutinee. Quiet.
pub struct Timeout<F> {
    inner: F,
    sleep: Pin<Box<tokio::time::Sleep>>,
}

impl<F: Future + Unpin> Future for Timeout<F> {
    type Output = Result<F::Output, Elapsed>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match Pin::new(&mut self.inner).poll(cx) {
            Poll::Ready(v) => return Poll::Ready(Ok(v)),
            Poll::Pending => {}
        }
        match self.sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(Elapsed)),
            Poll::Pending => Poll::Pending,
        }
    }
}

// A projected inner future and ready!, then Pending while waiting on a second step. Quiet.
#[pin_project::pin_project]
pub struct Then<A, B> {
    #[pin]
    first: A,
    second: Option<B>,
    waker: AtomicWaker,
}

impl<A: Future, B> Future for Then<A, B> {
    type Output = A::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<A::Output> {
        let this = self.project();
        let out = futures::ready!(this.first.poll(cx));
        if this.second.is_none() {
            return Poll::Pending;
        }
        Poll::Ready(out)
    }
}

// Registration through an AtomicWaker, or through a helper that takes the context. Quiet.
pub struct Notified {
    waker: AtomicWaker,
    done: std::sync::atomic::AtomicBool,
}

impl Future for Notified {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.done.load(std::sync::atomic::Ordering::Acquire) {
            return Poll::Ready(());
        }
        self.waker.register(cx.waker());
        if self.done.load(std::sync::atomic::Ordering::Acquire) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

impl Notified {
    fn poll_done(&self, cx: &mut Context<'_>) -> Poll<()> {
        if self.try_take().is_ready() {
            return Poll::Ready(());
        }
        self.register(cx);
        Poll::Pending
    }

    // A helper without a Context: whoever calls it registers. Quiet.
    fn try_take(&self) -> Poll<()> {
        if self.done.load(std::sync::atomic::Ordering::Acquire) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    fn register(&self, cx: &Context<'_>) {
        self.waker.register(cx.waker());
    }

    // The early return registers nothing; the later path does. Only the early one is a bug
    // (a warning: `armed()` is a method the rule cannot see into).
    fn poll_early(&self, cx: &mut Context<'_>) -> Poll<()> {
        if !self.armed() {
            return Poll::Pending; // want: pending_without_waker@warning
        }
        self.waker.register(cx.waker());
        if self.done.load(std::sync::atomic::Ordering::Acquire) {
            return Poll::Ready(());
        }
        Poll::Pending
    }
}

// A `let .. else` that returns Pending before anything registered: the receiver was taken or
// never set, a state only the owner can change. A note.
pub struct Slot {
    rx: Option<mpsc::Receiver<u32>>,
}

impl Future for Slot {
    type Output = Option<u32>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        let Some(rx) = self.rx.as_mut() else {
            return Poll::Pending; // want: pending_without_waker@note
        };
        rx.poll_recv(cx)
    }
}
