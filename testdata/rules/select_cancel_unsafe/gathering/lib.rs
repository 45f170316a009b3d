// Helpers that call cancel-safe operations (`read`, `recv`) in a loop and gather the results
// in a local: what they gathered lives only in their future, so a select! branch that calls
// them in a loop drops it whenever another branch wins.
mod batch;
mod frames;
mod session;

use tokio::net::TcpStream;
use tokio::sync::mpsc;

use crate::batch::{collect_batch, Batcher};
use crate::frames::{read_frame, read_frame_into, read_header, read_chunk, FrameReader};
use crate::session::{Session, SessionFixed};

// A frame reader that appends each `read` to a local Vec until the frame is complete.
pub async fn session(mut sock: TcpStream, mut ctl: mpsc::Receiver<u8>) {
    loop {
        tokio::select! {
            f = read_frame(&mut sock) => { let _ = f; } // want: select_cancel_unsafe
            Some(c) = ctl.recv() => println!("{c}"),
        }
    }
}

// A hand-written read_exact: each `read` continues at an offset into a local array.
pub async fn headers(mut sock: TcpStream, mut ctl: mpsc::Receiver<u8>) {
    loop {
        tokio::select! {
            h = read_header(&mut sock) => { let _ = h; } // want: select_cancel_unsafe
            Some(c) = ctl.recv() => println!("{c}"),
        }
    }
}

// A batch of channel messages gathered in a local Vec.
pub async fn batches(mut rx: mpsc::Receiver<u32>, mut tick: tokio::time::Interval) {
    loop {
        tokio::select! {
            b = collect_batch(&mut rx, 16) => { let _ = b; } // want: select_cancel_unsafe
            _ = tick.tick() => println!("tick"),
        }
    }
}

// The same, as a method whose batch is a field of its owner: it survives. Quiet.
pub async fn batches_kept(mut b: Batcher, mut tick: tokio::time::Interval) {
    loop {
        tokio::select! {
            full = b.fill() => { let _ = full; }
            _ = tick.tick() => println!("tick"),
        }
    }
}

// A frame reader whose partial frame lives in its owner. Quiet.
pub async fn session_kept(mut r: FrameReader, mut ctl: mpsc::Receiver<u8>) {
    loop {
        tokio::select! {
            f = r.next_frame() => { let _ = f; }
            Some(c) = ctl.recv() => println!("{c}"),
        }
    }
}

// The caller's buffer keeps the partial frame. Quiet.
pub async fn session_caller_buffer(mut sock: TcpStream, mut ctl: mpsc::Receiver<u8>) {
    let mut buf = Vec::new();
    loop {
        tokio::select! {
            f = read_frame_into(&mut sock, &mut buf) => { let _ = f; }
            Some(c) = ctl.recv() => println!("{c}"),
        }
    }
}

// One `read` per call into a scratch buffer that each read overwrites. Quiet.
pub async fn chunks(mut sock: TcpStream, mut ctl: mpsc::Receiver<u8>) {
    loop {
        tokio::select! {
            c = read_chunk(&mut sock) => { let _ = c; }
            Some(c) = ctl.recv() => println!("{c}"),
        }
    }
}

// A batch gathered under a timeout in a loop: the messages gathered when the deadline
// passes are dropped with the helper's future.
pub async fn batches_by_deadline(mut rx: mpsc::Receiver<u32>) {
    loop {
        match tokio::time::timeout(std::time::Duration::from_millis(100), collect_batch(&mut rx, 16)).await { // want: select_cancel_unsafe
            Ok(b) => println!("{}", b.len()),
            Err(_) => println!("partial batch"), // the batch so far is gone
        }
    }
}

// A crate method named like a channel's (`recv`), on a type declared in another file, that
// takes a frame and then awaits a reconnect before returning it.
pub async fn console(mut s: Session, mut keys: mpsc::Receiver<u8>) {
    loop {
        tokio::select! {
            f = s.recv() => { let _ = f; } // want: select_cancel_unsafe
            Some(k) = keys.recv() => println!("{k}"),
        }
    }
}

// The same session with the reconnect done before the frame is taken. Quiet.
pub async fn console_fixed(mut s: SessionFixed, mut keys: mpsc::Receiver<u8>) {
    loop {
        tokio::select! {
            f = s.recv() => { let _ = f; }
            Some(k) = keys.recv() => println!("{k}"),
        }
    }
}
