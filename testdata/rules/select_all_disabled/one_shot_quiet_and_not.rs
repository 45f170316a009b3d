// A select! that runs once panics too when all its branches are disabled at that moment.
use tokio::sync::{mpsc, oneshot};

async fn handle(_v: u32) {}

pub async fn first_message(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) -> u32 {
    let v = tokio::select! { // want: select_all_disabled
        Some(v) = a.recv() => v,
        Some(v) = b.recv() => v,
    };
    handle(v).await;
    v
}

pub async fn first_message_else(mut a: mpsc::Receiver<u32>, mut b: mpsc::Receiver<u32>) -> Option<u32> {
    let v = tokio::select! {
        Some(v) = a.recv() => v,
        Some(v) = b.recv() => v,
        else => return None,
    };
    Some(v)
}

pub async fn either_reply(a: oneshot::Receiver<u32>, b: oneshot::Receiver<u32>) {
    tokio::select! { // want: select_all_disabled
        Ok(v) = a => handle(v).await,
        Ok(v) = b => handle(v).await,
    }
}

// Irrefutable: the value is looked at in the handler.
pub async fn reply_or_closed(a: oneshot::Receiver<u32>, mut b: mpsc::Receiver<u32>) {
    tokio::select! {
        r = a => drop(r),
        Some(v) = b.recv() => handle(v).await,
    }
}

// In a test, the panic fails the test, which is what it should do.
#[tokio::test]
async fn test_first_message() {
    let (_tx, mut rx) = mpsc::channel::<u32>(1);
    tokio::select! {
        Some(v) = rx.recv() => handle(v).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn helper(mut rx: mpsc::Receiver<u32>) {
        loop {
            tokio::select! {
                Some(v) = rx.recv() => handle(v).await,
            }
        }
    }
}
