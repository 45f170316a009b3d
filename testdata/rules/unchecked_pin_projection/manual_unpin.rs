// Hand-written `Unpin` impls on types that hold a generic future inline, and the impls that
// are fine.
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use futures_core::Stream;

pub struct Deadline<F> {
    fut: F,
    at: Instant,
}

// F is a future (see the Future impl below) stored inline: this impl makes `Deadline<F>`
// Unpin even when F is not.
impl<F> Unpin for Deadline<F> {} // want: unchecked_pin_projection

impl<F: Future> Future for Deadline<F> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if Instant::now() >= self.at {
            return Poll::Ready(None);
        }
        // `self.fut` is reachable through `DerefMut` only because of the Unpin impl above,
        // and pinning it here is undefined behaviour once a caller moves the Deadline.
        unsafe { Pin::new_unchecked(&mut self.fut) }.poll(cx).map(Some) // want: unchecked_pin_projection
    }
}

pub struct Bounded<F: Future> {
    inner: F,
}

impl<F: Future> Unpin for Bounded<F> {} // want: unchecked_pin_projection

pub struct Where<F>
where
    F: Future<Output = ()>,
{
    inner: Option<F>,
}

impl<F> std::marker::Unpin for Where<F> where F: Future<Output = ()> + Send {} // want: unchecked_pin_projection

pub struct Tagged<S> {
    stream: (S, u8),
}

impl<S: Stream> Unpin for Tagged<S> {} // want: unchecked_pin_projection

// --- Look-alikes that stay quiet ---

pub struct Sound<F> {
    fut: F,
}

// The bound makes it sound: Sound<F> is Unpin only when F is.
impl<F: Unpin> Unpin for Sound<F> {}

pub struct SoundWhere<F> {
    fut: F,
}

impl<F> Unpin for SoundWhere<F> where F: Future + Unpin {}

pub struct Boxed<F> {
    fut: Pin<Box<F>>,
}

// A boxed future does not move with the struct.
impl<F: Future> Unpin for Boxed<F> {}

pub struct Sender<T> {
    chan: Arc<Vec<T>>,
}

impl<T> Unpin for Sender<T> {}

pub struct Plain {
    count: u32,
}

impl Unpin for Plain {}

pub struct Lazy<F> {
    f: Option<F>,
}

// F is a closure, not a future.
impl<F> Unpin for Lazy<F> {}

impl<F: FnOnce() -> R, R> Lazy<F> {
    pub fn call(&mut self) -> Option<R> {
        self.f.take().map(|f| f())
    }
}

pub struct Marker<F: Future> {
    _f: PhantomData<F>,
}

impl<F: Future> Unpin for Marker<F> {}

pub struct Concrete<F> {
    fut: F,
}

impl Unpin for Concrete<std::future::Ready<()>> {}

pub struct JoinN<F: Future, const N: usize> {
    futures: [F; N],
}

impl<F: Future, const N: usize> Unpin for JoinN<F, N> {} // want: unchecked_pin_projection

pub struct Borrowing<'a, F> {
    fut: F,
    name: &'a str,
}

impl<'a, F> Unpin for Borrowing<'a, F> where F: Future {} // want: unchecked_pin_projection
