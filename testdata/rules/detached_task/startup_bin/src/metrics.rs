use std::time::Duration;

/// Reached from `main`, but also from every connection's handler.
pub fn start_collector(every: Duration) {
    tokio::spawn(async move { // want: detached_task@warning
        loop {
            tokio::time::sleep(every).await;
            println!("collect");
        }
    });
}
