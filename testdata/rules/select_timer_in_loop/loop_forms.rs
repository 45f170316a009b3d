// while let, for, while conditions, labels, and loops inside item macros.
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{sleep, timeout};

macro_rules! cfg_rt {
    ($($item:item)*) => { $( #[cfg(feature = "rt")] $item )* }
}

async fn while_let(mut jobs: mpsc::Receiver<u32>, mut progress: mpsc::Receiver<u32>) {
    while let Some(job) = jobs.recv().await {
        tokio::select! {
            Some(p) = progress.recv() => println!("{job}: {p}"),
            _ = sleep(Duration::from_secs(1)) => println!("{job}: slow"), // want: select_timer_in_loop@warning
        }
    }
}

async fn for_loop(names: Vec<String>, mut progress: mpsc::Receiver<u32>) {
    for name in names {
        tokio::select! {
            Some(p) = progress.recv() => println!("{name}: {p}"),
            _ = sleep(Duration::from_secs(1)) => println!("{name}: slow"), // want: select_timer_in_loop@warning
        }
    }
}

// The condition of a while loop is evaluated on every iteration too.
async fn in_while_condition(mut rx: mpsc::Receiver<u32>) {
    while let Some(v) = tokio::select! {
        v = rx.recv() => v,
        _ = sleep(Duration::from_secs(1)) => None, // want: select_timer_in_loop@warning
    } {
        println!("{v}");
    }
}

// A for loop's iterator is evaluated once: not a loop around the select.
async fn in_for_iterator(mut rx: mpsc::Receiver<Vec<u32>>) {
    for v in tokio::select! {
        v = rx.recv() => v.unwrap_or_default(),
        _ = sleep(Duration::from_secs(1)) => Vec::new(),
    } {
        println!("{v}");
    }
}

async fn labelled(mut rx: mpsc::Receiver<u32>) {
    'recv: loop {
        tokio::select! {
            Some(v) = rx.recv() => {
                if v == 0 {
                    continue 'recv;
                }
                println!("{v}");
            }
            _ = sleep(Duration::from_secs(1)) => break 'recv, // want: select_timer_in_loop@note
        }
    }
}

async fn labelled_continue_same_loop(mut rx: mpsc::Receiver<u32>) {
    'recv: loop {
        tokio::select! {
            _ = rx.recv() => continue 'recv,
            _ = sleep(Duration::from_secs(1)) => break, // want: select_timer_in_loop@note
        }
    }
}

cfg_rt! {
    pub async fn in_item_macro(mut rx: mpsc::Receiver<u32>) {
        loop {
            tokio::select! {
                Some(v) = rx.recv() => println!("{v}"),
                _ = sleep(Duration::from_secs(1)) => println!("idle"), // want: select_timer_in_loop@warning
            }
        }
    }

    pub async fn in_item_macro_quiet(mut shutdown: mpsc::Receiver<()>) {
        loop {
            tokio::select! {
                _ = shutdown.recv() => return,
                _ = sleep(Duration::from_secs(1)) => println!("tick"),
            }
        }
    }
}

async fn in_statement_macro(mut rx: mpsc::Receiver<u32>) {
    cfg_rt_stmt! {
        loop {
            tokio::select! {
                Some(v) = rx.recv() => println!("{v}"),
                r = timeout(Duration::from_secs(1), rx.recv()) => drop(r), // want: select_timer_in_loop@note
            }
        }
    }
}

async fn scan_peers() {}

// The branch is an async block that works and then sleeps: it completes only once its
// timer fired, and the only other branch ends the loop. Nothing restarts the timer. Quiet.
pub async fn scan_then_sleep(token: tokio_util::sync::CancellationToken) {
    loop {
        tokio::select! {
            () = token.cancelled() => break,
            () = async {
                scan_peers().await;
                tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            } => {}
        }
    }
}

// Its twin: a message branch that goes on restarts the block, sleep and all.
pub async fn scan_then_sleep_or_message(token: tokio_util::sync::CancellationToken, mut rx: tokio::sync::mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            () = token.cancelled() => break,
            Some(v) = rx.recv() => println!("{v}"),
            () = async {
                scan_peers().await;
                tokio::time::sleep(std::time::Duration::from_secs(30)).await; // want: select_timer_in_loop
            } => {}
        }
    }
}
