// Code inside macros: item macros such as a crate's `cfg_rt! { .. }`, `cfg_if!`, and
// select! inside them.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::sync::mpsc;

macro_rules! cfg_rt {
    ($($item:item)*) => { $( #[cfg(feature = "rt")] $item )* }
}

cfg_rt! {
    pub struct Pair<A, B> {
        a: Pin<Box<A>>,
        b: Pin<Box<B>>,
        a_out: Option<u32>,
        b_out: Option<u32>,
    }

    impl<A: Future<Output = u32>, B: Future<Output = u32>> Future for Pair<A, B> {
        type Output = u32;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
            if let Poll::Ready(v) = self.a.as_mut().poll(cx) { // want: poll_after_ready
                self.a_out = Some(v);
            }
            if let Poll::Ready(v) = self.b.as_mut().poll(cx) { // want: poll_after_ready
                self.b_out = Some(v);
            }
            match (self.a_out, self.b_out) {
                (Some(a), Some(b)) => Poll::Ready(a + b),
                _ => Poll::Pending,
            }
        }
    }

    pub struct SafePair<A, B> {
        a: Option<Pin<Box<A>>>,
        b: Option<Pin<Box<B>>>,
        sum: u32,
    }

    impl<A: Future<Output = u32>, B: Future<Output = u32>> Future for SafePair<A, B> {
        type Output = u32;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u32> {
            if let Some(a) = self.a.as_mut() {
                if let Poll::Ready(v) = a.as_mut().poll(cx) {
                    self.sum += v;
                    self.a = None;
                }
            }
            if let Some(b) = self.b.as_mut() {
                if let Poll::Ready(v) = b.as_mut().poll(cx) {
                    self.sum += v;
                    self.b = None;
                }
            }
            if self.a.is_none() && self.b.is_none() {
                Poll::Ready(self.sum)
            } else {
                Poll::Pending
            }
        }
    }
}

cfg_if::cfg_if! {
    if #[cfg(feature = "rt")] {
        pub async fn worker(mut rx: mpsc::Receiver<u32>) {
            let mut job = Box::pin(async { 1u32 });
            loop {
                tokio::select! {
                    v = &mut job => println!("{v}"), // want: poll_after_ready
                    Some(m) = rx.recv() => println!("{m}"),
                }
            }
        }
    } else {
        pub async fn worker(mut rx: mpsc::Receiver<u32>) {
            let mut job = Box::pin(async { 1u32 });
            loop {
                tokio::select! {
                    v = &mut job => {
                        println!("{v}");
                        break;
                    }
                    Some(m) = rx.recv() => println!("{m}"),
                }
            }
        }
    }
}
