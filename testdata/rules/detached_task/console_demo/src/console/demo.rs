use std::time::Duration;

fn drive(name: String) {
    tokio::spawn(async move { // want: detached_task@note
        loop {
            println!("load for {name}");
            tokio::time::sleep(Duration::from_millis(120)).await;
        }
    });
}

pub async fn run_demo(actors: Vec<String>) {
    for a in actors {
        drive(a);
    }
}
