// The fixes the rule suggests, and timers that are not restarted: all quiet.
use std::pin::pin;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::time::{self, interval, sleep, Instant};

async fn pinned_sleep(mut rx: mpsc::Receiver<u32>) {
    let sleep = sleep(Duration::from_secs(5));
    tokio::pin!(sleep);
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = &mut sleep => {
                println!("five seconds passed");
                sleep.as_mut().reset(Instant::now() + Duration::from_secs(5));
            }
        }
    }
}

async fn pinned_with_statement_form(mut rx: mpsc::Receiver<u32>) {
    tokio::pin! {
        let deadline = time::sleep(Duration::from_secs(5));
    }
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = deadline.as_mut() => break,
        }
    }
}

async fn boxed_before_loop(mut rx: mpsc::Receiver<u32>) {
    let mut s = Box::pin(sleep(Duration::from_secs(5)));
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = &mut s => break,
        }
    }
}

async fn std_pin_before_loop(mut rx: mpsc::Receiver<u32>) {
    let mut s = pin!(sleep(Duration::from_secs(5)));
    while let Some(v) = rx.recv().await {
        tokio::select! {
            _ = process(v) => {}
            _ = s.as_mut() => break,
        }
    }
}

async fn interval_tick(mut rx: mpsc::Receiver<u32>) {
    let mut ticker = interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = ticker.tick() => println!("tick"),
        }
    }
}

// Not in a loop: a one-off timeout.
async fn select_outside_loop(rx: oneshot::Receiver<u32>) -> Option<u32> {
    tokio::select! {
        v = rx => v.ok(),
        _ = sleep(Duration::from_secs(1)) => None,
    }
}

// A periodic job with a shutdown signal: the other branch leaves the loop, so the timer is
// only ever re-created after it fired.
async fn periodic_until_shutdown(mut shutdown: oneshot::Receiver<()>) {
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            _ = sleep(Duration::from_secs(60)) => cleanup(),
        }
    }
}

async fn periodic_until_done(fut: impl std::future::Future<Output = u32>) -> u32 {
    let mut fut = pin!(fut);
    loop {
        tokio::select! {
            v = &mut fut => return v,
            _ = time::sleep(Duration::from_secs(15)) => {
                eprintln!("still waiting...");
            }
        }
    }
}

// Every other branch ends in return, panic or a labelled continue of the outer loop.
async fn others_all_leave(mut conns: mpsc::Receiver<u32>, mut rx: mpsc::Receiver<u32>) {
    'outer: loop {
        let id = match conns.recv().await {
            Some(id) => id,
            None => return,
        };
        loop {
            tokio::select! {
                msg = rx.recv() => match msg {
                    Some(0) => continue 'outer,
                    Some(v) => panic!("unexpected {v} for {id}"),
                    None => return,
                },
                _ = sleep(Duration::from_millis(100)) => {
                    println!("polling {id}");
                }
                else => {
                    println!("no branch left");
                }
            }
        }
    }
}

// A test that waits a bounded time for something that must not happen.
async fn no_message_expected(mut rx: mpsc::Receiver<u32>) {
    for _ in 0..5 {
        tokio::select! {
            _ = rx.recv() => panic!("unexpected message"),
            _ = sleep(Duration::from_millis(10)) => {}
        }
    }
}

async fn process(_v: u32) {}
fn cleanup() {}
