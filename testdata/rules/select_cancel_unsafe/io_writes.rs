// Writers in a select! loop.
use std::io::Cursor;

use tokio::io::{self, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

async fn write_all_restarts(mut stream: TcpStream, mut events: mpsc::Receiver<Vec<u8>>, reply: Vec<u8>) {
    loop {
        tokio::select! {
            res = stream.write_all(&reply) => { // want: select_cancel_unsafe
                res.unwrap();
            }
            Some(ev) = events.recv() => println!("{} bytes", ev.len()),
        }
    }
}

async fn write_numbers(mut stream: TcpStream, mut events: mpsc::Receiver<Vec<u8>>) {
    let mut seq = 0u64;
    loop {
        tokio::select! {
            _ = stream.write_u64(seq) => seq += 1, // want: select_cancel_unsafe
            Some(ev) = events.recv() => drop(ev),
        }
        tokio::select! {
            _ = stream.write_i32_le(-1) => {} // want: select_cancel_unsafe
            Some(ev) = events.recv() => drop(ev),
        }
        // One byte is written by one write call, or not at all.
        tokio::select! {
            _ = stream.write_u8(0x7f) => {}
            Some(ev) = events.recv() => drop(ev),
        }
    }
}

// write, write_buf and write_all_buf report or keep their progress; flush is cancel safe.
async fn safe_writers(mut stream: TcpStream, mut events: mpsc::Receiver<Vec<u8>>) {
    let mut pending = Cursor::new(b"hello".to_vec());
    let data = vec![1u8; 16];
    loop {
        tokio::select! {
            n = stream.write(&data) => println!("{n:?}"),
            Some(ev) = events.recv() => drop(ev),
        }
        tokio::select! {
            r = stream.write_all_buf(&mut pending) => println!("{r:?}"),
            r = stream.write_buf(&mut pending) => println!("{r:?}"),
            r = stream.flush() => println!("{r:?}"),
            Some(ev) = events.recv() => drop(ev),
        }
    }
}

async fn copies(mut a: TcpStream, mut b: TcpStream, mut events: mpsc::Receiver<Vec<u8>>) {
    loop {
        tokio::select! {
            r = io::copy(&mut a, &mut b) => println!("{r:?}"), // want: select_cancel_unsafe
            Some(ev) = events.recv() => drop(ev),
        }
        tokio::select! {
            r = tokio::io::copy_bidirectional(&mut a, &mut b) => println!("{r:?}"), // want: select_cancel_unsafe
            Some(ev) = events.recv() => drop(ev),
        }
    }
}

mod imported {
    use tokio::io::copy;
    use tokio::net::TcpStream;
    use tokio::sync::mpsc;

    pub async fn bare_copy(mut a: TcpStream, mut b: TcpStream, mut events: mpsc::Receiver<u8>) {
        while let Some(ev) = events.recv().await {
            tokio::select! {
                r = copy(&mut a, &mut b) => println!("{r:?}"), // want: select_cancel_unsafe
                Some(more) = events.recv() => println!("{ev} {more}"),
            }
        }
    }
}
