use std::time::Duration;

pub async fn watch() {
    let ticker = tokio::spawn(tick());
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).unwrap(); // want: blocking_in_async@warning
    ticker.abort();
}

pub async fn tail() {
    start_ticker().await;
    std::thread::sleep(Duration::from_secs(1)); // want: blocking_in_async@warning
}

async fn start_ticker() {
    tokio::spawn(tick());
}

async fn tick() {
    loop {
        tokio::time::sleep(Duration::from_millis(100)).await;
        println!("tick");
    }
}

// A runtime of its own whose future spawns a task first: the task shares the thread.
pub fn replay() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        tokio::spawn(tick());
        replay_log().await;
    });
}

async fn replay_log() {
    let log = std::fs::read_to_string("replay.log").unwrap_or_default(); // want: blocking_in_async@warning
    drop(log);
}
