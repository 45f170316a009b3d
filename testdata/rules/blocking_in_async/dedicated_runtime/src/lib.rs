// A library that runs its bridge on a thread of its own, on a current-thread runtime built
// for that job: nothing else shares that thread. A `pub async fn` that other packages can
// call stays a warning: it may run on their executors.
mod bridge;
pub mod keys;

pub fn start_bridge() -> std::thread::JoinHandle<()> {
    std::thread::spawn(|| {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            bridge::run().await;
        });
    })
}

pub async fn fetch_config() -> String {
    std::fs::read_to_string("relay.toml").unwrap_or_default() // want: blocking_in_async@warning
}
