// `poll_fn` closures that drive futures captured from the enclosing async fn.
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::task::Poll;

async fn fetch(id: u32) -> u32 {
    id
}

// A hand-rolled join: when `a` finished and `b` did not, the closure runs again and polls
// the finished `a`.
pub async fn join_by_hand() -> (u32, u32) {
    let mut a = pin!(fetch(1));
    let mut b = pin!(fetch(2));
    let mut out_a = None;
    let mut out_b = None;
    poll_fn(|cx| {
        if let Poll::Ready(v) = a.as_mut().poll(cx) { // want: poll_after_ready
            out_a = Some(v);
        }
        if let Poll::Ready(v) = b.as_mut().poll(cx) { // want: poll_after_ready
            out_b = Some(v);
        }
        match (out_a, out_b) {
            (Some(x), Some(y)) => Poll::Ready((x, y)),
            _ => Poll::Pending,
        }
    })
    .await
}

// The same join guarded by the output slots.
pub async fn join_guarded() -> (u32, u32) {
    let mut a = pin!(fetch(1));
    let mut b = pin!(fetch(2));
    let mut out_a = None;
    let mut out_b = None;
    poll_fn(|cx| {
        if out_a.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                out_a = Some(v);
            }
        }
        if out_b.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                out_b = Some(v);
            }
        }
        match (out_a, out_b) {
            (Some(x), Some(y)) => Poll::Ready((x, y)),
            _ => Poll::Pending,
        }
    })
    .await
}

// Racing two futures: the first `Ready` ends the closure's future.
pub async fn race() -> u32 {
    let mut a = pin!(fetch(1));
    let mut b = pin!(fetch(2));
    poll_fn(|cx| {
        if let Poll::Ready(v) = a.as_mut().poll(cx) {
            return Poll::Ready(v);
        }
        b.as_mut().poll(cx)
    })
    .await
}

// A future created inside the closure is a new one on every call.
pub async fn fresh_each_time() -> u32 {
    poll_fn(|cx| {
        let mut f = pin!(fetch(3));
        let mut g = pin!(fetch(4));
        let x = f.as_mut().poll(cx);
        let y = g.as_mut().poll(cx);
        match (x, y) {
            (Poll::Ready(a), Poll::Ready(b)) => Poll::Ready(a + b),
            _ => Poll::Pending,
        }
    })
    .await
}
