// Thread channels, thread joins and tokio's blocking_* methods.
use std::sync::mpsc;
use std::sync::Arc;
use tokio::sync::{Mutex, RwLock};

struct Worker {
    results: mpsc::Receiver<u64>,
    events: tokio::sync::mpsc::Receiver<u64>,
}

impl Worker {
    async fn next_result(&mut self) -> Option<u64> {
        self.results.recv().ok() // want: blocking_in_async
    }

    async fn next_event(&mut self) -> Option<u64> {
        self.events.recv().await
    }
}

async fn std_channel() {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || tx.send(1u32).unwrap());
    let _v = rx.recv().unwrap(); // want: blocking_in_async
    let (stx, srx) = std::sync::mpsc::sync_channel::<u8>(1);
    drop(stx);
    let _w = srx.recv_timeout(std::time::Duration::from_secs(1)); // want: blocking_in_async
}

async fn std_receiver_param(rx: &std::sync::mpsc::Receiver<String>) -> String {
    rx.recv().unwrap() // want: blocking_in_async
}

async fn shared_std_receiver(rx: Arc<std::sync::Mutex<mpsc::Receiver<u8>>>) {
    let _ = rx.lock().unwrap().recv(); // want: blocking_in_async
}

async fn crossbeam(rx: crossbeam_channel::Receiver<u8>) {
    let _ = rx.recv(); // want: blocking_in_async
}

async fn tokio_channel() {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<u32>(8);
    tx.send(1).await.unwrap();
    let _v = rx.recv().await;
    let (_btx, mut brx) = tokio::sync::broadcast::channel::<u32>(8);
    let _ = brx.recv().await;
    tokio::select! {
        v = rx.recv() => drop(v),
        _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
    }
}

async fn unknown_receiver(rx: &mut Inbox) {
    // `.recv()` on a type we cannot see is not assumed to block.
    let _ = rx.recv();
}

// A thread spawned and joined with no `.await` between: the executor waits as long as the
// closure runs, as if it called it (work that needs an OS thread of its own): notes.
async fn thread_join() {
    let handle = std::thread::spawn(|| 42);
    let _v = handle.join().unwrap(); // want: blocking_in_async@note
    let t = std::thread::Builder::new().spawn(|| 1).unwrap();
    t.join().unwrap(); // want: blocking_in_async@note
    let n = std::thread::spawn(move || 7).join().unwrap(); // want: blocking_in_async@note
    let _ = n;
}

// The twins: the thread runs while the task awaits, or its handle comes from elsewhere, so
// the join waits for work already under way, for as long as it takes.
async fn thread_join_later(ready: tokio::sync::oneshot::Receiver<()>, other: std::thread::JoinHandle<()>) {
    let handle = std::thread::spawn(|| 42);
    let _ = ready.await;
    let _v = handle.join().unwrap(); // want: blocking_in_async@warning
    other.join().unwrap(); // want: blocking_in_async@warning
}

async fn task_join() {
    let handle = tokio::spawn(async { 42 });
    let _v = handle.await.unwrap();
    let parts = vec!["a", "b"];
    let _s = parts.join(",");
    let _p = std::path::Path::new("/tmp").join("x");
}

async fn tokio_blocking_methods(m: Arc<Mutex<u32>>, l: Arc<RwLock<u32>>) {
    let _g = m.blocking_lock(); // want: blocking_in_async
    let _r = l.blocking_read(); // want: blocking_in_async
    let _w = l.blocking_write(); // want: blocking_in_async
    let (tx, mut rx) = tokio::sync::mpsc::channel::<u8>(1);
    tx.blocking_send(1).unwrap(); // want: blocking_in_async
    let _ = rx.blocking_recv(); // want: blocking_in_async
}

async fn tokio_async_methods(m: Arc<Mutex<u32>>, l: Arc<RwLock<u32>>) {
    let _g = m.lock().await;
    let _r = l.read().await;
    drop(_r);
    let _w = l.write().await;
}

fn sync_side(m: Arc<Mutex<u32>>, rx: mpsc::Receiver<u8>) {
    // Synchronous code is where the blocking methods belong.
    let _g = m.blocking_lock();
    let _ = rx.recv();
}

async fn blocking_side(m: Arc<Mutex<u32>>, mut rx: tokio::sync::mpsc::Receiver<u8>) {
    tokio::task::spawn_blocking(move || {
        let _g = m.blocking_lock();
        while let Some(v) = rx.blocking_recv() {
            drop(v);
        }
    })
    .await
    .unwrap();
}

struct Inbox;
impl Inbox {
    fn recv(&mut self) -> Option<u8> {
        None
    }
}

async fn join_all_threads(handles: Vec<std::thread::JoinHandle<()>>, tasks: Vec<tokio::task::JoinHandle<()>>) {
    for h in handles {
        h.join().unwrap(); // want: blocking_in_async
    }
    for t in tasks {
        t.await.unwrap();
    }
}

async fn shadowed_receiver() {
    let (_tx, rx) = mpsc::channel::<u8>();
    drop(rx);
    let mut rx = Inbox;
    let _ = rx.recv();
}

async fn receiver_in_a_closure_param(rxs: Vec<mpsc::Receiver<u8>>) {
    // the closure's own parameter, typed by inference only: quiet
    let _ = rxs.into_iter().map(|rx| rx.try_recv()).count();
}

// A timeout of a few nanoseconds makes recv_timeout a poll of the channel; the loop awaits
// between polls. The twin waits up to 250 ms each turn, stalling the executor thread.
pub async fn drain_polled(rx: crossbeam_channel::Receiver<u8>) {
    loop {
        if let Ok(v) = rx.recv_timeout(std::time::Duration::from_nanos(1)) { // want: blocking_in_async@note
            println!("{v}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
}

pub async fn drain_waiting(rx: crossbeam_channel::Receiver<u8>) {
    loop {
        if let Ok(v) = rx.recv_timeout(std::time::Duration::from_millis(250)) { // want: blocking_in_async@warning
            println!("{v}");
        }
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
}

// A thread joined only once it has finished (`is_finished()` was true): join returns at
// once. Quiet. Its twin joins when it has not finished yet.
async fn join_when_finished(done: tokio::sync::oneshot::Receiver<()>) {
    let h = std::thread::spawn(|| println!("work"));
    let _ = done.await;
    if !h.is_finished() {
        println!("still exiting");
    } else if h.join().is_err() {
        println!("panicked");
    }
}

async fn join_when_finished_direct() {
    let h = std::thread::spawn(|| println!("work"));
    tokio::task::yield_now().await;
    if h.is_finished() {
        let _ = h.join();
    }
}

async fn join_while_running() {
    let h = std::thread::spawn(|| println!("work"));
    if !h.is_finished() {
        let _ = h.join(); // want: blocking_in_async
    }
}
