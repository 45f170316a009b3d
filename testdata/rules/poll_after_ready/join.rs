// Hand-written joins of two futures: the classic bug and the ways to record completion.
use std::future::Future;
use std::mem;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use futures::future::{Fuse, FutureExt, MaybeDone};
use pin_project_lite::pin_project;

// The classic bug: both futures are polled on every call. When `a` is ready and `b` is
// not, the next call polls the finished `a` again.
pub struct Join<A: Future, B: Future> {
    a: A,
    b: B,
    a_out: Option<A::Output>,
    b_out: Option<B::Output>,
}

impl<A, B> Future for Join<A, B>
where
    A: Future + Unpin,
    B: Future + Unpin,
    A::Output: Unpin,
    B::Output: Unpin,
{
    type Output = (A::Output, B::Output);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Poll::Ready(a) = Pin::new(&mut self.a).poll(cx) { // want: poll_after_ready
            self.a_out = Some(a);
        }
        if let Poll::Ready(b) = Pin::new(&mut self.b).poll(cx) { // want: poll_after_ready
            self.b_out = Some(b);
        }
        if self.a_out.is_some() && self.b_out.is_some() {
            let a = self.a_out.take().unwrap();
            let b = self.b_out.take().unwrap();
            Poll::Ready((a, b))
        } else {
            Poll::Pending
        }
    }
}

// The same join, each poll guarded by its output slot: a finished future is never polled.
pub struct GuardedJoin<A: Future, B: Future> {
    a: A,
    b: B,
    a_out: Option<A::Output>,
    b_out: Option<B::Output>,
}

impl<A, B> Future for GuardedJoin<A, B>
where
    A: Future + Unpin,
    B: Future + Unpin,
    A::Output: Unpin,
    B::Output: Unpin,
{
    type Output = (A::Output, B::Output);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.a_out.is_none() {
            if let Poll::Ready(a) = Pin::new(&mut self.a).poll(cx) {
                self.a_out = Some(a);
            }
        }
        if let None = self.b_out {
            if let Poll::Ready(b) = Pin::new(&mut self.b).poll(cx) {
                self.b_out = Some(b);
            }
        }
        if self.a_out.is_some() && self.b_out.is_some() {
            Poll::Ready((self.a_out.take().unwrap(), self.b_out.take().unwrap()))
        } else {
            Poll::Pending
        }
    }
}

// Polling the result tuple: `(Ready, Pending)` falls through to `Pending`.
pin_project! {
    pub struct Both<A, B> {
        #[pin]
        left: A,
        #[pin]
        right: B,
    }
}

impl<A: Future<Output = ()>, B: Future<Output = ()>> Future for Both<A, B> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.project();
        let l = this.left.poll(cx); // want: poll_after_ready
        let r = this.right.poll(cx); // want: poll_after_ready
        match (l, r) {
            (Poll::Ready(()), Poll::Ready(())) => Poll::Ready(()),
            _ => Poll::Pending,
        }
    }
}

// Sequential readiness with `ready!`: when `first` is ready and `second` is not, the next
// call polls `first` again. `second` is fine: its `Ready` ends the future.
pub struct Then<A, B> {
    first: A,
    second: B,
}

impl<A: Future<Output = ()> + Unpin, B: Future<Output = u8> + Unpin> Future for Then<A, B> {
    type Output = u8;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u8> {
        ready!(self.first.poll_unpin(cx)); // want: poll_after_ready
        let v = ready!(Pin::new(&mut self.second).poll(cx));
        Poll::Ready(v)
    }
}

// Delegating to the second future as the tail is the same bug.
pub struct AndThen<A, B> {
    first: A,
    second: B,
}

impl<A: Future<Output = ()> + Unpin, B: Future<Output = u8> + Unpin> Future for AndThen<A, B> {
    type Output = u8;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u8> {
        ready!(Future::poll(Pin::new(&mut self.first), cx)); // want: poll_after_ready
        Pin::new(&mut self.second).poll(cx)
    }
}

// Option::take: the finished future is dropped, and the next call skips it.
pub struct TakeJoin<A: Future, B: Future> {
    a: Option<A>,
    b: Option<B>,
    a_out: Option<A::Output>,
    b_out: Option<B::Output>,
}

impl<A, B> Future for TakeJoin<A, B>
where
    A: Future + Unpin,
    B: Future + Unpin,
    A::Output: Unpin,
    B::Output: Unpin,
{
    type Output = (A::Output, B::Output);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Some(a) = self.a.as_mut() {
            if let Poll::Ready(v) = Pin::new(a).poll(cx) {
                self.a_out = Some(v);
                self.a.take();
            }
        }
        if let Some(b) = self.b.as_mut() {
            if let Poll::Ready(v) = Pin::new(b).poll(cx) {
                self.b_out = Some(v);
                self.b = None;
            }
        }
        if self.a.is_none() && self.b.is_none() {
            Poll::Ready((self.a_out.take().unwrap(), self.b_out.take().unwrap()))
        } else {
            Poll::Pending
        }
    }
}

// MaybeDone and Fuse fields may be polled after completion.
pub struct MaybeJoin<A: Future, B: Future> {
    a: MaybeDone<A>,
    b: Fuse<B>,
    b_out: Option<B::Output>,
}

impl<A, B> Future for MaybeJoin<A, B>
where
    A: Future + Unpin,
    B: Future + Unpin,
    A::Output: Unpin,
    B::Output: Unpin,
{
    type Output = (A::Output, B::Output);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let a_done = Pin::new(&mut self.a).poll(cx).is_ready();
        if let Poll::Ready(v) = self.b.poll_unpin(cx) {
            self.b_out = Some(v);
        }
        if a_done && self.b_out.is_some() {
            let a = Pin::new(&mut self.a).take_output().unwrap();
            Poll::Ready((a, self.b_out.take().unwrap()))
        } else {
            Poll::Pending
        }
    }
}

// A field built with `.fuse()` (its type is spelled elsewhere).
pub struct FusedPair<A, B> {
    a: A,
    b: B,
}

pub fn fused_pair<F: Future<Output = ()>, G: Future<Output = ()>>(f: F, g: G) -> FusedPair<impl Future, impl Future> {
    FusedPair { a: f.fuse(), b: g.fuse() }
}

impl<A: Future<Output = ()> + Unpin, B: Future<Output = ()> + Unpin> Future for FusedPair<A, B> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let a = self.a.poll_unpin(cx);
        let b = self.b.poll_unpin(cx);
        if a.is_ready() && b.is_ready() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

// A state enum: each future lives in its state and is replaced when it finishes.
pub enum State<A, B: Future> {
    First(A, B),
    Second(B),
    Done,
}

pub struct Chain<A, B: Future> {
    state: State<A, B>,
}

impl<A: Future<Output = ()> + Unpin, B: Future + Unpin> Future for Chain<A, B> {
    type Output = B::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<B::Output> {
        loop {
            match mem::replace(&mut self.state, State::Done) {
                State::First(mut a, b) => {
                    if Pin::new(&mut a).poll(cx).is_pending() {
                        self.state = State::First(a, b);
                        return Poll::Pending;
                    }
                    self.state = State::Second(b);
                }
                State::Second(mut b) => match Pin::new(&mut b).poll(cx) {
                    Poll::Ready(v) => return Poll::Ready(v),
                    Poll::Pending => {
                        self.state = State::Second(b);
                        return Poll::Pending;
                    }
                },
                State::Done => panic!("polled after completion"),
            }
        }
    }
}

// A done flag checked before the poll, set when it finishes.
pub struct Flagged<A, B> {
    a: A,
    b: B,
    a_done: bool,
}

impl<A: Future<Output = ()> + Unpin, B: Future<Output = ()> + Unpin> Future for Flagged<A, B> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if !self.a_done {
            ready!(Pin::new(&mut self.a).poll(cx));
            self.a_done = true;
        }
        Pin::new(&mut self.b).poll(cx)
    }
}

// The classic timeout: a `Ready` of either future ends the outer future.
pin_project! {
    pub struct Timeout<F, S> {
        #[pin]
        value: F,
        #[pin]
        delay: S,
    }
}

impl<F: Future, S: Future<Output = ()>> Future for Timeout<F, S> {
    type Output = Result<F::Output, ()>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(v) = this.value.poll(cx) {
            return Poll::Ready(Ok(v));
        }
        match this.delay.poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(())),
            Poll::Pending => Poll::Pending,
        }
    }
}

// One future whose output is parked in a slot and handed out later: the later `Pending`
// only happens when the slot is empty, i.e. when the future did not finish.
pub struct Buffered<F: Future> {
    fut: F,
    out: Option<F::Output>,
}

impl<F: Future + Unpin> Future for Buffered<F>
where
    F::Output: Unpin,
{
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        if let Poll::Ready(v) = Pin::new(&mut self.fut).poll(cx) {
            self.out = Some(v);
        }
        match self.out.take() {
            Some(v) => Poll::Ready(v),
            None => Poll::Pending,
        }
    }
}

// The second future is replaced when it completes; the first one ends the outer future.
pub struct Retry<F, G> {
    main: F,
    tick: G,
    ticks: u32,
}

impl<F: Future<Output = ()> + Unpin, G: Future<Output = ()> + Unpin + Default> Future for Retry<F, G> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if Pin::new(&mut self.tick).poll(cx).is_ready() {
            self.ticks += 1;
            self.tick = G::default();
        }
        Pin::new(&mut self.main).poll(cx)
    }
}

// A state field checked first and set when the future finishes.
#[derive(PartialEq)]
pub enum Phase {
    Running,
    Done,
}

pin_project! {
    pub struct Logged<F, L> {
        #[pin]
        fut: F,
        #[pin]
        log: L,
        phase: Phase,
    }
}

impl<F: Future<Output = u32>, L: Future<Output = ()>> Future for Logged<F, L> {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.project();
        if *this.phase == Phase::Done {
            return this.log.poll(cx);
        }
        let v = ready!(this.fut.poll(cx));
        println!("{v}");
        *this.phase = Phase::Done;
        this.log.poll(cx)
    }
}

// A pinned `Option` field projected and cleared with `set(None)`.
pin_project! {
    pub struct Prefetch<F, G> {
        #[pin]
        first: Option<F>,
        #[pin]
        second: G,
        got: Option<u32>,
    }
}

impl<F: Future<Output = u32>, G: Future<Output = u32>> Future for Prefetch<F, G> {
    type Output = u32;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
        let mut this = self.project();
        if let Some(f) = this.first.as_mut().as_pin_mut() {
            let v = ready!(f.poll(cx));
            *this.got = Some(v);
            this.first.set(None);
        }
        let w = ready!(this.second.poll(cx));
        Poll::Ready(this.got.unwrap_or(0) + w)
    }
}
