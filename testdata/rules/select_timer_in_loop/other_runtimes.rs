// Timers of other runtimes and crates, and the futures::select! forms that need `.fuse()`.
use std::time::Duration;

use async_std::task;
use futures::channel::mpsc;
use futures::{select, FutureExt, StreamExt};
use futures_timer::Delay;

async fn async_std_sleep(mut rx: mpsc::Receiver<u32>) {
    loop {
        select! {
            v = rx.next() => println!("{v:?}"),
            _ = task::sleep(Duration::from_secs(1)).fuse() => println!("tick"), // want: select_timer_in_loop@warning
        }
    }
}

async fn async_std_full_path(mut rx: mpsc::Receiver<u32>) {
    loop {
        futures::select! {
            v = rx.next() => println!("{v:?}"),
            _ = async_std::task::sleep(Duration::from_secs(1)).fuse() => println!("tick"), // want: select_timer_in_loop@warning
        }
    }
}

async fn futures_timer_delay(mut rx: mpsc::Receiver<u32>) {
    loop {
        select! {
            v = rx.next() => println!("{v:?}"),
            () = Delay::new(Duration::from_secs(1)).fuse() => println!("tick"), // want: select_timer_in_loop@warning
        }
    }
}

async fn futures_timer_full_path(mut rx: mpsc::Receiver<u32>) {
    loop {
        futures::select_biased! {
            v = rx.next() => println!("{v:?}"),
            () = futures_timer::Delay::new(Duration::from_secs(1)).fuse() => println!("tick"), // want: select_timer_in_loop@warning
        }
    }
}

async fn smol_timer(mut rx: mpsc::Receiver<u32>) {
    loop {
        select! {
            v = rx.next() => println!("{v:?}"),
            _ = smol::Timer::after(Duration::from_secs(1)).fuse() => println!("tick"), // want: select_timer_in_loop@warning
        }
    }
}

// Boxing or pinning the new timer in place does not help: it is still new every iteration.
async fn boxed_in_place(mut rx: mpsc::Receiver<u32>) {
    loop {
        select! {
            v = rx.next() => println!("{v:?}"),
            _ = Box::pin(Delay::new(Duration::from_secs(1))).fuse() => println!("tick"), // want: select_timer_in_loop@warning
        }
    }
}

// Created once before the loop and fused there: quiet.
async fn fused_before_the_loop(mut rx: mpsc::Receiver<u32>) {
    let mut tick = Delay::new(Duration::from_secs(1)).fuse();
    loop {
        select! {
            v = rx.next() => println!("{v:?}"),
            _ = tick => {
                println!("tick");
                tick = Delay::new(Duration::from_secs(1)).fuse();
            }
        }
    }
}

// A user type that happens to be called Delay is not futures_timer's.
mod local {
    pub struct Backoff;
    impl Backoff {
        pub async fn wait(&self) {}
    }
}

async fn method_named_like_a_timer(mut rx: mpsc::Receiver<u32>, backoff: local::Backoff) {
    loop {
        select! {
            v = rx.next() => println!("{v:?}"),
            _ = backoff.wait().fuse() => println!("waited"),
        }
    }
}
