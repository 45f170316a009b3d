// edition: 2024
// Let chains (edition 2024) around polls.
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::channel::oneshot;
use futures::FutureExt;

pub struct Pair<A, B> {
    a: Pin<Box<A>>,
    b: Pin<Box<B>>,
    a_out: Option<u32>,
    b_out: Option<u32>,
}

impl<A: Future<Output = u32>, B: Future<Output = u32>> Future for Pair<A, B> {
    type Output = (u32, u32);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<(u32, u32)> {
        // Guarded by the output slot inside the chain.
        if self.a_out.is_none()
            && let Poll::Ready(v) = self.a.as_mut().poll(cx)
        {
            self.a_out = Some(v);
        }
        // Not guarded: the chain only tests the poll's own result.
        if let Poll::Ready(v) = self.b.as_mut().poll(cx) // want: poll_after_ready
            && v > 0
        {
            self.b_out = Some(v);
        }
        if let (Some(a), Some(b)) = (self.a_out, self.b_out) {
            return Poll::Ready((a, b));
        }
        Poll::Pending
    }
}

// A slot emptied once the future completed, bound by the chain inside the closure.
pub async fn until_closed(close_rx: oneshot::Receiver<()>, mut budget: u32) {
    let mut close_rx = Some(close_rx);
    poll_fn(move |cx| loop {
        if let Some(fut) = close_rx.as_mut()
            && let Poll::Ready(_) = fut.poll_unpin(cx)
        {
            close_rx = None;
        }
        budget = budget.saturating_sub(1);
        if budget == 0 {
            return Poll::Ready(());
        }
    })
    .await
}
