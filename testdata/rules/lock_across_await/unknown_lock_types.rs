// The lock types live in another file. A bare `.lock()` that is awaited, raced, joined,
// pinned or handed to a helper is an async lock's future, not a guard; one that is
// dereferenced, has a field read or a method called, or is bound and used, is a guard
// (parking_lot style).
use std::time::Duration;

async fn raced(shared: &Shared, mut rx: Receiver) {
    tokio::select! {
        mut g = shared.state.lock() => {
            g.bump();
            flush().await;
        }
        _ = rx.recv() => {}
    }
}

async fn joined(shared: &Shared) {
    let (mut a, mut b) = tokio::join!(shared.state.lock(), shared.other.lock());
    a.bump();
    b.bump();
    flush().await;
}

async fn with_timeout(shared: &Shared) {
    if let Ok(mut g) = tokio::time::timeout(Duration::from_secs(1), shared.state.lock()).await {
        g.bump();
        flush().await;
    }
}

async fn pinned(shared: &Shared) {
    let fut = shared.state.lock();
    tokio::pin!(fut);
    let mut g = (&mut fut).await;
    g.bump();
    flush().await;
}

async fn combinator(shared: &Shared) {
    let n = shared.state.lock().then(|g| async move { g.count() }).await;
    report(n).await;
}

async fn guard_like_binding(shared: &Shared) {
    let mut s = shared.state.lock(); // want: lock_across_await
    s.bump();
    flush().await;
}

async fn guard_like_temporary(shared: &Shared) {
    match shared.state.lock().count() { // want: lock_across_await
        0 => flush().await,
        _ => {}
    }
}

async fn guard_like_statement(shared: &Shared) {
    shared.state.lock().bump();
    flush().await;
}

async fn flush() {}
async fn report(_n: u64) {}
