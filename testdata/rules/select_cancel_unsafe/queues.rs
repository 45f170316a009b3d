// Waiting in a fair queue (tokio's Mutex, RwLock, Semaphore) loses only the place in the
// queue: reported at note level (select_cancel_unsafe_test.go checks the levels).
use std::sync::Arc;

use tokio::net::TcpStream;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{mpsc, Mutex, RwLock, Semaphore};

async fn lock_in_loop(state: Arc<Mutex<Vec<u32>>>, mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            mut guard = state.lock() => guard.push(0), // want: select_cancel_unsafe
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}

async fn rwlock(config: Arc<RwLock<String>>, mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            cfg = config.read() => println!("{}", *cfg), // want: select_cancel_unsafe
            Some(v) = rx.recv() => println!("{v}"),
        }
        tokio::select! {
            mut cfg = config.write() => cfg.push('!'), // want: select_cancel_unsafe
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}

async fn semaphore(limit: Arc<Semaphore>, mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            permit = limit.acquire() => drop(permit), // want: select_cancel_unsafe
            Some(v) = rx.recv() => println!("{v}"),
        }
        tokio::select! {
            permit = limit.clone().acquire_owned() => drop(permit), // want: select_cancel_unsafe
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}

// With a buffer argument, read and write are AsyncRead / AsyncWrite: cancel safe.
async fn io_not_locks(mut stream: TcpStream, mut rx: mpsc::Receiver<u32>) {
    let mut buf = [0u8; 64];
    loop {
        tokio::select! {
            n = stream.read(&mut buf) => println!("{n:?}"),
            Some(v) = rx.recv() => println!("{v}"),
        }
        tokio::select! {
            n = stream.write(&buf) => println!("{n:?}"),
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}

// An unsafe operation behind a queue in one async block: the unsafe one is reported.
async fn both(state: Arc<Mutex<TcpStream>>, mut rx: mpsc::Receiver<u32>) {
    let mut buf = [0u8; 8];
    loop {
        tokio::select! {
            r = async {
                let mut stream = state.lock().await;
                stream.read_exact(&mut buf).await // want: select_cancel_unsafe
            } => println!("{r:?}"),
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}
