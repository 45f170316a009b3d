// Traits whose framework polls them again after every event it delivers: libp2p's swarm
// polls each `NetworkBehaviour` and `ConnectionHandler` after handing it an event through
// their other methods, so a `poll` that drains a queue and returns Pending needs no waker.
// Quiet. The same drain as a plain `Stream` is reported.
use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use libp2p::swarm::{ConnectionHandler, NetworkBehaviour, ToSwarm};

pub struct Ping {
    events: Arc<Mutex<VecDeque<ToSwarm<(), ()>>>>,
}

impl NetworkBehaviour for Ping {
    fn poll(&mut self, _cx: &mut Context<'_>) -> Poll<ToSwarm<(), ()>> {
        if let Some(e) = self.events.lock().unwrap().pop_front() {
            return Poll::Ready(e);
        }
        Poll::Pending
    }
}

pub struct Handler {
    queue: Arc<Mutex<VecDeque<u32>>>,
}

impl ConnectionHandler for Handler {
    fn poll(&mut self, _: &mut Context<'_>) -> Poll<u32> {
        match self.queue.lock().unwrap().pop_front() {
            Some(v) => Poll::Ready(v),
            None => Poll::Pending,
        }
    }
}

// The same drain in a Stream: whoever pushes from another task has no waker to call.
pub struct Feed {
    queue: Arc<Mutex<VecDeque<u32>>>,
}

impl futures::Stream for Feed {
    type Item = u32;

    fn poll_next(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<u32>> {
        match self.queue.lock().unwrap().pop_front() {
            Some(v) => Poll::Ready(Some(v)),
            None => Poll::Pending, // want: pending_without_waker@warning
        }
    }
}
