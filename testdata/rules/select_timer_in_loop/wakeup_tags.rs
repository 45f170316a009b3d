// A select! that only says what woke the loop, followed by the same work whatever woke it:
// "check again when the network changes, or every `every` anyway". Restarting the timer
// after a change is what is meant (the check it would trigger has just run). Quiet.
// Twins that match on what woke them do the timer's work only when it wins, and other
// wake-ups can starve it: reported.
use std::time::Duration;
use tokio::sync::{mpsc, watch};

enum Reason {
    Changed,
    Poll,
}

async fn interface_changed() -> bool {
    false
}

pub async fn watch_interface(mut changes: watch::Receiver<()>, every: Duration) -> Reason {
    loop {
        let next_poll = tokio::time::sleep(every);
        let reason = tokio::select! {
            _ = changes.changed() => Reason::Changed,
            _ = next_poll => Reason::Poll,
        };
        if interface_changed().await {
            return reason;
        }
    }
}

enum Event {
    Message(Option<Vec<u8>>),
    Flush,
}

pub async fn batch(mut rx: mpsc::Receiver<Vec<u8>>, out: mpsc::Sender<Vec<Vec<u8>>>) {
    let mut buffer = Vec::new();
    loop {
        let event = tokio::select! {
            m = rx.recv() => Event::Message(m),
            _ = tokio::time::sleep(Duration::from_secs(30)) => Event::Flush, // want: select_timer_in_loop
        };
        match event {
            Event::Message(Some(m)) => buffer.push(m),
            Event::Message(None) => break,
            Event::Flush => {
                let _ = out.send(std::mem::take(&mut buffer)).await;
            }
        }
    }
}

// The timer's wake-up does its own work after the select!, inside an `if`: the same twin.
pub async fn heartbeat(mut rx: mpsc::Receiver<u8>, out: mpsc::Sender<u8>) {
    loop {
        let timed_out = tokio::select! {
            m = rx.recv() => {
                if m.is_none() {
                    break;
                }
                false
            }
            _ = tokio::time::sleep(Duration::from_secs(5)) => true, // want: select_timer_in_loop
        };
        if timed_out {
            let _ = out.send(0).await;
        }
    }
}

// Only a log line depends on what woke the loop: the refresh runs on every turn either way.
// Quiet. The twin refreshes more only when the timer won: other wake-ups starve that.
async fn refresh() {}
async fn full_refresh() {}

pub async fn refresh_on_change(mut changes: watch::Receiver<()>, every: Duration) {
    loop {
        let timed_out = tokio::select! {
            _ = changes.changed() => false,
            _ = tokio::time::sleep(every) => true,
        };
        if timed_out {
            tracing::debug!("no change for {every:?}, refreshing anyway");
        }
        refresh().await;
    }
}

pub async fn refresh_fully_on_timeout(mut changes: watch::Receiver<()>, every: Duration) {
    loop {
        let timed_out = tokio::select! {
            _ = changes.changed() => false,
            _ = tokio::time::sleep(every) => true, // want: select_timer_in_loop
        };
        if timed_out {
            tracing::debug!("no change for {every:?}");
            full_refresh().await;
        }
        refresh().await;
    }
}

// The timer gives `None`, and the loop reads the tag only in `if let Some(ev) = event`: that
// body handles the channel's events, and the refresh after the select! runs on every turn,
// whatever woke the loop (a poll interval or an event). Quiet. Its twin does the refresh in
// the `else`, on the timer's turns only: steady events starve it.
pub async fn poll_or_event(mut rx: tokio::sync::mpsc::Receiver<u32>, tx: tokio::sync::mpsc::Sender<u32>) {
    loop {
        let event = tokio::select! {
            v = rx.recv() => v,
            () = tokio::time::sleep(std::time::Duration::from_millis(50)) => None,
        };
        let mut level = read_level().await;
        if let Some(step) = event {
            level += step;
        }
        let _ = tx.send(level).await;
    }
}

pub async fn event_or_refresh(mut rx: tokio::sync::mpsc::Receiver<u32>, tx: tokio::sync::mpsc::Sender<u32>) {
    loop {
        let event = tokio::select! {
            v = rx.recv() => v,
            () = tokio::time::sleep(std::time::Duration::from_millis(50)) => None, // want: select_timer_in_loop
        };
        if let Some(step) = event {
            let _ = tx.send(step).await;
        } else {
            let _ = tx.send(read_level().await).await;
        }
    }
}

async fn read_level() -> u32 {
    1
}
