mod config;
mod conn;

// A local const shadows the crate's one: this READ_BUF is 512 bytes.
pub async fn local_wins(mut sock: tokio::net::TcpStream) -> std::io::Result<usize> {
    const READ_BUF: usize = 512;
    let mut buf = [0u8; READ_BUF];
    tokio::io::AsyncReadExt::read(&mut sock, &mut buf).await
}

// A const generic is not a const item, even when one has the same name.
pub async fn generic<const SMALL: usize>(mut sock: tokio::net::TcpStream) -> std::io::Result<usize> {
    let mut buf = [0u8; SMALL];
    tokio::io::AsyncReadExt::read(&mut sock, &mut buf).await
}

pub(crate) fn handle(_b: &[u8]) {}
pub(crate) fn handle_frames<const N: usize>(_f: &[[u32; N]; 8]) {}
pub(crate) fn handle_words(_w: &[u64]) {}
