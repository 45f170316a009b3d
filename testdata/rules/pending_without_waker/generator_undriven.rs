// A generator's yield with no driver in the crate: the value is handed to a slot and the
// future suspends once without a wake-up, but no poll fn here takes the value out and returns
// it. Whatever polls the future lives elsewhere; polled by an executor, it hangs. A warning
// (generator_yield.rs holds the same yields with their driver: notes).
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

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
                Poll::Pending // want: pending_without_waker@warning
            } else {
                Poll::Ready(())
            }
        })
        .await
    }
}

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
            Poll::Pending // want: pending_without_waker@warning
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

pub async fn run() {
    tokio::spawn(async {});
}
