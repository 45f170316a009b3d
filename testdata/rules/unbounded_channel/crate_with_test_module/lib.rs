// A crate whose tests live in their own file (`#[cfg(test)] mod tests;`): the channels made
// in tests.rs are test code, the one made here is not.
use tokio::sync::mpsc;

pub fn subscribe() -> mpsc::UnboundedReceiver<String> {
    let (tx, rx) = mpsc::unbounded_channel(); // want: unbounded_channel
    tokio::spawn(async move {
        let _ = tx.send(String::from("hello"));
    });
    rx
}

pub mod net;

#[cfg(test)]
mod tests;
