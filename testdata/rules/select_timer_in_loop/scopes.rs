// The loop that matters is the innermost one in the same body: an async block or closure is a
// new body, so a task spawned per iteration runs its own select! once.
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::time::sleep;

async fn accept_loop(listener: TcpListener) {
    loop {
        let (socket, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            let mut buf = [0u8; 1024];
            tokio::select! {
                n = socket.readable() => drop((n, &mut buf)),
                _ = sleep(Duration::from_secs(10)) => println!("client too slow"),
            }
        });
    }
}

async fn spawned_task_loops(listener: TcpListener) {
    loop {
        let (socket, _) = listener.accept().await.unwrap();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    r = socket.readable() => drop(r),
                    _ = sleep(Duration::from_secs(10)) => println!("idle"), // want: select_timer_in_loop@warning
                }
            }
        });
    }
}

async fn closures(mut rxs: Vec<mpsc::Receiver<u32>>) {
    for rx in rxs.iter_mut() {
        let run = |rx: &mut mpsc::Receiver<u32>| async move {
            tokio::select! {
                v = rx.recv() => v,
                _ = sleep(Duration::from_secs(1)) => None,
            }
        };
        run(rx).await;
    }
}

// The select is in a task, the task is in a loop, and the loop is in an async block: only a
// loop inside the task's own body counts.
fn nested_blocks(mut jobs: mpsc::Receiver<mpsc::Receiver<u32>>) -> impl std::future::Future<Output = ()> {
    async move {
        while let Some(mut rx) = jobs.recv().await {
            tokio::spawn(async move {
                let first = tokio::select! {
                    v = rx.recv() => v,
                    _ = sleep(Duration::from_secs(1)) => None,
                };
                drop(first);
                for _ in 0..3 {
                    tokio::select! {
                        v = rx.recv() => drop(v),
                        _ = sleep(Duration::from_secs(1)) => println!("slow"), // want: select_timer_in_loop@warning
                    }
                }
            });
        }
    }
}

// A timer inside an async block that is the branch future is still created by this select.
async fn async_block_future(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            _ = async { sleep(Duration::from_secs(1)).await } => println!("idle"), // want: select_timer_in_loop@warning
        }
    }
}
