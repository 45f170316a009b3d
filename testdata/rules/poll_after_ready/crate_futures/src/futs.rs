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
