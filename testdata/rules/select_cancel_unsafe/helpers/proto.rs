// Framing helpers of the crate, used as select! branches from lib.rs.
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

pub struct Message(pub Vec<u8>);

// A length-prefixed frame: two `read_exact` calls, progress kept in locals.
pub async fn read_message<R: AsyncRead + Unpin>(reader: &mut R) -> std::io::Result<Message> {
    let mut len = [0u8; 4];
    reader.read_exact(&mut len).await?;
    let mut body = vec![0u8; u32::from_be_bytes(len) as usize];
    reader.read_exact(&mut body).await?;
    Ok(Message(body))
}

pub async fn write_message<W: AsyncWrite + Unpin>(writer: &mut W, msg: &Message) -> std::io::Result<()> {
    writer.write_all(&msg.0).await
}

pub async fn read_text_line(reader: &mut BufReader<TcpStream>) -> std::io::Result<String> {
    let mut line = String::new();
    reader.read_line(&mut line).await?;
    Ok(line)
}

// `read` keeps nothing inside the future: cancel safe.
pub async fn read_some<R: AsyncRead + Unpin>(reader: &mut R, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    reader.read_buf(buf).await
}

// The stream is made here and dropped with the future: nothing of the caller's is lost.
pub async fn send_hello(addr: &str) -> std::io::Result<()> {
    let mut stream = TcpStream::connect(addr).await?;
    stream.write_all(b"hello").await
}
