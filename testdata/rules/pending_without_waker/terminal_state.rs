// A hand-written state machine that, on its source's end, closes and then disables itself:
// `Disabled` is a terminal state whose arm polls nothing, so the value stays pending for
// good by design. The end (`Ready(None)`) used up the source's registration, but no wake-up
// could make the value ready again: quiet.
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::{Sink, Stream, StreamExt};

pub enum Phase<S> {
    Reading(S),
    Closing(S),
    Disabled,
    Poisoned,
}

pub struct Inbound<S> {
    phase: Phase<S>,
    frames: u64,
}

impl<S> Stream for Inbound<S>
where
    S: Stream<Item = Vec<u8>> + Sink<Vec<u8>> + Unpin,
    Self: Unpin,
{
    type Item = Vec<u8>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Vec<u8>>> {
        loop {
            match std::mem::replace(&mut self.phase, Phase::Poisoned) {
                Phase::Reading(mut s) => match s.poll_next_unpin(cx) {
                    Poll::Ready(Some(frame)) => {
                        self.frames += 1;
                        self.phase = Phase::Reading(s);
                        return Poll::Ready(Some(frame));
                    }
                    Poll::Ready(None) => {
                        tracing::debug!("peer closed the stream");
                        self.phase = Phase::Closing(s);
                    }
                    Poll::Pending => {
                        self.phase = Phase::Reading(s);
                        break;
                    }
                },
                Phase::Closing(mut s) => match Pin::new(&mut s).poll_close(cx) {
                    Poll::Ready(_) => {
                        self.phase = Phase::Disabled;
                        break;
                    }
                    Poll::Pending => {
                        self.phase = Phase::Closing(s);
                        break;
                    }
                },
                Phase::Disabled => {
                    self.phase = Phase::Disabled;
                    break;
                }
                Phase::Poisoned => unreachable!("poisoned"),
            }
        }
        Poll::Pending
    }
}

// Twin: the same machine, but its `Disabled` arm does work (it reopens), so `Disabled` is no
// terminal state: the close's `Ready` used up the registration, and nothing wakes the task
// to reach that work.
pub struct Reopening<S> {
    phase: Phase<S>,
    reopened: u64,
}

impl<S> Reopening<S> {
    fn reopen(&mut self) {
        self.reopened += 1;
    }
}

impl<S> Stream for Reopening<S>
where
    S: Stream<Item = Vec<u8>> + Sink<Vec<u8>> + Unpin,
    Self: Unpin,
{
    type Item = Vec<u8>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Vec<u8>>> {
        loop {
            match std::mem::replace(&mut self.phase, Phase::Poisoned) {
                Phase::Reading(mut s) => match s.poll_next_unpin(cx) {
                    Poll::Ready(Some(frame)) => {
                        self.phase = Phase::Reading(s);
                        return Poll::Ready(Some(frame));
                    }
                    Poll::Ready(None) => {
                        self.phase = Phase::Closing(s);
                    }
                    Poll::Pending => {
                        self.phase = Phase::Reading(s);
                        break;
                    }
                },
                Phase::Closing(mut s) => match Pin::new(&mut s).poll_close(cx) {
                    Poll::Ready(_) => {
                        self.phase = Phase::Disabled;
                        break;
                    }
                    Poll::Pending => {
                        self.phase = Phase::Closing(s);
                        break;
                    }
                },
                Phase::Disabled => {
                    self.reopen();
                    self.phase = Phase::Disabled;
                    break;
                }
                Phase::Poisoned => unreachable!("poisoned"),
            }
        }
        Poll::Pending // want: pending_without_waker@warning
    }
}
