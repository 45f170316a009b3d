use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures::Stream;

use crate::futs::{Once, ReadPacket};

pub struct Packets {
    read: ReadPacket,
}

impl Stream for Packets {
    type Item = Vec<u8>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Vec<u8>>> {
        let packet = match ready!(Pin::new(&mut self.read).poll(cx)) {
            Some(p) => p,
            None => return Poll::Ready(None),
        };
        Poll::Ready(Some(packet))
    }
}

pub struct Values {
    once: Once,
}

impl Stream for Values {
    type Item = u32;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        let v = ready!(Pin::new(&mut self.once).poll(cx)); // want: poll_after_ready
        Poll::Ready(Some(v))
    }
}
