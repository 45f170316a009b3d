// A try-lock fails only when someone else holds the lock. A private lock field that only the
// value's own `&mut self` methods take is never held by anyone else while a poll runs: its
// `Err` arm is never reached, and the `Pending` there is a note. Shared locks stay warnings.
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

// A wrapper that locks its stream only from its own poll methods, which hold it exclusively.
pub struct Wrapped(Arc<Mutex<TcpStream>>);

impl Wrapped {
    pub fn new(s: TcpStream) -> Self {
        Self(Arc::new(Mutex::new(s)))
    }
}

impl AsyncRead for Wrapped {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        match self.0.try_lock() {
            Ok(mut s) => Pin::new(&mut *s).poll_read(cx, buf),
            Err(_) => Poll::Pending, // want: pending_without_waker@note
        }
    }
}

impl AsyncWrite for Wrapped {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        match self.0.try_lock() {
            Ok(mut s) => Pin::new(&mut *s).poll_write(cx, buf),
            Err(_) => Poll::Pending, // want: pending_without_waker@note
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.0.try_lock() {
            Ok(mut s) => Pin::new(&mut *s).poll_flush(cx),
            Err(_) => Poll::Pending, // want: pending_without_waker@note
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.0.try_lock() {
            Ok(mut s) => Pin::new(&mut *s).poll_shutdown(cx),
            Err(_) => Poll::Pending, // want: pending_without_waker@note
        }
    }
}

// The same with a named field, also locked (and awaited) by an exclusive async method.
pub struct Named {
    conn: Arc<Mutex<TcpStream>>,
}

impl Named {
    pub fn new(s: TcpStream) -> Self {
        Named { conn: Arc::new(Mutex::new(s)) }
    }

    pub async fn reset(&mut self) {
        let _g = self.conn.lock().await;
    }
}

impl AsyncRead for Named {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let Ok(mut s) = self.conn.try_lock() else {
            return Poll::Pending; // want: pending_without_waker@note
        };
        Pin::new(&mut *s).poll_read(cx, buf)
    }
}

// Clone shares the lock between the copies: another copy's poll may hold it.
#[derive(Clone)]
pub struct Shared(Arc<Mutex<TcpStream>>);

impl AsyncRead for Shared {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        match self.0.try_lock() {
            Ok(mut s) => Pin::new(&mut *s).poll_read(cx, buf),
            Err(_) => Poll::Pending, // want: pending_without_waker@warning
        }
    }
}

// The Arc is handed out: whoever holds the clone can hold the lock.
pub struct HandsOut {
    conn: Arc<Mutex<TcpStream>>,
}

impl HandsOut {
    pub fn handle(&self) -> Arc<Mutex<TcpStream>> {
        self.conn.clone()
    }
}

impl AsyncRead for HandsOut {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        match self.conn.try_lock() {
            Ok(mut s) => Pin::new(&mut *s).poll_read(cx, buf),
            Err(_) => Poll::Pending, // want: pending_without_waker@warning
        }
    }
}

// A `&self` method can run while another task polls (the value behind an `Arc`), so the lock
// it takes can be held when the poll tries it.
pub struct Peeked {
    conn: Arc<Mutex<TcpStream>>,
}

impl Peeked {
    pub async fn peer(&self) -> std::io::Result<std::net::SocketAddr> {
        self.conn.lock().await.peer_addr()
    }
}

impl AsyncRead for Peeked {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        match self.conn.try_lock() {
            Ok(mut s) => Pin::new(&mut *s).poll_read(cx, buf),
            Err(_) => Poll::Pending, // want: pending_without_waker@warning
        }
    }
}

// A public field: code elsewhere can clone it.
pub struct Open {
    pub conn: Arc<Mutex<TcpStream>>,
}

impl AsyncRead for Open {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        match self.conn.try_lock() {
            Ok(mut s) => Pin::new(&mut *s).poll_read(cx, buf),
            Err(_) => Poll::Pending, // want: pending_without_waker@warning
        }
    }
}

// The lock comes from the caller, who may keep a clone of the Arc.
pub struct Given {
    conn: Arc<Mutex<TcpStream>>,
}

impl Given {
    pub fn new(conn: Arc<Mutex<TcpStream>>) -> Self {
        Given { conn }
    }
}

impl AsyncRead for Given {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        match self.conn.try_lock() {
            Ok(mut s) => Pin::new(&mut *s).poll_read(cx, buf),
            Err(_) => Poll::Pending, // want: pending_without_waker@warning
        }
    }
}
