use std::time::Duration;

pub fn start() {
    tokio::spawn(async move { // want: detached_task@note (start-up only: called from `init`)
        loop {
            tokio::time::sleep(Duration::from_secs(10)).await;
            println!("stats");
        }
    });
}
