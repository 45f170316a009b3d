// `use tokio::sync::mpsc::unbounded_channel;` and a glob import bring the bare name in.
use tokio::sync::mpsc::unbounded_channel;

mod glob {
    use tokio::sync::mpsc::*;

    pub fn make() -> UnboundedSender<()> {
        let (tx, _rx) = unbounded_channel(); // want: unbounded_channel
        tx
    }
}

pub struct Events {
    pub tx: tokio::sync::mpsc::UnboundedSender<String>,
}

pub fn events() -> (Events, tokio::sync::mpsc::UnboundedReceiver<String>) {
    let (tx, rx) = unbounded_channel(); // want: unbounded_channel
    (Events { tx }, rx)
}

pub fn typed() {
    let (_tx, _rx) = unbounded_channel::<Vec<u8>>(); // want: unbounded_channel
}
