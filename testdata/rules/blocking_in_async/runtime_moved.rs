// A runtime made in async code and moved, by value, to a new owner: a store that keeps its own
// file-I/O runtime, a wrapper whose `Drop` shuts it down inside `block_in_place`, the caller.
// The owner decides where it is dropped, so a panic here is no longer certain: a note. Kept
// here (used by reference, wrapped in a local `Some`, dropped explicitly), it stays an error.
use std::sync::Arc;
use tokio::runtime::{Builder, Runtime};

pub struct IoRuntime(Option<Runtime>);

impl From<Runtime> for IoRuntime {
    fn from(rt: Runtime) -> Self {
        IoRuntime(Some(rt))
    }
}

impl Drop for IoRuntime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            tokio::task::block_in_place(move || drop(rt));
        }
    }
}

pub struct Store {
    rt: IoRuntime,
    name: String,
}

async fn open_files(rt: IoRuntime) -> Store {
    Store { rt, name: "files".into() }
}

pub async fn converted() -> std::io::Result<Store> {
    let rt = Builder::new_multi_thread().enable_time().build()?; // want: blocking_in_async@note
    let handle = rt.handle().clone();
    let store = handle.spawn(open_files(rt.into())).await?;
    Ok(store)
}

pub async fn into_a_field() -> std::io::Result<Store> {
    let rt = Builder::new_current_thread().build()?; // want: blocking_in_async@note
    Ok(Store { rt: IoRuntime::from(rt), name: String::new() })
}

pub async fn returned() -> std::io::Result<Arc<Runtime>> {
    let rt = Arc::new(Builder::new_current_thread().build()?); // want: blocking_in_async@note
    rt.spawn(async {});
    Ok(rt)
}

pub async fn built_in_place() -> Store {
    let rt = IoRuntime::from(Builder::new_current_thread().build().unwrap()); // want: blocking_in_async@note
    Store { rt, name: String::new() }
}

// Twins that keep the runtime here: each is dropped at the end of the async fn, and panics.
pub async fn lent(counter: &mut u32) {
    let rt = Builder::new_current_thread().build().unwrap(); // want: blocking_in_async@error
    count_workers(&rt, counter);
}

pub async fn wrapped_locally() {
    let rt = Builder::new_current_thread().build().unwrap(); // want: blocking_in_async@error
    let kept = Some(rt);
    let _ = kept.is_some();
}

pub async fn dropped_by_hand() {
    let rt = Builder::new_current_thread().build().unwrap(); // want: blocking_in_async@error
    drop(rt);
}

fn count_workers(rt: &Runtime, counter: &mut u32) {
    *counter += rt.metrics().num_workers() as u32;
}
