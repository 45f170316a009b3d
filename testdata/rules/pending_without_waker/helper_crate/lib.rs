// Helpers defined in one file and called from another: the crate's facts say how each
// caller reached the call.
use std::pin::Pin;
use std::task::{Context, Poll};

mod conn;

pub struct Reader {
    io: tokio::net::TcpStream,
    conn: conn::Conn,
}

impl futures::Stream for Reader {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        let this = &mut *self;
        futures::ready!(this.io.poll_read_ready(cx)).ok()?;
        // Registered on the socket first: `poll_frame`'s Pending is this poll's "not now".
        let frame = futures::ready!(this.conn.poll_frame(cx));
        Poll::Ready(Some(frame))
    }
}

// Nothing polled before this call: `poll_ack` is reported in conn.rs.
pub fn poll_ack_now(conn: &mut conn::Conn, cx: &mut Context<'_>) -> Poll<u32> {
    conn.poll_ack(cx)
}
