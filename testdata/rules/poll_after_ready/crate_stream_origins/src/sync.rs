use std::pin::Pin;
use std::task::{Context, Poll};

use futures::stream::{BoxStream, Stream, StreamExt};
use tokio::sync::mpsc;

use crate::hub::Hub;

pub struct Follower {
    events: BoxStream<'static, u32>,
    control: mpsc::UnboundedReceiver<u32>,
}

impl Follower {
    pub fn new(hub: &Hub, control: mpsc::UnboundedReceiver<u32>) -> Self {
        let events = hub.events();
        let events = events.filter_map(|e| futures::future::ready((e % 2 == 0).then_some(e)));
        Self { events: Box::pin(events), control }
    }
}

impl Stream for Follower {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        if let Poll::Ready(Some(n)) = self.control.poll_recv(cx) {
            return Poll::Ready(Some(n));
        }
        while let Poll::Ready(Some(e)) = self.events.poll_next_unpin(cx) {
            if e > 10 {
                return Poll::Ready(Some(e));
            }
        }
        Poll::Pending
    }
}

pub struct Replayer {
    events: BoxStream<'static, u32>,
    control: mpsc::UnboundedReceiver<u32>,
}

impl Replayer {
    pub fn new(hub: &Hub, control: mpsc::UnboundedReceiver<u32>) -> Self {
        Replayer { events: hub.replay(5).map(|x| x * 2).boxed(), control }
    }
}

impl Stream for Replayer {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        if let Poll::Ready(Some(n)) = self.control.poll_recv(cx) {
            return Poll::Ready(Some(n));
        }
        while let Poll::Ready(Some(e)) = self.events.poll_next_unpin(cx) { // want: poll_after_ready@warning
            if e > 10 {
                return Poll::Ready(Some(e));
            }
        }
        Poll::Pending
    }
}

pub struct Mirror {
    updates: BoxStream<'static, u32>,
    control: mpsc::UnboundedReceiver<u32>,
}

impl Mirror {
    pub fn new(client: &remote::Client, control: mpsc::UnboundedReceiver<u32>) -> Self {
        Mirror { updates: client.updates(), control }
    }
}

impl Stream for Mirror {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        if let Poll::Ready(Some(n)) = self.control.poll_recv(cx) {
            return Poll::Ready(Some(n));
        }
        while let Poll::Ready(Some(e)) = self.updates.poll_next_unpin(cx) { // want: poll_after_ready@note
            if e > 10 {
                return Poll::Ready(Some(e));
            }
        }
        Poll::Pending
    }
}
