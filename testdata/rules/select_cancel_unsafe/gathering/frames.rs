use tokio::io::{AsyncRead, AsyncReadExt};

pub async fn read_frame<R: AsyncRead + Unpin>(r: &mut R) -> std::io::Result<Vec<u8>> {
    let mut frame = Vec::new();
    let mut chunk = [0u8; 512];
    loop {
        let n = r.read(&mut chunk).await?;
        if n == 0 {
            return Ok(frame);
        }
        frame.extend_from_slice(&chunk[..n]);
        if frame.ends_with(b"\r\n") {
            return Ok(frame);
        }
    }
}

pub async fn read_header<R: AsyncRead + Unpin>(r: &mut R) -> std::io::Result<[u8; 8]> {
    let mut head = [0u8; 8];
    let mut filled = 0;
    while filled < head.len() {
        let n = r.read(&mut head[filled..]).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        filled += n;
    }
    Ok(head)
}

// The partial frame is the caller's.
pub async fn read_frame_into<R: AsyncRead + Unpin>(r: &mut R, frame: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut chunk = [0u8; 512];
    loop {
        let n = r.read(&mut chunk).await?;
        frame.extend_from_slice(&chunk[..n]);
        if n == 0 || frame.ends_with(b"\r\n") {
            return Ok(frame.len());
        }
    }
}

pub async fn read_chunk<R: AsyncRead + Unpin>(r: &mut R) -> std::io::Result<usize> {
    let mut scratch = [0u8; 512];
    loop {
        let n = r.read(&mut scratch[..]).await?;
        if n > 0 {
            return Ok(n);
        }
    }
}

pub struct FrameReader {
    sock: tokio::net::TcpStream,
    partial: Vec<u8>,
}

impl FrameReader {
    pub async fn next_frame(&mut self) -> std::io::Result<Vec<u8>> {
        loop {
            let n = self.sock.read_buf(&mut self.partial).await?;
            if n == 0 || self.partial.ends_with(b"\r\n") {
                return Ok(std::mem::take(&mut self.partial));
            }
        }
    }
}
