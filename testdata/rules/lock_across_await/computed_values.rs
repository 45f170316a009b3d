// `.lock()` on a value an awaited call computed: the types live in other files. A lockfile
// resolution's `lock()` returns the lockfile, not a guard, and nothing in this file says
// the value is a lock.
async fn check(op: Operation) {
    let result = match op.execute().await {
        Ok(result) => result,
        Err(_) => return,
    };
    match install(result.lock().build_constraints()).await {
        Ok(()) => {}
        Err(_) => {}
    }
    let direct = op.execute().await?;
    match install(direct.lock().build_constraints()).await {
        Ok(()) => {}
        Err(_) => {}
    }
}

// The harmful twin: a value that a plain call returned (a shared state handle, perhaps a
// parking_lot mutex) used as a guard across the `.await` is still reported.
async fn flush(registry: &Registry) {
    let state = registry.shared_state();
    match install(state.lock().pending()).await { // want: lock_across_await
        Ok(()) => {}
        Err(_) => {}
    }
}
