// A channel this body filled before it receives: the message is already there, and recv
// returns at once. Quiet. Each twin can wait: the range may be empty, a second turn takes
// more than was sent, a clone may have taken the message, or the send is conditional.

const POOL: usize = 4;

pub async fn take_from_filled_pool() -> Vec<u8> {
    let (pool_tx, pool_rx) = crossbeam_channel::bounded::<Vec<u8>>(POOL);
    for _ in 0..POOL {
        let res = pool_tx.send(vec![0; 4096]);
        if let Err(e) = res {
            panic!("pool: {e}");
        }
    }
    let buf = pool_rx.recv().unwrap();
    tokio::task::yield_now().await;
    buf
}

pub async fn take_after_one_send() -> u32 {
    let (tx, rx) = std::sync::mpsc::channel::<u32>();
    tx.send(7).unwrap();
    tokio::task::yield_now().await;
    rx.recv().unwrap()
}

pub async fn pool_of_any_size(n: usize) -> Vec<u8> {
    let (pool_tx, pool_rx) = crossbeam_channel::bounded::<Vec<u8>>(8);
    for _ in 0..n {
        pool_tx.send(vec![0; 4096]).unwrap();
    }
    pool_rx.recv().unwrap() // want: blocking_in_async@warning
}

pub async fn take_more_than_sent() {
    let (tx, rx) = std::sync::mpsc::channel::<u32>();
    tx.send(1).unwrap();
    loop {
        let v = rx.recv().unwrap(); // want: blocking_in_async@warning
        println!("{v}");
        tokio::task::yield_now().await;
    }
}

pub async fn shared_before(other: std::sync::mpsc::Sender<std::sync::mpsc::Receiver<u32>>) -> u32 {
    let (tx, rx) = crossbeam_channel::unbounded::<u32>();
    let stolen = rx.clone();
    std::thread::spawn(move || stolen.recv());
    drop(other);
    tx.send(1).unwrap();
    rx.recv().expect("sent") // want: blocking_in_async@warning
}

pub async fn sent_if(ready: bool) -> u32 {
    let (tx, rx) = std::sync::mpsc::channel::<u32>();
    if ready {
        tx.send(1).unwrap();
    }
    rx.recv().unwrap() // want: blocking_in_async@warning
}
