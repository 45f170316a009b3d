// futures 0.1: `poll(&mut self)` with no Context; `Ok(Async::NotReady)` is the Pending, and
// polling an inner future or `task::current()` is the registration.
extern crate futures;
extern crate tokio;

use std::sync::{Arc, Mutex};

use futures::task::{self, Task};
use futures::{Async, Future, Poll, Stream};

// A countdown that changes its own state and expects another poll nothing asks for.
pub struct Countdown {
    left: u32,
}

impl Future for Countdown {
    type Item = ();
    type Error = ();

    fn poll(&mut self) -> Poll<(), ()> {
        if self.left == 0 {
            return Ok(Async::Ready(()));
        }
        self.left -= 1;
        Ok(Async::NotReady) // want: pending_without_waker@error
    }
}

pub fn run_countdown() {
    tokio::run(Countdown { left: 3 });
}

// The yield done right: the current task is notified before NotReady. Quiet.
pub struct Yield {
    yielded: bool,
}

impl Future for Yield {
    type Item = ();
    type Error = ();

    fn poll(&mut self) -> Poll<(), ()> {
        if self.yielded {
            return Ok(Async::Ready(()));
        }
        self.yielded = true;
        task::current().notify();
        Ok(Async::NotReady)
    }
}

// A slot filled by another thread, which cannot notify this task: nothing stored the task.
pub struct Recv {
    slot: Arc<Mutex<Option<u32>>>,
}

impl Future for Recv {
    type Item = u32;
    type Error = ();

    fn poll(&mut self) -> Poll<u32, ()> {
        if let Some(v) = self.slot.lock().unwrap().take() {
            return Ok(Async::Ready(v));
        }
        Ok(Async::NotReady) // want: pending_without_waker@warning
    }
}

// The same slot with the task stored for the producer to notify. Quiet.
pub struct Shared {
    value: Option<u32>,
    task: Option<Task>,
}

pub struct RecvStored {
    slot: Arc<Mutex<Shared>>,
}

impl Future for RecvStored {
    type Item = u32;
    type Error = ();

    fn poll(&mut self) -> Poll<u32, ()> {
        let mut slot = self.slot.lock().unwrap();
        if let Some(v) = slot.value.take() {
            return Ok(Async::Ready(v));
        }
        slot.task = Some(task::current());
        Ok(Async::NotReady)
    }
}

// A stream adapter whose NotReady comes after polling the inner stream. Quiet.
pub struct Evens<S> {
    inner: S,
}

impl<S: Stream<Item = u32>> Stream for Evens<S> {
    type Item = u32;
    type Error = S::Error;

    fn poll(&mut self) -> Poll<Option<u32>, S::Error> {
        loop {
            match try_ready!(self.inner.poll()) {
                Some(v) if v % 2 == 0 => return Ok(Async::Ready(Some(v))),
                Some(_) => continue,
                None => return Ok(Async::Ready(None)),
            }
        }
    }
}

// Returns NotReady only after the inner future did. Quiet.
pub struct Logged<F> {
    inner: F,
}

impl<F: Future> Future for Logged<F> {
    type Item = F::Item;
    type Error = F::Error;

    fn poll(&mut self) -> Poll<F::Item, F::Error> {
        match self.inner.poll()? {
            Async::Ready(v) => Ok(Async::Ready(v)),
            Async::NotReady => Ok(Async::NotReady),
        }
    }
}

// A futures 0.3 file's `Poll::Pending` is not confused with this: a 0.1 `Sink` method or a
// plain helper named otherwise is left alone.
pub struct Buffer {
    items: Vec<u32>,
}

impl Buffer {
    pub fn poll_flush(&mut self) -> Poll<(), ()> {
        if self.items.is_empty() {
            return Ok(Async::Ready(()));
        }
        Ok(Async::NotReady)
    }
}
