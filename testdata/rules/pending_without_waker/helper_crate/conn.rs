use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

pub struct Conn {
    frames: Arc<Mutex<Vec<u32>>>,
}

impl Conn {
    // Every caller registered before calling: quiet.
    pub(crate) fn poll_frame(&mut self, _cx: &mut Context<'_>) -> Poll<u32> {
        match self.frames.lock().unwrap().pop() {
            Some(f) => Poll::Ready(f),
            None => Poll::Pending,
        }
    }

    // Called from lib.rs before anything registered: reported.
    pub(crate) fn poll_ack(&mut self, _cx: &mut Context<'_>) -> Poll<u32> {
        match self.frames.lock().unwrap().pop() {
            Some(f) => Poll::Ready(f),
            None => Poll::Pending, // want: pending_without_waker@warning
        }
    }
}
