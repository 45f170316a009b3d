// Spawns written inside macros: select! handlers, a crate's item macro, join!.
use std::time::Duration;

use tokio::sync::mpsc;

macro_rules! cfg_rt {
    ($($item:item)*) => {
        $(
            #[cfg(feature = "rt")]
            $item
        )*
    };
}

async fn beat() {
    tokio::time::sleep(Duration::from_secs(1)).await;
}

cfg_rt! {
    pub fn start_heartbeat() {
        tokio::spawn(async { // want: detached_task
            loop {
                beat().await;
            }
        });
    }

    pub fn start_once() {
        tokio::spawn(async {
            beat().await;
        });
    }
}

pub async fn dispatch(mut rx: mpsc::Receiver<u32>, mut stop: mpsc::Receiver<()>) {
    loop {
        tokio::select! {
            Some(_job) = rx.recv() => {
                tokio::spawn(async { // want: detached_task
                    loop {
                        beat().await;
                    }
                });
            }
            _ = beat() => tokio::spawn(async { // want: detached_task
                loop {
                    beat().await;
                }
            }),
            _ = stop.recv() => break,
        };
    }

    // handles that are awaited inside join!
    let (a, b) = tokio::join!(
        tokio::spawn(async {
            loop {
                beat().await;
            }
        }),
        tokio::spawn(async { beat().await })
    );
    let _ = (a, b);
}

pub async fn finite_in_select(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(job) = rx.recv() => {
                tokio::spawn(async move {
                    println!("{job}");
                });
            }
            else => break,
        }
    }
}
