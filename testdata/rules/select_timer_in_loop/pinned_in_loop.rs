// Pinning does not help when the timer is still created inside the loop body.
use std::pin::pin;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{sleep, Instant};

async fn pinned_inside(mut rx: mpsc::Receiver<u32>) {
    loop {
        let timer = sleep(Duration::from_secs(5)); // want: select_timer_in_loop@warning
        tokio::pin!(timer);
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = &mut timer => println!("quiet for 5s"),
        }
    }
}

async fn pin_statement_inside(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::pin! {
            let timer = sleep(Duration::from_secs(5)); // want: select_timer_in_loop@warning
        }
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = timer.as_mut() => println!("quiet for 5s"),
        }
    }
}

async fn boxed_inside(mut rx: mpsc::Receiver<u32>) {
    while !rx.is_closed() {
        let mut timer = Box::pin(sleep(Duration::from_secs(5))); // want: select_timer_in_loop@warning
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = &mut timer => println!("quiet for 5s"),
        }
    }
}

// Quiet: one timer per connection, created in the outer loop and shared by the inner one.
async fn per_connection(mut conns: mpsc::Receiver<mpsc::Receiver<u32>>) {
    while let Some(mut rx) = conns.recv().await {
        let mut timer = pin!(sleep(Duration::from_secs(30)));
        loop {
            tokio::select! {
                Some(v) = rx.recv() => println!("{v}"),
                _ = &mut timer => break,
            }
        }
    }
}

// Quiet: created in the loop, but only after the select (for the next round).
async fn shadowed_after(mut rx: mpsc::Receiver<u32>) {
    let mut timer = Box::pin(sleep(Duration::from_secs(5)));
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = &mut timer => {
                let _again = Box::pin(sleep(Duration::from_secs(5)));
            }
        }
        let _unrelated = Instant::now();
    }
}
