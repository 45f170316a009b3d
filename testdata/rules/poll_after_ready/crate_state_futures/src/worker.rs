use tokio::sync::mpsc;

use crate::batch::{Batch, Reply};

pub async fn refresh(mut rx: mpsc::Receiver<u64>) {
    let mut batch = Batch::idle();
    loop {
        tokio::select! {
            total = &mut batch => println!("batch done: {total}"),
            msg = rx.recv() => match msg {
                Some(n) => batch.start(n),
                None => break,
            },
        }
    }
}

pub async fn answer(mut rx: mpsc::Receiver<u64>) {
    let mut reply = Reply::new(7);
    loop {
        tokio::select! {
            v = &mut reply => println!("reply {v}"), // want: poll_after_ready
            msg = rx.recv() => match msg {
                Some(n) => println!("message {n}"),
                None => break,
            },
        }
    }
}
