// A `macro_rules!` defined inside the poll function uses the function's `cx` without being
// handed it (a local named in a macro body resolves where the macro is defined). Each
// invocation polls a source with the Context: the Pending after the loops is registered by
// whichever source returned Pending. Quiet.
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tokio::sync::mpsc;

pub struct Fanin {
    fast: Vec<mpsc::Receiver<u64>>,
    slow: Vec<mpsc::Receiver<u64>>,
    turn: u64,
    failures: u32,
    open: Arc<AtomicBool>,
}

impl Fanin {
    pub fn poll_any(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        let mut polled = 0;
        let mut closed = 0;

        macro_rules! poll_source {
            ($rx:expr) => {
                polled += 1;
                match $rx.poll_recv(cx) {
                    Poll::Pending => {}
                    Poll::Ready(Some(v)) => {
                        self.failures = 0;
                        return Poll::Ready(Ok(v));
                    }
                    Poll::Ready(None) => {
                        closed += 1;
                    }
                }
            };
        }

        self.turn = self.turn.wrapping_add(1);
        if self.turn % 2 == 0 {
            for rx in self.fast.iter_mut() {
                poll_source!(rx);
            }
            for rx in self.slow.iter_mut() {
                poll_source!(rx);
            }
        } else {
            for rx in self.slow.iter_mut().rev() {
                poll_source!(rx);
            }
            for rx in self.fast.iter_mut().rev() {
                poll_source!(rx);
            }
        }

        if polled == closed {
            self.failures += 1;
            return Poll::Ready(Err(io::Error::new(io::ErrorKind::BrokenPipe, "all closed")));
        }
        self.failures = 0;
        Poll::Pending
    }

    // The harmful twin: the local macro only counts and logs; nothing in it polls with `cx`
    // (formatting the Context registers nothing).
    pub fn poll_count(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        let mut seen = 0;

        macro_rules! count_source {
            ($rx:expr) => {
                seen += 1;
                tracing::trace!(len = $rx.len(), ?cx, "source");
            };
        }

        for rx in self.fast.iter_mut() {
            count_source!(rx);
        }
        if seen == 0 || !self.open.load(Ordering::Acquire) {
            return Poll::Ready(Ok(0));
        }
        Poll::Pending // want: pending_without_waker@warning
    }

    // The other twin: the local macro drains each source with `try_recv`, which takes no
    // Context and registers nothing.
    pub fn poll_shadowed(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        macro_rules! step {
            ($rx:expr) => {
                let _ = $rx.try_recv();
            };
        }
        for rx in self.fast.iter_mut() {
            step!(rx);
        }
        tracing::trace!(?cx, "stepped");
        if !self.open.load(Ordering::Acquire) {
            return Poll::Ready(Ok(0));
        }
        Poll::Pending // want: pending_without_waker@warning
    }
}
