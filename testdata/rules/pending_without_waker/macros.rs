// Poll functions inside item macros, registration inside macros, and macros that do not
// register.
use std::pin::Pin;
use std::task::{Context, Poll};

macro_rules! cfg_rt {
    ($($item:item)*) => { $( #[cfg(feature = "rt")] $item )* };
}

pub struct Task {
    done: bool,
    inner: Pin<Box<dyn std::future::Future<Output = ()> + Send>>,
}

cfg_rt! {
    impl std::future::Future for Task {
        type Output = ();

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.done {
                return Poll::Ready(());
            }
            if !self.started() {
                return Poll::Pending; // want: pending_without_waker@warning
            }
            futures::ready!(self.inner.as_mut().poll(cx));
            self.done = true;
            Poll::Ready(())
        }
    }
}

cfg_if::cfg_if! {
    if #[cfg(unix)] {
        impl Task {
            pub fn poll_unix(&mut self, cx: &mut Context<'_>) -> Poll<()> {
                tracing::trace!(?cx, done = self.done, "polling");
                if self.done {
                    Poll::Ready(())
                } else {
                    Poll::Pending // want: pending_without_waker@note
                }
            }
        }
    } else {
        impl Task {
            pub fn poll_unix(&mut self, cx: &mut Context<'_>) -> Poll<()> {
                let _ = cx;
                if self.done { Poll::Ready(()) } else { self.inner.as_mut().poll(cx) }
            }
        }
    }
}

impl Task {
    // Delegating through ready! and then waiting on the next step. Quiet.
    pub fn poll_twice(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        futures::ready!(self.inner.as_mut().poll(cx));
        if !self.done {
            self.done = true;
            return Poll::Pending;
        }
        Poll::Ready(())
    }

    // Registration written inside a user macro's arguments. Quiet.
    pub fn poll_logged(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        register_waker!(self, cx);
        if self.done { Poll::Ready(()) } else { Poll::Pending }
    }

    // Only a debug print mentions the context.
    pub fn poll_debug(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        println!("polled with {:?}", cx.waker());
        if self.done { Poll::Ready(()) } else { Poll::Pending } // want: pending_without_waker@note
    }

    // assert! evaluates its condition: the inner future was polled with the context. Quiet.
    pub fn poll_asserted(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        assert!(self.inner.as_mut().poll(cx).is_pending());
        if self.done { Poll::Ready(()) } else { Poll::Pending }
    }

    // A tracing field that formats the waker registers nothing.
    pub fn poll_traced(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        tracing::debug!(waker = ?cx.waker(), "poll");
        if self.done { Poll::Ready(()) } else { Poll::Pending } // want: pending_without_waker@note
    }

    // `pending!()` in an async block is not a poll function. Quiet.
    pub async fn yield_once(&mut self) {
        futures::pending!();
        self.done = true;
    }
}
