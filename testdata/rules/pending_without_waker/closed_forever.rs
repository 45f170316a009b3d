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
