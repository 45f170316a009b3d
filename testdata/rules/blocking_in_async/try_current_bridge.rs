// A sync bridge: async code that may be driven by a Tokio runtime or by a plain executor
// (pollster) asks `Handle::try_current()`, awaits the work when a runtime is current, and
// builds a runtime of its own only when none is. The runtime is then never made or blocked
// on inside one: quiet. Blocking on the current runtime's handle is the harmful twin.
use tokio::runtime::{Builder, Handle};

async fn query() -> u32 {
    7
}

pub async fn bridged() -> std::io::Result<u32> {
    match Handle::try_current() {
        Ok(_) => Ok(query().await),
        Err(_) => {
            let rt = Builder::new_current_thread().enable_all().build()?;
            Ok(rt.block_on(query()))
        }
    }
}

pub async fn bridged_if_let() -> u32 {
    if let Ok(_h) = Handle::try_current() {
        query().await
    } else {
        let rt = Builder::new_current_thread().build().unwrap();
        rt.block_on(query())
    }
}

pub async fn bridged_is_err() -> u32 {
    if Handle::try_current().is_err() {
        let rt = Builder::new_current_thread().build().unwrap();
        return rt.block_on(query());
    }
    query().await
}

pub async fn on_the_current(h: Handle) -> u32 {
    match Handle::try_current() {
        Ok(cur) => cur.block_on(query()), // want: blocking_in_async
        Err(_) => h.block_on(query()),
    }
}
