use std::time::Duration;

fn watch(name: String) {
    tokio::spawn(async move { // want: detached_task@warning
        loop {
            println!("checking {name}");
            tokio::time::sleep(Duration::from_millis(120)).await;
        }
    });
}

pub async fn watch_all(mut actors: tokio::sync::mpsc::Receiver<String>) {
    while let Some(a) = actors.recv().await {
        watch(a);
    }
}
