// edition: 2024
// Selects reached through other macros, and async closures (a new body, like async blocks).
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::sleep;

async fn inside_cfg_if(mut rx: mpsc::Receiver<u32>) {
    cfg_if::cfg_if! {
        if #[cfg(feature = "heartbeat")] {
            loop {
                tokio::select! {
                    biased;
                    Some(v) = rx.recv() => println!("{v}"),
                    _ = sleep(Duration::from_secs(5)) => println!("ping"), // want: select_timer_in_loop@warning
                }
            }
        } else {
            while let Some(v) = rx.recv().await {
                println!("{v}");
            }
        }
    }
}

// Each round joins two tasks that each wait once: no select runs twice.
async fn join_per_round(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    loop {
        let (x, y) = tokio::join!(
            async {
                tokio::select! {
                    v = a.recv() => v,
                    _ = sleep(Duration::from_secs(1)) => None,
                }
            },
            async {
                tokio::select! {
                    v = b.recv() => v,
                    _ = sleep(Duration::from_secs(1)) => None,
                }
            },
        );
        if x.is_none() && y.is_none() {
            break;
        }
    }
}

async fn async_closures(mut rxs: Vec<mpsc::Receiver<u32>>) {
    let wait_once = async |rx: &mut mpsc::Receiver<u32>| {
        tokio::select! {
            v = rx.recv() => v,
            _ = sleep(Duration::from_secs(1)) => None,
        }
    };
    let drain = async |rx: &mut mpsc::Receiver<u32>| {
        loop {
            tokio::select! {
                Some(v) = rx.recv() => println!("{v}"),
                _ = sleep(Duration::from_secs(1)) => println!("idle"), // want: select_timer_in_loop@warning
            }
        }
    };
    for rx in rxs.iter_mut() {
        wait_once(rx).await;
        drain(rx).await;
    }
}
