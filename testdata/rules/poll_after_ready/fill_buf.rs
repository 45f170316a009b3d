// `poll_fill_buf` called again after it returned `Ready`: in the same call, or in a loop that
// never asks whether the buffer was empty (EOF). Own minimal reproductions of the shape of
// bugs fixed in tokio's and futures' `fill_buf` futures (a second call, which panicked on a
// `BufReader<File>` at EOF).
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use tokio::io::AsyncBufRead;

// Fills once to wait, drops the result, then fills again to borrow the buffer.
pub struct Peek<'a, R: ?Sized> {
    reader: Option<&'a mut R>,
}

impl<'a, R: AsyncBufRead + ?Sized + Unpin> Future for Peek<'a, R> {
    type Output = io::Result<&'a [u8]>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let reader = self.reader.take().expect("polled after completion");
        match Pin::new(&mut *reader).poll_fill_buf(cx) {
            Poll::Ready(Ok(_)) => {}
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => {
                self.reader = Some(reader);
                return Poll::Pending;
            }
        }
        match Pin::new(reader).poll_fill_buf(cx) { // want: poll_after_ready
            Poll::Ready(Ok(buf)) => Poll::Ready(Ok(buf)),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => unreachable!(),
        }
    }
}

// The fix: poll once, keep the result. Quiet.
pub struct PeekOnce<'a, R: ?Sized> {
    reader: Option<&'a mut R>,
}

impl<'a, R: AsyncBufRead + ?Sized + Unpin> Future for PeekOnce<'a, R> {
    type Output = io::Result<&'a [u8]>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let reader = self.reader.take().expect("polled after completion");
        match Pin::new(&mut *reader).poll_fill_buf(cx) {
            Poll::Ready(Ok(buf)) => Poll::Ready(Ok(unsafe { std::mem::transmute::<&[u8], &'a [u8]>(buf) })),
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => {
                self.reader = Some(reader);
                Poll::Pending
            }
        }
    }
}

// Counts bytes until EOF, but never checks for the empty buffer: at EOF it spins.
pub struct Count<R> {
    inner: R,
    total: u64,
}

impl<R: AsyncBufRead + Unpin> Future for Count<R> {
    type Output = io::Result<u64>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        loop {
            let n = ready!(Pin::new(&mut self.inner).poll_fill_buf(cx))?.len(); // want: poll_after_ready
            Pin::new(&mut self.inner).consume(n);
            self.total += n as u64;
        }
    }
}

// The same loop, ending at EOF. Quiet.
pub struct CountToEnd<R> {
    inner: R,
    total: u64,
}

impl<R: AsyncBufRead + Unpin> Future for CountToEnd<R> {
    type Output = io::Result<u64>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        loop {
            let buf = ready!(Pin::new(&mut self.inner).poll_fill_buf(cx))?;
            if buf.is_empty() {
                return Poll::Ready(Ok(self.total));
            }
            let n = buf.len();
            Pin::new(&mut self.inner).consume(n);
            self.total += n as u64;
        }
    }
}

// A record stream with a `poll_fill_buf` of its own (an inherent method, not
// `AsyncBufRead`'s): it reads into its own buffer and says `Ready(Ok(None))` at EOF, which the
// loop leaves on. `self.poll_fill_buf(cx)` calls that one. Quiet.
pub struct Records<R> {
    inner: R,
    buf: Vec<u8>,
}

impl<R: tokio::io::AsyncRead + Unpin> Records<R> {
    fn poll_fill_buf(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<Option<()>>> {
        let mut chunk = [0u8; 512];
        let mut rb = tokio::io::ReadBuf::new(&mut chunk);
        ready!(Pin::new(&mut self.inner).poll_read(cx, &mut rb))?;
        if rb.filled().is_empty() {
            return Poll::Ready(Ok(None));
        }
        self.buf.extend_from_slice(rb.filled());
        Poll::Ready(Ok(Some(())))
    }
}

impl<R: tokio::io::AsyncRead + Unpin> futures::Stream for Records<R> {
    type Item = io::Result<Vec<u8>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            match self.poll_fill_buf(cx) {
                Poll::Ready(Ok(Some(()))) => {
                    if let Some(at) = self.buf.iter().position(|b| *b == b'\n') {
                        let rest = self.buf.split_off(at + 1);
                        return Poll::Ready(Some(Ok(std::mem::replace(&mut self.buf, rest))));
                    }
                }
                Poll::Ready(Ok(None)) => return Poll::Ready(None),
                Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
