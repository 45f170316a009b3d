// The lock types live in state.rs: nothing in this file names a lock.
use crate::state::{AsyncShared, Conn, PlShared, Shared};

pub async fn index_guard(conn: &Conn) {
    let ids = conn.index.read(); // want: lock_across_await
    crate::flush().await;
    drop(ids);
}

pub async fn names_guard(conn: &Conn) {
    let names = conn.names.read().unwrap(); // want: lock_across_await
    crate::flush().await;
    drop(names);
}

pub async fn aliased(shared: Shared, pl: PlShared, a: AsyncShared) {
    let g = shared.lock().unwrap(); // want: lock_across_await
    crate::flush().await;
    drop(g);
    let h = pl.lock(); // want: lock_across_await
    crate::flush().await;
    drop(h);
    let i = a.lock().await;
    crate::flush().await;
    drop(i);
}
