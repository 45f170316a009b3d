// Twin: the no-op waker is only in a test, which polls the future once to look at it. The
// package's futures run on some other executor, which polls only when woken: a warning.
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
        Poll::Pending // want: pending_without_waker@warning
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down() {
        let waker = futures::task::noop_waker();
        let mut cx = Context::from_waker(&waker);
        let mut c = Countdown { left: 1 };
        for _ in 0..2 {
            let _ = Pin::new(&mut c).poll(&mut cx);
        }
    }
}
