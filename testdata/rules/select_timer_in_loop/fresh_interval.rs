// An `Interval` made on every turn of the loop: its first tick completes at once, so the
// tick branch is ready immediately on every turn and paces nothing.
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{self, interval};

async fn send_bundle() {}

pub async fn full_path(mut blocks: mpsc::Receiver<u64>) {
    loop {
        let mut timer = tokio::time::interval(Duration::from_millis(500));
        tokio::select! {
            Some(b) = blocks.recv() => println!("block {b}"),
            _ = timer.tick() => {} // want: select_timer_in_loop
        }
        send_bundle().await;
    }
}

pub async fn imported(mut blocks: mpsc::Receiver<u64>) {
    while let Some(b) = blocks.recv().await {
        let mut every = interval(Duration::from_secs(1));
        let mut module_form = time::interval(Duration::from_secs(2));
        tokio::select! {
            _ = every.tick() => println!("after {b}"), // want: select_timer_in_loop
            _ = module_form.tick() => println!("after {b}"), // want: select_timer_in_loop
        }
    }
}

// Quiet: made once, before the loop; the loop resets it after its work.
pub async fn before_the_loop(mut blocks: mpsc::Receiver<u64>) {
    let mut timer = interval(Duration::from_millis(500));
    loop {
        tokio::select! {
            Some(b) = blocks.recv() => println!("block {b}"),
            _ = timer.tick() => {}
        }
        send_bundle().await;
        timer.reset();
    }
}

// Quiet here: the first tick is awaited before the select, so the next one comes a period
// later (a timer restarted each turn, which is the restart check's business, not this one).
pub async fn first_tick_taken(mut blocks: mpsc::Receiver<u64>) {
    loop {
        let mut timer = interval(Duration::from_millis(500));
        timer.tick().await;
        tokio::select! {
            Some(b) = blocks.recv() => println!("block {b}"),
            _ = timer.tick() => {}
        }
    }
}

// Quiet: a type of the crate's own with a `tick` method, made by a fn of its own.
struct Pacer {
    left: u32,
}

impl Pacer {
    async fn tick(&mut self) {
        self.left = self.left.saturating_sub(1);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn pacer() -> Pacer {
    Pacer { left: 3 }
}

pub async fn own_pacer(mut blocks: mpsc::Receiver<u64>) {
    loop {
        let mut p = pacer();
        tokio::select! {
            Some(b) = blocks.recv() => println!("block {b}"),
            _ = p.tick() => {}
        }
    }
}
