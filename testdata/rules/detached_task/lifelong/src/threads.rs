// A closure handed to `std::thread::spawn` (or a thread builder's `spawn`, `spawn_blocking`)
// runs once: a node started on a runtime of its own thread spawns its housekeeping once per
// start, and the runtime it is spawned on ends with that thread. A note.
use std::time::Duration;

fn start_housekeeping() {
    tokio::spawn(async { // want: detached_task@note
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
    });
}

pub fn run_node() -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
        rt.block_on(async {
            start_housekeeping();
            tokio::signal::ctrl_c().await.ok();
        });
    })
}

// Twin: a closure an iterator runs per peer starts one prober per peer, each forever.
fn start_prober(peer: String) {
    tokio::spawn(async move { // want: detached_task@warning
        loop {
            tokio::time::sleep(Duration::from_secs(5)).await;
            println!("probe {peer}");
        }
    });
}

pub fn probe_all(peers: Vec<String>) {
    peers.into_iter().for_each(|p| start_prober(p));
}
