// A crate that runs futures on its own executor, which polls every task on each tick
// whether it was woken or not (an emulator, a kernel's scheduler). A countdown without a
// wake-up works there: the error becomes a warning.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

mod executor;

pub struct Cycles {
    left: u32,
}

impl Future for Cycles {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.left == 0 {
            return Poll::Ready(());
        }
        self.left -= 1;
        Poll::Pending // want: pending_without_waker@warning
    }
}

// The crate uses tokio too (for its I/O); its own executor still polls on every tick.
pub async fn serve(mut rx: tokio::sync::mpsc::Receiver<u8>) {
    while rx.recv().await.is_some() {}
}
