// async-channel (and its re-exports in async-std and smol) and flume.
use async_channel::{bounded, Receiver, Sender};

pub fn make_async_channel() -> (Sender<u32>, Receiver<u32>) {
    async_channel::unbounded() // want: unbounded_channel
}

pub fn make_bounded() -> (Sender<u32>, Receiver<u32>) {
    bounded(100)
}

pub fn reexports() {
    let (_a, _b) = async_std::channel::unbounded::<u8>(); // want: unbounded_channel
    let (_c, _d) = smol::channel::unbounded::<u8>(); // want: unbounded_channel
    let (_e, _f) = smol::channel::bounded::<u8>(1);
}

pub fn make_flume() -> (flume::Sender<String>, flume::Receiver<String>) {
    flume::unbounded() // want: unbounded_channel
}

pub fn make_flume_bounded() -> (flume::Sender<String>, flume::Receiver<String>) {
    flume::bounded(8)
}

mod flume_glob {
    use flume::*;

    pub async fn work() {
        let (tx, rx) = unbounded(); // want: unbounded_channel
        tx.send_async(1u8).await.unwrap();
        let _ = rx.recv_async().await;
    }
}

mod channel_module {
    use async_std::channel;

    pub fn make() {
        let (_tx, _rx) = channel::unbounded::<()>(); // want: unbounded_channel
        let (_tx2, _rx2) = channel::bounded::<()>(2);
    }
}
