pub async fn handle(msg: Vec<u8>) {
    println!("{} bytes", msg.len());
}

pub async fn read_into(path: &str, buf: &mut [u8]) -> usize {
    match tokio::fs::read(path).await {
        Ok(data) => {
            let n = data.len().min(buf.len());
            buf[..n].copy_from_slice(&data[..n]);
            n
        }
        Err(_) => 0,
    }
}

pub async fn flush() {
    println!("flushed");
}
