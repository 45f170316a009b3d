// A generator's yield: an `async fn` hands its value to a slot that the driver shares, then
// suspends once without a wake-up. The driver (a `Stream::poll_next` that polls this future)
// takes the value and returns `Ready(Some(..))`, so its consumer polls again. With that
// driver in the crate, a note; without one in sight (generator_undriven.rs), a warning:
// certain only when an executor polls the future directly. The twin is a plain yield that
// forgot `wake_by_ref()`: an error in a crate that runs on tokio.
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use futures::Stream;

pub struct Yielder<T> {
    slot: Arc<Mutex<Option<T>>>,
}

impl<T> Yielder<T> {
    pub async fn emit(&self, item: T) {
        let old = self.slot.lock().unwrap().replace(item);
        debug_assert!(old.is_none());
        let mut suspended = false;
        poll_fn(|_cx| {
            if !suspended {
                suspended = true;
                Poll::Pending // want: pending_without_waker@note
            } else {
                Poll::Ready(())
            }
        })
        .await
    }
}

pub struct Generated<T, F> {
    slot: Arc<Mutex<Option<T>>>,
    body: Pin<Box<F>>,
}

impl<T, F: Future<Output = ()>> Stream for Generated<T, F> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let done = self.body.as_mut().poll(cx).is_ready();
        if let Some(v) = self.slot.lock().unwrap().take() {
            return Poll::Ready(Some(v));
        }
        if done {
            Poll::Ready(None)
        } else {
            Poll::Pending
        }
    }
}

// The twin: nothing is handed over, and the task itself awaits this on tokio.
pub async fn yield_once() {
    let mut yielded = false;
    poll_fn(|_cx| {
        if !yielded {
            yielded = true;
            Poll::Pending // want: pending_without_waker@error
        } else {
            Poll::Ready(())
        }
    })
    .await
}

pub async fn run() {
    tokio::spawn(async { yield_once().await });
}

// The same yield as a named future: `send` hands the item to the slot the stream shares and
// returns a future that suspends once. `Channel::poll_next` drives it: on the body's
// `Pending` it takes the item and returns it.
pub struct SendFuture {
    sent: bool,
}

impl Future for SendFuture {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.sent {
            Poll::Ready(())
        } else {
            self.sent = true;
            Poll::Pending // want: pending_without_waker@note
        }
    }
}

pub struct Sender<T>(std::rc::Rc<std::cell::Cell<Option<T>>>);

impl<T> Sender<T> {
    pub fn send(&mut self, item: T) -> SendFuture {
        self.0.set(Some(item));
        SendFuture { sent: false }
    }
}

pub struct Channel<T> {
    item: std::rc::Rc<std::cell::Cell<Option<T>>>,
    body: Pin<Box<dyn Future<Output = ()>>>,
}

impl<T> Stream for Channel<T> {
    type Item = T;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        match self.body.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(None),
            Poll::Pending => {
                let item = self.item.replace(None);
                match item {
                    Some(v) => Poll::Ready(Some(v)),
                    None => Poll::Pending,
                }
            }
        }
    }
}
