// A waker stored in a child or shared object on an earlier poll: the function hands the
// state its Pending waits on, together with the Context, to a call on another path. That
// call keeps the waker in the state (a child that wakes its parent when dropped), so the
// Pending is woken. Quiet; its twins without the hand-over are reported.
use std::cell::Cell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use futures::task::AtomicWaker;
use futures::Stream;

pub struct Guard {
    clean: Rc<Cell<bool>>,
    parent: Option<Waker>,
}

impl Guard {
    pub fn is_current(&self) -> bool {
        Rc::strong_count(&self.clean) == 1
    }

    pub fn is_clean(&self) -> bool {
        self.clean.get()
    }

    // Registers the parent's waker in the child it creates; the child wakes it on drop.
    pub fn child(&self, cx: &Context<'_>) -> Guard {
        Guard { clean: self.clean.clone(), parent: Some(cx.waker().clone()) }
    }
}

pub struct Parts {
    guard: Guard,
    items: Vec<u32>,
}

impl Parts {
    fn next_part(&mut self, guard: &Guard, cx: &mut Context<'_>) -> Poll<Option<Result<Guard, ()>>> {
        match self.items.pop() {
            Some(_) => Poll::Ready(Some(Ok(guard.child(cx)))),
            None => Poll::Ready(None),
        }
    }
}

pub struct Multi {
    guard: Guard,
    parts: Parts,
}

impl Stream for Multi {
    type Item = Result<Guard, ()>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.guard.is_current() {
            return this.parts.next_part(&this.guard, cx);
        } else if !this.guard.is_clean() {
            return Poll::Ready(Some(Err(())));
        } else {
            // A child is alive; it was given our waker when it was made.
            return Poll::Pending;
        }
    }
}

// The twin: the same wait for the child, but the child is made without the Context, so
// nobody has the waker.
pub struct MultiForgot {
    guard: Guard,
    parts: Vec<u32>,
}

impl Stream for MultiForgot {
    type Item = u32;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        let this = self.get_mut();
        if !this.guard.is_current() {
            return Poll::Pending; // want: pending_without_waker@warning
        }
        cx.waker().wake_by_ref();
        Poll::Ready(this.parts.pop())
    }
}

// A shared state that stores the waker on another path: the Pending is reached only after
// an earlier poll registered there.
pub struct Shared {
    waker: AtomicWaker,
    ready: std::sync::atomic::AtomicBool,
    armed: std::sync::atomic::AtomicBool,
}

pub struct Waiter {
    shared: std::sync::Arc<Shared>,
}

impl Waiter {
    pub fn poll_wait(&self, cx: &mut Context<'_>) -> Poll<()> {
        use std::sync::atomic::Ordering;
        if self.shared.armed.load(Ordering::Acquire) {
            if self.shared.ready.load(Ordering::Acquire) {
                return Poll::Ready(());
            }
            return Poll::Pending;
        }
        self.shared.waker.register(cx.waker());
        self.shared.armed.store(true, Ordering::Release);
        Poll::Pending
    }

    // The twin: the waker goes to an unrelated object, not to the state the Pending reads.
    pub fn poll_wait_elsewhere(&self, cx: &mut Context<'_>, other: &AtomicWaker) -> Poll<()> {
        use std::sync::atomic::Ordering;
        if self.shared.ready.load(Ordering::Acquire) {
            return Poll::Pending; // want: pending_without_waker@warning
        }
        other.register(cx.waker());
        Poll::Ready(())
    }
}

// Worker threads started on the first poll with a clone of the task's waker: each wakes
// the task when it has a result, so a later poll that finds nothing yet may return Pending.
pub struct Workers {
    started: bool,
    results: Option<std::sync::mpsc::Receiver<u64>>,
}

impl Workers {
    fn start(&mut self, cx: &mut Context<'_>) {
        let (tx, rx) = std::sync::mpsc::channel();
        let waker = cx.waker().clone();
        std::thread::spawn(move || {
            let _ = tx.send(42);
            waker.wake();
        });
        self.results = Some(rx);
        self.started = true;
    }
}

impl Stream for Workers {
    type Item = u64;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        if !self.started {
            self.start(cx);
            return Poll::Pending;
        }
        match self.results.as_ref().map(|rx| rx.try_recv()) {
            Some(Ok(v)) => Poll::Ready(Some(v)),
            Some(Err(std::sync::mpsc::TryRecvError::Empty)) => Poll::Pending,
            _ => Poll::Ready(None),
        }
    }
}

// The twin: the threads get no waker, so nothing wakes the task once a poll found nothing.
pub struct BlindWorkers {
    started: bool,
    results: Option<std::sync::mpsc::Receiver<u64>>,
}

impl BlindWorkers {
    fn launch(&mut self) {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(42);
        });
        self.results = Some(rx);
        self.started = true;
    }
}

impl Stream for BlindWorkers {
    type Item = u64;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        if !self.started {
            self.launch();
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        match self.results.as_ref().map(|rx| rx.try_recv()) {
            Some(Ok(v)) => Poll::Ready(Some(v)),
            Some(Err(std::sync::mpsc::TryRecvError::Empty)) => Poll::Pending, // want: pending_without_waker
            _ => Poll::Ready(None),
        }
    }
}
