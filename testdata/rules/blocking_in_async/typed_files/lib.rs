mod store;

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::{Arc, Mutex};
use store::{Journal, Packet};
use tokio::io::AsyncWriteExt;

// Fields declared in another file, typed std::fs::File: each call is a blocking system call.
pub async fn append(j: &mut Journal, rec: &[u8]) -> std::io::Result<()> {
    j.file.write_all(rec)?; // want: blocking_in_async
    j.file.sync_all()?; // want: blocking_in_async
    j.out.write_all(rec)?; // want: blocking_in_async
    j.out.flush()?; // want: blocking_in_async
    j.shared.lock().unwrap().write_all(rec)?; // want: blocking_in_async
    // An accessor's return type; set_len only changes metadata: a note outside a loop.
    j.file_mut().set_len(0)?; // want: blocking_in_async@note
    // The tokio file in the same struct is awaited: quiet.
    j.log.write_all(rec).await?;
    j.log.sync_all().await?;
    Ok(())
}

// A parameter typed std::fs::File.
pub async fn read_param(f: &mut File) -> Vec<u8> {
    let mut buf = Vec::new();
    f.read_to_end(&mut buf).unwrap(); // want: blocking_in_async
    buf
}

// Seeking is one system call, but in a loop it adds up.
pub async fn seek_each(f: &mut File, offsets: &[u64]) {
    for off in offsets {
        f.seek(SeekFrom::Start(*off)).unwrap(); // want: blocking_in_async
    }
}

// Opened in this body: reported once, at the open, not at every later call.
pub async fn opened_here(path: &str) -> String {
    let mut f = File::open(path).unwrap(); // want: blocking_in_async
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    f.sync_all().unwrap();
    s
}

// Quiet: tokio's File, a crate type with a `read`, and work handed to the blocking pool.
pub async fn quiet(mut f: tokio::fs::File, p: &mut Packet, shared: Arc<Mutex<File>>) {
    f.write_all(b"x").await.unwrap();
    f.sync_all().await.unwrap();
    let mut b = [0u8; 4];
    p.read(&mut b);
    p.sync_all();
    tokio::task::spawn_blocking(move || shared.lock().unwrap().sync_all()).await.unwrap().unwrap();
}

// Quiet: a sync fn that is not called from async code.
pub fn sync_writer(f: &mut File) {
    f.write_all(b"x").unwrap();
}
