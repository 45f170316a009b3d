use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

pub struct Conn {
    pub rx: tokio::sync::mpsc::Receiver<Vec<u8>>,
}

// Reads the next packet each time it is polled.
pub struct ReadPacket(pub Conn);

impl Future for ReadPacket {
    type Output = Option<Vec<u8>>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.0.rx.poll_recv(cx)
    }
}

// Hands out its value once.
pub struct Once {
    pub value: Option<u32>,
}

impl Future for Once {
    type Output = u32;
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<u32> {
        Poll::Ready(self.value.take().expect("Once polled after completion"))
    }
}

// Drives queued sends for as long as it is polled: every way out of its poll is `Pending`.
pub struct SendDriver {
    pub queue: std::collections::VecDeque<Vec<u8>>,
    pub sent: usize,
}

impl Future for SendDriver {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        loop {
            let Some(_msg) = self.queue.pop_front() else {
                cx.waker().wake_by_ref();
                return Poll::Pending;
            };
            self.sent += 1;
        }
    }
}

// Drives queued sends until the queue is drained, then is done for good.
pub struct DrainDriver {
    pub queue: std::collections::VecDeque<Vec<u8>>,
    pub done: bool,
}

impl Future for DrainDriver {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.done {
            panic!("DrainDriver polled after completion");
        }
        while self.queue.pop_front().is_some() {}
        self.done = true;
        Poll::Ready(())
    }
}
