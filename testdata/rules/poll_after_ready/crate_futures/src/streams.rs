use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures::Stream;

use crate::futs::{DrainDriver, Once, ReadPacket, SendDriver};

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

// A stream that drives a send future on every call and then returns `Pending`: polling a
// driver that never returns `Ready` again is what it is for. Quiet. The twin's driver is
// done after its first `Ready` and panics when polled again: reported.
pub struct Aggregation {
    driver: SendDriver,
    finished: bool,
}

impl Stream for Aggregation {
    type Item = u32;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        let _ = Pin::new(&mut self.driver).poll(cx).is_pending();
        if self.finished {
            return Poll::Pending;
        }
        Poll::Ready(Some(1))
    }
}

pub struct Flusher {
    driver: DrainDriver,
    finished: bool,
}

impl Stream for Flusher {
    type Item = u32;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        let _ = Pin::new(&mut self.driver).poll(cx).is_pending(); // want: poll_after_ready
        if self.finished {
            return Poll::Pending;
        }
        Poll::Ready(Some(1))
    }
}
