// A timer raced against an operation started in the same iteration is that operation's own
// timeout: restarting it for the next operation is the point. Quiet.
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{sleep, timeout};
use tokio_util::sync::CancellationToken;

struct Client;
impl Client {
    fn delete(&self, _key: &str) -> impl std::future::Future<Output = Result<(), String>> {
        async { Ok(()) }
    }
}

async fn delete_all(client: &Client, keys: &[String], cancel: CancellationToken) -> Result<(), String> {
    for key in keys {
        let req = client.delete(key);
        let res = tokio::select! {
            res = req => res,
            _ = sleep(Duration::from_secs(30)) => return Err("timed out".into()),
            _ = cancel.cancelled() => return Err("cancelled".into()),
        };
        res?;
    }
    Ok(())
}

async fn delete_pinned(client: &Client, keys: &[String], cancel: CancellationToken) -> Result<(), String> {
    let mut i = 0;
    while i < keys.len() {
        let req = client.delete(&keys[i]);
        tokio::pin!(req);
        tokio::select! {
            res = &mut req => res?,
            _ = sleep(Duration::from_secs(30)) => return Err("timed out".into()),
        }
        i += 1;
    }
    Ok(())
}

async fn timeout_of_local(client: &Client, keys: &[String], mut stop: mpsc::Receiver<()>) -> Result<(), String> {
    for key in keys {
        let req = client.delete(key);
        tokio::select! {
            res = timeout(Duration::from_secs(30), req) => res.map_err(|_| "timed out".to_string())??,
            _ = stop.recv() => return Ok(()),
        }
    }
    Ok(())
}

// Inline, the operation looks like any other event source; the timer is flagged, as a note:
// its handler leaves (a timeout, not periodic work).
async fn delete_inline(client: &Client, keys: &[String]) -> Result<(), String> {
    for key in keys {
        tokio::select! {
            res = client.delete(key) => res?,
            _ = sleep(Duration::from_secs(30)) => return Err("timed out".into()), // want: select_timer_in_loop@note
        }
    }
    Ok(())
}

// A local that was made before the loop is not this iteration's operation.
async fn shared_receiver(mut rx: mpsc::Receiver<u32>) {
    let events = &mut rx;
    loop {
        tokio::select! {
            Some(v) = events.recv() => println!("{v}"),
            _ = sleep(Duration::from_secs(5)) => println!("heartbeat"), // want: select_timer_in_loop@warning
        }
    }
}

// A `?` on the select makes an `Err(..)` branch return, and a cancelled token or a future
// polled by reference completes once: none of them keeps the timer from firing.
async fn list_pages(client: &Client, pages: &[String], cancel: CancellationToken) -> Result<(), String> {
    for page in pages {
        let started = std::time::Instant::now();
        tokio::select! {
            res = client.delete(page) => res?,
            _ = sleep(Duration::from_secs(5)) => Err("slow page".to_string())?,
            _ = cancel.cancelled() => Err("cancelled".to_string()),
        }?;
        drop(started);
    }
    Ok(())
}

async fn once_only_branches(mut rx: mpsc::Receiver<u32>, mut done: tokio::sync::oneshot::Receiver<()>, cancel: CancellationToken) {
    loop {
        tokio::select! {
            _ = cancel.cancelled() => println!("cancelled"),
            _ = &mut done => println!("done"),
            _ = sleep(Duration::from_secs(5)) => {
                if rx.try_recv().is_err() {
                    return;
                }
            }
        }
    }
}

// ... unless the handler puts a new future in its place.
async fn replaced_future(mut rx: mpsc::Receiver<u32>) {
    let mut next = Box::pin(rx.recv());
    loop {
        tokio::select! {
            v = &mut next => {
                println!("{v:?}");
                next = Box::pin(rx.recv());
            }
            _ = sleep(Duration::from_secs(5)) => println!("heartbeat"), // want: select_timer_in_loop@warning
        }
    }
}

// A select used as a value that hands on the output of one operation is that operation with
// a timeout; an event source (`recv`, `next`, `accept` ..) stays an event loop.
async fn health_checks(client: &Client) -> Result<(), String> {
    loop {
        sleep(Duration::from_secs(10)).await;
        let resp = tokio::select! {
            res = client.delete("probe") => res,
            _ = sleep(Duration::from_secs(1)) => {
                println!("probe timed out");
                continue;
            }
        };
        resp?;
    }
}

async fn value_from_event_source(mut rx: mpsc::Receiver<u32>) {
    loop {
        let got = tokio::select! {
            v = rx.recv() => v,
            _ = sleep(Duration::from_secs(5)) => None, // want: select_timer_in_loop@warning
        };
        match got {
            Some(v) => println!("{v}"),
            None => println!("idle"),
        }
    }
}
