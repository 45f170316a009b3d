// Look-alikes that must stay quiet.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tera::Context as TemplateContext;

// Not a task Context: a template context that happens to share the name.
pub fn render_state(ctx: &mut TemplateContext, ready: bool) -> Poll<String> {
    if ready {
        Poll::Ready(ctx.to_string())
    } else {
        Poll::Pending
    }
}

// A helper with no Context at all; its caller registers.
pub fn try_take(slot: &mut Option<u32>) -> Poll<u32> {
    match slot.take() {
        Some(v) => Poll::Ready(v),
        None => Poll::Pending,
    }
}

// `Pending` of another enum.
pub enum Job {
    Pending,
    Running,
}

pub fn poll_job(job: &Job, cx: &mut Context<'_>) -> Poll<Job> {
    if matches!(job, Job::Running) {
        return Poll::Ready(Job::Pending);
    }
    cx.waker().wake_by_ref();
    Poll::Pending
}

// Poll::Pending used in patterns and comparisons, not returned.
pub fn still_waiting<F: Future + Unpin>(f: &mut F, cx: &mut Context<'_>) -> bool {
    let p = Pin::new(f).poll(cx);
    matches!(p, Poll::Pending) || p.is_pending()
}

// Forever pending, with the Context ignored: never completes on purpose.
pub struct Forever<T>(std::marker::PhantomData<T>);

impl<T> Future for Forever<T> {
    type Output = T;

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<T> {
        if cfg!(debug_assertions) {
            return Poll::Pending;
        }
        Poll::Pending
    }
}

// The waker is registered only when it is missing or stale: the Pending is reachable after
// a registration. Quiet.
pub struct Event {
    waker: Option<std::task::Waker>,
    set: bool,
}

impl Future for Event {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.set {
            return Poll::Ready(());
        }
        match &self.waker {
            Some(w) if w.will_wake(cx.waker()) => {}
            _ => self.waker = Some(cx.waker().clone()),
        }
        Poll::Pending
    }
}

// The Context is handed to a closure that polls with it.
pub struct Lazy<F> {
    fut: Option<Pin<Box<F>>>,
}

impl<F: Future> Future for Lazy<F> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let step = |fut: &mut Pin<Box<F>>| fut.as_mut().poll(cx);
        match self.fut.as_mut().map(step) {
            Some(Poll::Ready(v)) => Poll::Ready(Some(v)),
            Some(Poll::Pending) => Poll::Pending,
            None => Poll::Ready(None),
        }
    }
}

// The Context is stored in a struct that is polled later.
pub fn poll_with(state: &mut Vec<u32>, cx: &mut Context<'_>) -> Poll<u32> {
    let mut driver = Driver { cx, queue: state };
    if let Some(v) = driver.queue.pop() {
        return Poll::Ready(v);
    }
    driver.park();
    Poll::Pending
}

pub struct Driver<'a, 'b> {
    cx: &'a mut Context<'b>,
    queue: &'a mut Vec<u32>,
}

// Dead code after a return is not a path.
pub fn poll_dead(cx: &mut Context<'_>) -> Poll<()> {
    cx.waker().wake_by_ref();
    return Poll::Pending;
    Poll::Ready(())
}

// A Pending in a nested closure is the closure's value, not the function's.
pub fn poll_map(v: Option<u32>, cx: &mut Context<'_>) -> Poll<Option<Poll<u32>>> {
    let mapped = v.map(|x| if x > 0 { Poll::Ready(x) } else { Poll::Pending });
    if mapped.is_none() {
        cx.waker().wake_by_ref();
        return Poll::Pending;
    }
    Poll::Ready(mapped)
}

// A test mock that panics instead of completing.
pub struct Bomb;

impl Future for Bomb {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if std::env::var("BOOM").is_ok() {
            panic!("boom");
        }
        Poll::Pending
    }
}

// The flag is computed with `||`: when the inner future was not polled, the result is
// Ready, so the Pending is only reached after polling. Quiet.
pub struct Tracked<F> {
    closed: bool,
    future: Pin<Box<F>>,
}

impl<F: Future<Output = ()>> Future for Tracked<F> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let ready = self.closed || self.future.as_mut().poll(cx).is_ready();
        if ready {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

// A match guard that uses the context: the next arm is reached after it. Quiet.
pub enum Lifecycle {
    Waiting(std::task::Waker),
    Done,
}

pub fn poll_op(slot: &mut Lifecycle, cx: &mut Context<'_>) -> Poll<()> {
    match std::mem::replace(slot, Lifecycle::Done) {
        Lifecycle::Waiting(prev) if !prev.will_wake(cx.waker()) => {
            *slot = Lifecycle::Waiting(cx.waker().clone());
            Poll::Pending
        }
        Lifecycle::Waiting(prev) => {
            *slot = Lifecycle::Waiting(prev);
            Poll::Pending
        }
        Lifecycle::Done => Poll::Ready(()),
    }
}

// A branch made unreachable by an earlier check on the same state. Quiet.
pub struct Flush {
    pending_write: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Flush {
    pub fn poll_flush(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if self.pending_write.is_none() {
            return Poll::Ready(());
        }
        if let Some(sleep) = self.pending_write.as_mut() {
            futures::ready!(sleep.as_mut().poll(cx));
        } else {
            return Poll::Pending;
        }
        self.pending_write = None;
        Poll::Ready(())
    }
}
