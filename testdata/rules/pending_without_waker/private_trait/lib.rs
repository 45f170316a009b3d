// A crate-internal trait: its methods are helpers whose callers may handle Pending (an error
// is lowered to a warning), but still reported.
use std::task::{Context, Poll};

mod dispatch;

pub(crate) trait Dispatch {
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), ()>>;
    fn poll_msg(&mut self, cx: &mut Context<'_>) -> Poll<Option<u32>>;
    fn poll_tick(&mut self, cx: &mut Context<'_>) -> Poll<()>;
}

pub struct Conn {
    queue: Vec<u32>,
}

impl Conn {
    // A private helper with a Context.
    fn poll_read_idle(&mut self, cx: &mut Context<'_>, closed: bool) -> Poll<u32> {
        if closed {
            Poll::Pending // want: pending_without_waker@note
        } else {
            self.poll_read(cx)
        }
    }

    pub fn poll_read(&mut self, cx: &mut Context<'_>) -> Poll<u32> {
        match self.queue.pop() {
            Some(v) => Poll::Ready(v),
            None => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }
}
