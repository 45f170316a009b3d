pub async fn run() {
    tokio::task::yield_now().await;
}

pub async fn again() {
    // this module's `run` ends, though `reaper::run` does not
    tokio::spawn(run());
}
