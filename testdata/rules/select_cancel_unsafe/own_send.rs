// A type of the crate with its own `send` method is no channel: `send` is judged by its
// body, like any fn of the crate, not by its name. This `Outbox::send` queues the message
// in memory and wakes a writer: nothing is lost when the select! drops it.
use std::collections::VecDeque;
use tokio::sync::{mpsc, Notify};

pub struct Outbox {
    queue: VecDeque<Vec<u8>>,
    wake: Notify,
}

impl Outbox {
    pub async fn send(&mut self, frame: Vec<u8>) -> usize {
        self.queue.push_back(frame);
        self.wake.notify_one();
        self.queue.len()
    }
}

pub async fn pump(mut outbox: Outbox, mut input: mpsc::Receiver<Vec<u8>>, mut stop: mpsc::Receiver<()>) {
    let mut pending = Vec::new();
    loop {
        tokio::select! {
            _ = outbox.send(std::mem::take(&mut pending)) => {}
            Some(frame) = input.recv() => pending = frame,
            _ = stop.recv() => break,
        }
    }
}

// The harmful twin: a bounded channel's send owns the frame and drops it when cancelled.
pub async fn pump_channel(out: mpsc::Sender<Vec<u8>>, mut input: mpsc::Receiver<Vec<u8>>, mut stop: mpsc::Receiver<()>) {
    let mut pending = Vec::new();
    loop {
        tokio::select! {
            _ = out.send(std::mem::take(&mut pending)) => {} // want: select_cancel_unsafe
            Some(frame) = input.recv() => pending = frame,
            _ = stop.recv() => break,
        }
    }
}
