// futures' unbounded mpsc (also as the futures-channel crate and futures 0.1's
// `futures::sync::mpsc`).
use futures::channel::mpsc::{self, UnboundedReceiver, UnboundedSender};
use futures::StreamExt;

pub struct Broker {
    subscribers: Vec<UnboundedSender<String>>,
}

impl Broker {
    pub fn subscribe(&mut self) -> UnboundedReceiver<String> {
        let (tx, rx) = mpsc::unbounded(); // want: unbounded_channel
        self.subscribers.push(tx);
        rx
    }

    pub fn subscribe_bounded(&mut self) -> mpsc::Receiver<String> {
        let (_tx, rx) = mpsc::channel(32);
        rx
    }
}

pub fn other_crates() {
    let (_a, _b) = futures_channel::mpsc::unbounded::<u8>(); // want: unbounded_channel
    let (_c, _d) = futures::channel::mpsc::unbounded::<u8>(); // want: unbounded_channel
    let (_e, _f) = futures::sync::mpsc::unbounded::<u8>(); // want: unbounded_channel
    let (_g, _h) = futures_channel::mpsc::channel::<u8>(4);
}

mod imported_fn {
    use futures::channel::mpsc::unbounded;
    use futures::StreamExt;

    pub async fn pump() {
        let (tx, mut rx) = unbounded::<u32>(); // want: unbounded_channel
        tx.unbounded_send(1).unwrap();
        while let Some(_n) = rx.next().await {}
    }
}

pub async fn drain(mut rx: UnboundedReceiver<String>) {
    while let Some(_msg) = rx.next().await {}
}
