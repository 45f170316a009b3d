use std::time::Duration;

pub async fn run() -> Result<(), String> {
    tokio::spawn(collect()); // want: detached_task@note (start-up only: called from `init`)
    Ok(())
}

async fn collect() {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        println!("gc");
    }
}
