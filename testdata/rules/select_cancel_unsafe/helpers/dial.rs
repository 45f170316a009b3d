// One call further down: a connect helper that makes the stream itself and hands it by
// value to a handshake that writes to it. Cancelled by the timeout, the half-written greeting
// goes with the stream the helper made, and the next turn dials a new one. Quiet. The twin's
// handshake writes to the session's long-lived stream, borrowed: the next turn writes the
// greeting again from the start on the same stream.
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

pub struct Dialer {
    pub addr: std::net::SocketAddr,
    pub greeting: Vec<u8>,
}

impl Dialer {
    async fn handshake(&self, mut conn: TcpStream) -> std::io::Result<TcpStream> {
        conn.write_all(&self.greeting).await?;
        Ok(conn)
    }

    async fn connect(&self) -> std::io::Result<TcpStream> {
        let addr = self.addr;
        let conn = TcpStream::connect(addr).await?;
        self.handshake(conn).await
    }

    pub async fn dial_until_up(&self) -> TcpStream {
        loop {
            if let Ok(Ok(conn)) = tokio::time::timeout(Duration::from_secs(3), self.connect()).await {
                return conn;
            }
        }
    }
}

pub struct Session {
    pub stream: TcpStream,
    pub greeting: Vec<u8>,
}

impl Session {
    async fn regreet(&mut self) -> std::io::Result<()> {
        let greeting = self.greeting.clone();
        let conn = &mut self.stream;
        conn.write_all(&greeting).await
    }

    pub async fn keep_greeting(&mut self) {
        loop {
            let _ = tokio::time::timeout(Duration::from_secs(3), self.regreet()).await; // want: select_cancel_unsafe
        }
    }
}
