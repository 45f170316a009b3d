// What becomes of the JoinHandle: thrown away in each way (flagged when the task never ends,
// and `drop(handle)` always), or kept in each way (quiet).
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

async fn tick() {
    tokio::time::sleep(Duration::from_millis(100)).await;
}

pub fn thrown_away() {
    let _ = tokio::spawn(async { // want: detached_task
        loop {
            tick().await;
        }
    });

    _ = tokio::spawn(async { // want: detached_task
        loop {
            tick().await;
        }
    });

    let _refresher = tokio::spawn(async { // want: detached_task
        loop {
            tick().await;
        }
    });

    let _: JoinHandle<()> = tokio::spawn(async { // want: detached_task
        loop {
            tick().await;
        }
    });
}

async fn tick_forever() {
    loop {
        tick().await;
    }
}

pub async fn explicit_drops() {
    // A finite task whose handle was held across a wait: the drop reads as a cancel and is
    // not one, but the task ends on its own (a note).
    let handle = tokio::spawn(async {
        tick().await;
    });
    tick().await;
    drop(handle); // want: detached_task@note

    let flush = tokio::spawn(async {
        tick().await;
    });
    tokio::time::sleep(Duration::from_secs(1)).await;
    std::mem::drop(flush); // want: detached_task@note

    // Looked at, then dropped: still only a detach.
    let probe = tokio::spawn(async { tick().await });
    if probe.is_finished() {
        return;
    }
    drop(probe); // want: detached_task@note

    // The twins: a task that never ends is never stopped by the drop.
    let ticker = tokio::spawn(async {
        loop {
            tick().await;
        }
    });
    tick().await;
    drop(ticker); // want: detached_task@warning
    let forever = tokio::spawn(tick_forever());
    tick().await;
    drop(forever); // want: detached_task@warning

    // Aborted, then dropped: that does stop it.
    let poller = tokio::spawn(async {
        loop {
            tick().await;
        }
    });
    poller.abort();
    drop(poller);
}

pub fn dropped_at_once() {
    // Dropping the handle of a task just spawned is a detach written out, not a cancel: a
    // finite task is fire and forget.
    drop(tokio::spawn(async { tick().await }));
    let cleanup = tokio::spawn(async { tick().await });
    drop(cleanup);

    // The same detach of a task that never ends.
    drop(tokio::spawn(async { // want: detached_task
        loop {
            tick().await;
        }
    }));
    let pump = tokio::spawn(async { // want: detached_task
        loop {
            tick().await;
        }
    });
    drop(pump);
}

pub struct Connection {
    id: u64,
}

impl Drop for Connection {
    fn drop(&mut self) {
        // Async cleanup from `Drop`: the task is finite, detaching it is the point.
        let id = self.id;
        drop(tokio::spawn(async move {
            tick().await;
            println!("closed {id}");
        }));
    }
}

pub struct Worker {
    task: Option<JoinHandle<()>>,
    tasks: Vec<JoinHandle<()>>,
}

fn watch(handle: JoinHandle<()>) -> JoinHandle<()> {
    handle
}

impl Worker {
    pub async fn kept(&mut self) -> JoinHandle<()> {
        // awaited
        tokio::spawn(async { tick().await }).await.unwrap();
        let h = tokio::spawn(async {
            loop {
                tick().await;
            }
        });
        let _ = h.await;

        // a finite task thrown away: fire and forget
        let _ = tokio::spawn(async { tick().await });
        let _flush = tokio::spawn(async {
            tick().await;
        });
        tokio::spawn(async move {
            tick().await;
        });

        // aborted later
        let _ticker = tokio::spawn(async {
            loop {
                tick().await;
            }
        });
        tick().await;
        _ticker.abort();

        // stored in a struct field and a Vec: the field `task` is never read again, the Vec
        // only by `is_empty()`, which stops nothing, and `Worker` has no Drop, so nothing
        // stops either task
        self.task = Some(tokio::spawn(async { // want: detached_task@warning
            loop {
                tick().await;
            }
        }));
        self.tasks.push(tokio::spawn(async { // want: detached_task@warning
            loop {
                tick().await;
            }
        }));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                tokio::spawn(async {
                    loop {
                        tick().await;
                    }
                })
            })
            .collect();
        drop(handles);

        // passed to a function
        let watched = watch(tokio::spawn(async {
            loop {
                tick().await;
            }
        }));
        watched.abort();
        let abort = tokio::spawn(async {
            loop {
                tick().await;
            }
        })
        .abort_handle();
        abort.abort();
        let remote = tokio::spawn(async {
            loop {
                tick().await;
            }
        });
        let remote_abort = remote.abort_handle();
        drop(remote);
        remote_abort.abort();

        // returned
        if self.tasks.is_empty() {
            return tokio::spawn(async {
                loop {
                    tick().await;
                }
            });
        }
        tokio::spawn(async {
            loop {
                tick().await;
            }
        })
    }
}

pub fn spawn_background() -> JoinHandle<()> {
    let handle = tokio::spawn(async {
        loop {
            tick().await;
        }
    });
    handle
}

pub async fn selected(mut rx: mpsc::Receiver<u8>) {
    let mut task = tokio::spawn(async {
        loop {
            tick().await;
        }
    });
    tokio::select! {
        _ = &mut task => {}
        _ = rx.recv() => task.abort(),
    }
}
