// Poll functions inside item macros (tokio's cfg_rt!-style) are checked like any other.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

macro_rules! cfg_rt {
    ($($item:item)*) => { $($item)* };
}

cfg_rt! {
    pub struct Instrumented<F> {
        inner: F,
        polls: u64,
    }

    impl<F: Future> Future for Instrumented<F> {
        type Output = F::Output;

        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
            let this = unsafe { self.get_unchecked_mut() }; // want: unchecked_pin_projection
            this.polls += 1;
            unsafe { Pin::new_unchecked(&mut this.inner) }.poll(cx)
        }
    }

    impl<F: Future> Instrumented<F> {
        pub fn new(inner: F) -> Self {
            Instrumented { inner, polls: 0 }
        }
    }
}

cfg_rt! {
    pub struct Quiet<F> {
        inner: Pin<Box<F>>,
    }

    impl<F: Future> Future for Quiet<F> {
        type Output = F::Output;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
            self.inner.as_mut().poll(cx)
        }
    }
}
