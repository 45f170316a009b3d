// Loops whose only way out is hidden in a macro.
use std::time::Duration;

use tokio::sync::mpsc;

macro_rules! or_stop {
    ($e:expr) => {
        match $e {
            Some(v) => v,
            None => return,
        }
    };
}

macro_rules! note_tick {
    ($n:expr) => {
        println!("tick {}", $n)
    };
}

pub fn start(mut rx: mpsc::Receiver<u32>) {
    // `or_stop!` returns when the channel closes
    tokio::spawn(async move {
        loop {
            let n = or_stop!(rx.recv().await);
            note_tick!(n);
        }
    });

    // `note_tick!` only prints
    tokio::spawn(async move { // want: detached_task
        let mut n = 0u64;
        loop {
            n += 1;
            note_tick!(n);
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });

    // anyhow's bail! and a macro whose name says it returns
    tokio::spawn(async move {
        loop {
            if std::env::var("STOP").is_ok() {
                anyhow::bail!("stopped");
            }
            tokio::task::yield_now().await;
        }
    });
    tokio::spawn(async move {
        loop {
            let v = std::env::var("V").ok();
            let _v = unwrap_or_return!(v);
            tokio::task::yield_now().await;
        }
    });
}
