// A tokio timer polled with the Context stores the task's waker even when it returns Ready,
// and resetting it re-arms it with that waker: a Pending after the reset has a wake-up
// coming. Without the reset, or with another timer reset, it has none.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::{Instant, Interval, Sleep};

enum State {
    Ready,
    Limited { debit: u64 },
}

// A rate limiter: the period's sleep fired, the budget is still short, so the sleep is reset
// to the next period and the limiter waits. Quiet.
pub struct RateLimit {
    sleep: Pin<Box<Sleep>>,
    state: State,
    period: Duration,
    work: u64,
}

impl RateLimit {
    pub fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let debit = match self.state {
            State::Ready => return Poll::Ready(()),
            State::Limited { debit } => {
                if Pin::new(&mut self.sleep).poll(cx).is_pending() {
                    return Poll::Pending;
                }
                debit
            }
        };
        if self.work >= debit {
            self.state = State::Ready;
            Poll::Ready(())
        } else {
            self.state = State::Limited { debit: debit - self.work };
            let next = Instant::now() + self.period;
            self.sleep.as_mut().reset(next);
            Poll::Pending
        }
    }
}

// An interval reset after it ticked. Quiet.
pub struct Heartbeat {
    interval: Interval,
    beats: u64,
}

impl Future for Heartbeat {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.interval.poll_tick(cx).is_ready() {
            self.beats += 1;
            self.interval.reset();
        }
        Poll::Pending
    }
}

// Harmful twin: the sleep fired and is neither reset nor polled again before Pending.
pub struct NoReset {
    sleep: Pin<Box<Sleep>>,
    state: State,
}

impl NoReset {
    pub fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if let State::Limited { .. } = self.state {
            if Pin::new(&mut self.sleep).poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.state = State::Limited { debit: 1 };
            return Poll::Pending; // want: pending_without_waker@warning
        }
        Poll::Ready(())
    }
}

// Harmful twin: another timer is reset, not the one that fired.
pub struct OtherReset {
    sleep: Pin<Box<Sleep>>,
    backoff: Pin<Box<Sleep>>,
    retries: u32,
}

impl Future for OtherReset {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        match self.sleep.as_mut().poll(cx) {
            Poll::Ready(()) => {
                self.retries += 1;
                let next = Instant::now() + Duration::from_secs(1);
                self.backoff.as_mut().reset(next);
                Poll::Pending // want: pending_without_waker@warning
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

// Harmful twin: a timer of unknown type (here a crate's own) whose `reset` says nothing
// about the waker.
pub struct OwnTimer {
    deadline: Instant,
}

impl Future for OwnTimer {
    type Output = ();
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if Instant::now() >= self.deadline {
            Poll::Ready(())
        } else {
            Poll::Pending // want: pending_without_waker@error
        }
    }
}

impl OwnTimer {
    fn reset(&mut self, at: Instant) {
        self.deadline = at;
    }
}

pub struct Retry {
    timer: OwnTimer,
    attempts: u32,
}

impl Future for Retry {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        match Pin::new(&mut self.timer).poll(cx) {
            Poll::Ready(()) => {
                self.attempts += 1;
                self.timer.reset(Instant::now() + Duration::from_secs(1));
                Poll::Pending // want: pending_without_waker@warning
            }
            Poll::Pending => Poll::Pending,
        }
    }
}
