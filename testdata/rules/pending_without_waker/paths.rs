// Context and Poll written in every way they can be named.
use core::task;
use futures::task::Context as Cx;
use std::task::Poll::{Pending, Ready};

pub struct Reader {
    buf: Vec<u8>,
    waker: Option<std::task::Waker>,
}

impl Reader {
    pub fn poll_core(&mut self, cx: &mut task::Context<'_>) -> task::Poll<u8> {
        if let Some(b) = self.buf.pop() {
            return task::Poll::Ready(b);
        }
        task::Poll::Pending // want: pending_without_waker@note
    }

    pub fn poll_full(&mut self, cx: &core::task::Context<'_>) -> core::task::Poll<u8> {
        match self.buf.pop() {
            Some(b) => core::task::Poll::Ready(b),
            None => core::task::Poll::Pending, // want: pending_without_waker@note
        }
    }

    pub fn poll_alias(&mut self, ctx: &mut Cx<'_>) -> std::task::Poll<u8> {
        match self.buf.pop() {
            Some(b) => Ready(b),
            None => Pending, // want: pending_without_waker@note
        }
    }

    pub fn poll_alias_ok(&mut self, ctx: &mut Cx<'_>) -> std::task::Poll<u8> {
        match self.buf.pop() {
            Some(b) => Ready(b),
            None => {
                self.waker = Some(ctx.waker().clone());
                Pending
            }
        }
    }

    // Shared-reference Context, registration through a helper taking it.
    pub fn poll_shared(&mut self, cx: &task::Context<'_>) -> task::Poll<u8> {
        if let Some(b) = self.buf.pop() {
            return Ready(b);
        }
        self.park(cx);
        Pending
    }

    fn park(&mut self, cx: &task::Context<'_>) {
        self.waker = Some(cx.waker().clone());
    }
}

// A boxed closure with a typed Context parameter, counting down without waking: an error in
// a crate that runs on tokio or another runtime that polls only when woken. This crate names
// none (whatever polls the closure may poll it again unasked): a warning.
pub fn boxed(mut n: u32) -> Box<dyn FnMut(&mut Cx<'_>) -> std::task::Poll<()>> {
    Box::new(move |cx: &mut Cx<'_>| {
        n -= 1;
        if n == 0 {
            Ready(())
        } else {
            Pending // want: pending_without_waker@warning
        }
    })
}
