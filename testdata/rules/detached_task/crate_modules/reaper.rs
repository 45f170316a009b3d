use std::time::Duration;

pub async fn run() {
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        sweep();
    }
}

fn sweep() {}

pub async fn restart() {
    // a bare `run()` is this module's own
    tokio::spawn(run()); // want: detached_task
}

pub async fn watch() {
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}
