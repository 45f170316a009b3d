// A stream that stays pending for good once its feed closes: `Poll::Pending |
// Poll::Ready(None) => Poll::Pending`. No wake-up could help (a closed channel stays closed),
// so the question is only whether never ending is the design. For a type private to the
// crate, its consumer is the crate's own code (a balancer that must not see the end of its
// discovery feed), so it is a note. The public twin is in consumed.rs (`Forward`): a warning.
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;
use tokio::sync::mpsc;

pub(crate) struct Discovery {
    changes: mpsc::Receiver<(u32, String)>,
}

impl Stream for Discovery {
    type Item = Result<(u32, String), std::io::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match Pin::new(&mut self.changes).poll_recv(cx) {
            Poll::Pending | Poll::Ready(None) => Poll::Pending, // want: pending_without_waker@note
            Poll::Ready(Some(change)) => Poll::Ready(Some(Ok(change))),
        }
    }
}

struct Ticks {
    rx: mpsc::UnboundedReceiver<u64>,
}

impl Stream for Ticks {
    type Item = u64;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(t)) => Poll::Ready(Some(t)),
            Poll::Ready(None) | Poll::Pending => Poll::Pending, // want: pending_without_waker@note
        }
    }
}

// The twin: a public type, same shape, with a `Ready(Some(..))` that is not the end: a
// `Ready(Some(Err(..)))` turned into Pending is a lost wake-up, not a closed source.
pub struct Lines {
    rx: mpsc::UnboundedReceiver<Result<String, String>>,
}

impl Stream for Lines {
    type Item = String;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<String>> {
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(Ok(l))) => Poll::Ready(Some(l)),
            Poll::Ready(Some(Err(_))) | Poll::Pending => Poll::Pending, // want: pending_without_waker@warning
            Poll::Ready(None) => Poll::Ready(None),
        }
    }
}

// The end of the source with an arm of its own that returns Pending: the author wrote down
// what happens when every sender is gone (the future is raced against the real work, which
// then runs on). A decision, so a note even on a public type.
pub struct StopSignal {
    rx: futures::channel::oneshot::Receiver<u8>,
}

impl std::future::Future for StopSignal {
    type Output = u8;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u8> {
        match Pin::new(&mut self.rx).poll(cx) {
            Poll::Ready(Ok(code)) => Poll::Ready(code),
            Poll::Ready(Err(futures::channel::oneshot::Canceled)) => {
                // the handle is gone: nobody can ask us to stop any more
                Poll::Pending // want: pending_without_waker@note
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

// Its twin: an arm of its own for an error that is not the end of the source. The error is
// swallowed, the source may produce more, and nothing wakes the task: a warning.
pub struct Reading {
    rx: mpsc::Receiver<Result<u8, std::io::Error>>,
}

impl std::future::Future for Reading {
    type Output = u8;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u8> {
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(Ok(b))) => Poll::Ready(b),
            Poll::Ready(Some(Err(_))) => {
                Poll::Pending // want: pending_without_waker@warning
            }
            Poll::Ready(None) => Poll::Ready(0),
            Poll::Pending => Poll::Pending,
        }
    }
}

// A lumped arm on a public type that names the closed error: a warning, with the end named.
pub struct Reply {
    rx: tokio::sync::oneshot::Receiver<u8>,
}

impl std::future::Future for Reply {
    type Output = u8;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u8> {
        match Pin::new(&mut self.rx).poll(cx) {
            Poll::Ready(Ok(v)) => Poll::Ready(v),
            Poll::Pending | Poll::Ready(Err(tokio::sync::oneshot::error::RecvError { .. })) => Poll::Pending, // want: pending_without_waker@warning
        }
    }
}

// Two sources, the urgent one first: the end of the second is the end of the stream only when
// the first has ended too (a guarded arm). When the guard fails, the first source returned
// `Pending` this poll and holds the waker: quiet.
pub struct Urgent {
    high: mpsc::UnboundedReceiver<u32>,
    low: mpsc::UnboundedReceiver<u32>,
}

impl Stream for Urgent {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        let high_closed = match self.high.poll_recv(cx) {
            Poll::Ready(Some(v)) => return Poll::Ready(Some(v)),
            Poll::Ready(None) => true,
            Poll::Pending => false,
        };
        match self.low.poll_recv(cx) {
            Poll::Ready(Some(v)) => return Poll::Ready(Some(v)),
            Poll::Ready(None) if high_closed => return Poll::Ready(None),
            _ => {}
        }
        Poll::Pending
    }
}
