// Buffers sized by consts of another file of the crate.
use crate::config::{FRAME, LOOP_A, PIPE_BUF, READ_BUF, SMALL, WORDS};
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

const LOCAL_FRAMES: usize = 8;

pub async fn read_loop(mut sock: TcpStream) -> std::io::Result<()> {
    let mut buf = [0u8; READ_BUF]; // want: large_future_capture
    loop {
        let n = sock.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        crate::handle(&buf[..n]);
    }
}

// (4096 + 16) * 8 frames of u32 = 131584 bytes, through a same-file const and a chain.
pub async fn frames(mut sock: TcpStream) -> std::io::Result<()> {
    let mut frames = [[0u32; FRAME]; LOCAL_FRAMES]; // want: large_future_capture
    sock.readable().await?;
    frames[0][0] = sock.read_u32().await?;
    crate::handle_frames(&frames);
    Ok(())
}

// WORDS * 8 bytes, in a qualified path.
pub async fn words(mut sock: TcpStream) -> std::io::Result<()> {
    let words: [u64; crate::config::WORDS] = [0; WORDS]; // want: large_future_capture
    sock.readable().await?;
    crate::handle_words(&words);
    Ok(())
}

// 4 KiB: below the threshold.
pub async fn small(mut sock: TcpStream) -> std::io::Result<usize> {
    let mut buf = [0u8; SMALL];
    sock.read(&mut buf).await
}

// `#[cfg]` alternatives that disagree: judged by the largest (64 KiB on linux).
pub async fn pipe(mut sock: TcpStream) -> std::io::Result<usize> {
    let mut buf = [0u8; PIPE_BUF]; // want: large_future_capture
    sock.read(&mut buf).await
}

// Cyclic, and from a crate we cannot see: quiet.
pub async fn unknowable(mut sock: TcpStream) -> std::io::Result<usize> {
    let mut a = [0u8; LOOP_A];
    let mut b = [0u8; libc::PIPE_BUF];
    sock.read(&mut a).await?;
    sock.read(&mut b).await
}

// Definitions that disagree without `#[cfg]` (two modules' own consts): unknown, quiet.
pub async fn ambiguous(mut sock: TcpStream) -> std::io::Result<usize> {
    let mut buf = [0u8; SHADOWED];
    sock.read(&mut buf).await
}

// All `#[cfg]` alternatives below the threshold: quiet.
pub async fn small_pipe(mut sock: TcpStream) -> std::io::Result<usize> {
    let mut buf = [0u8; SMALL_PIPE];
    sock.read(&mut buf).await
}
