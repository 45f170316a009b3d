use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub enum Batch {
    Idle,
    Running(Pin<Box<dyn Future<Output = u64> + Send>>),
}

impl Batch {
    pub fn idle() -> Self {
        Batch::Idle
    }

    pub fn start(&mut self, n: u64) {
        if matches!(self, Batch::Idle) {
            *self = Batch::Running(Box::pin(async move { n * 2 }));
        }
    }
}

impl Future for Batch {
    type Output = u64;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u64> {
        let this = self.get_mut();
        if let Batch::Running(fut) = this {
            if let Poll::Ready(v) = fut.as_mut().poll(cx) {
                *this = Batch::Idle;
                return Poll::Ready(v);
            }
        }
        Poll::Pending
    }
}

pub struct Reply {
    pub value: Option<u64>,
}

impl Reply {
    pub fn new(v: u64) -> Self {
        Reply { value: Some(v) }
    }
}

impl Future for Reply {
    type Output = u64;
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<u64> {
        Poll::Ready(self.value.take().expect("Reply polled after completion"))
    }
}
