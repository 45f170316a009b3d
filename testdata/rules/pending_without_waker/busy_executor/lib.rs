// A package that polls its futures itself: its executor makes a Context from a no-op waker
// and re-polls every future on each turn of its loop. A countdown that registers nothing
// is polled again there by design: a note (it would hang under tokio).
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub struct Countdown {
    left: u32,
}

impl Future for Countdown {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.left == 0 {
            return Poll::Ready(());
        }
        self.left -= 1;
        Poll::Pending // want: pending_without_waker@note
    }
}

pub struct BusyExecutor {
    tasks: Vec<Pin<Box<dyn Future<Output = ()>>>>,
}

impl BusyExecutor {
    pub fn run(&mut self) {
        let waker = futures::task::noop_waker();
        let mut cx = Context::from_waker(&waker);
        while !self.tasks.is_empty() {
            self.tasks.retain_mut(|t| t.as_mut().poll(&mut cx).is_pending());
        }
    }
}
