// poll_fn closures.
use std::future::poll_fn;
use std::task::{Context, Poll};

use tokio::sync::mpsc;

pub async fn recv_while_open(open: bool, rx: &mut mpsc::Receiver<u32>) -> Option<u32> {
    poll_fn(|cx| {
        if open {
            rx.poll_recv(cx)
        } else {
            Poll::Pending // want: pending_without_waker@note
        }
    })
    .await
}

pub async fn take_ready(queue: &mut Vec<u32>) -> u32 {
    futures::future::poll_fn(|_| match queue.pop() {
        Some(v) => Poll::Ready(v),
        None => Poll::Pending, // want: pending_without_waker@note
    })
    .await
}

pub async fn take_or_wait(queue: &mut Vec<u32>, notify: &futures::task::AtomicWaker) -> u32 {
    poll_fn(|cx| {
        notify.register(cx.waker());
        match queue.pop() {
            Some(v) => Poll::Ready(v),
            None => Poll::Pending,
        }
    })
    .await
}

// Yield once: wake_by_ref, then Pending. Quiet.
pub async fn yield_now() {
    let mut yielded = false;
    poll_fn(move |cx| {
        if yielded {
            return Poll::Ready(());
        }
        yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    })
    .await
}

// Park forever. Quiet.
pub async fn park() -> ! {
    poll_fn(|_cx: &mut Context<'_>| Poll::Pending).await
}

// Two receivers, the first one polled only while a flag says so.
pub async fn either(a: &mut mpsc::Receiver<u32>, b: &mut mpsc::Receiver<u32>, use_b: bool) -> Option<u32> {
    poll_fn(|cx| {
        if let Poll::Ready(v) = a.poll_recv(cx) {
            return Poll::Ready(v);
        }
        if use_b {
            return b.poll_recv(cx);
        }
        Poll::Pending
    })
    .await
}

// A typed closure that is not handed to poll_fn still receives a Context. It counts down
// and wakes on one path only; the Context is used, so a warning.
pub fn make_poller(mut left: u32) -> impl FnMut(&mut Context<'_>) -> Poll<()> {
    move |cx: &mut Context<'_>| {
        if left == 0 {
            return Poll::Ready(());
        }
        left -= 1;
        if left % 2 == 0 {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        Poll::Pending // want: pending_without_waker@warning
    }
}

// A closure that is not a poll_fn and has no Context: not ours. Quiet.
pub fn classify(xs: &[Option<u32>]) -> Vec<Poll<u32>> {
    xs.iter()
        .map(|x| match x {
            Some(v) => Poll::Ready(*v),
            None => Poll::Pending,
        })
        .collect()
}

// poll_fn inside select!: the closure is still checked.
pub async fn select_poll(rx: &mut mpsc::Receiver<u32>, stop: bool) {
    tokio::select! {
        v = poll_fn(|cx| if stop { Poll::Pending } else { rx.poll_recv(cx) }) => { drop(v); } // want: pending_without_waker@note
        _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
    }
}

// poll_fn closures inside join!.
pub async fn both(rx: &mut mpsc::Receiver<u32>, mut other: Vec<u32>) {
    let (a, b) = tokio::join!(
        poll_fn(|cx| rx.poll_recv(cx)),
        poll_fn(|_| if let Some(v) = other.pop() { Poll::Ready(v) } else { Poll::Pending }), // want: pending_without_waker@note
    );
    drop((a, b));
}

// A select! branch that is never ready on purpose: without a feed, the closure's captured
// `Option` stays `None` for the closure's whole life (it was evaluated once, before the
// closure, and only the closure holds it). The `future::pending()` equivalent: a note.
pub async fn route(feed: Option<mpsc::Receiver<u32>>, mut jobs: mpsc::Receiver<u32>) {
    let mut feed = feed.map(Box::pin);
    let events = poll_fn(move |cx| match &mut feed {
        Some(rx) => rx.poll_recv(cx),
        // never ready: the other branch decides
        None => Poll::Pending, // want: pending_without_waker@note
    });
    tokio::select! {
        job = jobs.recv() => drop(job),
        ev = events => drop(ev),
    }
}

// The twin: the captured value is a handle on shared state that another task fills; nothing
// wakes the task when it does.
pub async fn wait_slot(slot: std::sync::Arc<std::sync::Mutex<Option<u32>>>) -> u32 {
    let shared = slot.clone();
    poll_fn(move |_cx| match shared.lock().unwrap().take() {
        Some(v) => Poll::Ready(v),
        None => Poll::Pending, // want: pending_without_waker@warning
    })
    .await
}

// A wait queue written by hand: the async fn takes its task's waker with a first `poll_fn`,
// hands it to the queue, then waits with a second `poll_fn` that only checks a flag. The
// waker taken before wakes the same task: quiet. The twin hands out no waker.
pub struct Waiter {
    pub waker: std::task::Waker,
    pub woke: std::cell::Cell<bool>,
}

pub async fn queue_up(waiters: &std::cell::RefCell<Vec<std::rc::Rc<Waiter>>>) {
    let waker = poll_fn(|cx| Poll::Ready(cx.waker().clone())).await;
    let me = std::rc::Rc::new(Waiter { waker, woke: std::cell::Cell::new(false) });
    waiters.borrow_mut().push(me.clone());
    poll_fn(|_cx| if me.woke.get() { Poll::Ready(()) } else { Poll::Pending }).await;
}

pub async fn queue_up_blind(flags: &std::cell::RefCell<Vec<std::rc::Rc<std::cell::Cell<bool>>>>) {
    let me = std::rc::Rc::new(std::cell::Cell::new(false));
    flags.borrow_mut().push(me.clone());
    poll_fn(|_cx| if me.get() { Poll::Ready(()) } else { Poll::Pending }).await; // want: pending_without_waker
}
