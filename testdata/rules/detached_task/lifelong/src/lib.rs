// A task that loops forever and whose handle is dropped is a warning only where something
// shows it should stop: it is spawned again (in a loop, per connection), or the value that
// spawns it can end (a stop method, an `impl Drop`). Spawned once, with nothing to end it
// with, it is a task meant to live as long as the process: a note.
use std::time::Duration;

pub mod cells;
pub mod names;
pub mod service;
pub mod threads;
pub mod foreign;
pub mod retry;
pub mod retry_ctor;
pub mod handlers;
pub mod latch;
pub mod users;
pub mod globals;
pub mod singleton;
pub mod per_item;

pub struct Extension {
    pub name: String,
}

impl Extension {
    // A library's entry point, called once by the application: no caller in sight runs it
    // again, and an Extension has no way to stop.
    pub fn register(self) {
        tokio::spawn(async move { // want: detached_task@note
            loop {
                tokio::time::sleep(Duration::from_secs(5)).await;
                println!("{} alive", self.name);
            }
        });
    }
}

// A metrics submitter spawned once by a start-up fn of the package.
pub fn spawn_submitter() {
    tokio::spawn(submit_forever()); // want: detached_task@note
}

async fn submit_forever() {
    loop {
        tokio::time::sleep(Duration::from_secs(10)).await;
    }
}

pub async fn start(config: &str) {
    let _ = config;
    spawn_submitter();
}

// Twin: one watcher per path received, each spawned by a call in a loop that runs per
// message (a loop over a fixed collection starts one per element: per_item.rs).
fn watch(path: String) {
    tokio::spawn(async move { // want: detached_task@warning
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let _ = std::path::Path::new(&path).exists();
        }
    });
}

pub async fn watch_all(mut paths: tokio::sync::mpsc::Receiver<String>) {
    while let Some(p) = paths.recv().await {
        watch(p);
    }
}

// Twin: a heartbeat per connection, spawned from the per-connection task.
pub async fn serve(listener: tokio::net::TcpListener) {
    loop {
        let Ok((sock, _)) = listener.accept().await else { return };
        tokio::spawn(handle(sock));
    }
}

async fn handle(sock: tokio::net::TcpStream) {
    tokio::spawn(async { // want: detached_task@warning
        loop {
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
    });
    drop(sock);
}

// Twin: spawned once, but handed a stop signal that does not stop it: after the halt the
// watcher logs forever.
pub fn launch(rx_halt: tokio::sync::oneshot::Receiver<()>) {
    tokio::spawn(watch_connections(rx_halt)); // want: detached_task@warning
}

async fn watch_connections(rx_halt: tokio::sync::oneshot::Receiver<()>) {
    let _ = rx_halt.await;
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        println!("connections still open");
    }
}

// Spawned once, with a local of its own loop named like a stop signal (`stop_reason`, the text
// of a log line): that is no stop signal handed to the task, so it stays a note.
pub fn start_reaper(dead: std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    tokio::spawn(async move { // want: detached_task@note
        loop {
            tokio::time::sleep(Duration::from_secs(15)).await;
            for id in dead.lock().unwrap().drain(..) {
                let stop_reason = format!("executor {id} timed out");
                println!("{stop_reason}");
            }
        }
    });
}

// One rendezvous server per job, kept in a map by job id: each launch leaves one more accept
// loop running, and `finish` takes the server out without stopping its task.
pub struct Agent {
    servers: std::sync::Mutex<std::collections::HashMap<u32, std::sync::Arc<Rendezvous>>>,
}

pub struct Rendezvous {
    listener: tokio::net::TcpListener,
}

impl Rendezvous {
    async fn serve(&self) {
        loop {
            let (conn, _) = match self.listener.accept().await {
                Ok(c) => c,
                Err(_) => break,
            };
            drop(conn);
        }
    }
}

impl Agent {
    pub fn launch(&self, job: u32, listener: tokio::net::TcpListener) {
        let server = std::sync::Arc::new(Rendezvous { listener });
        let runner = server.clone();
        tokio::spawn(async move { // want: detached_task@warning
            runner.serve().await;
        });
        self.servers.lock().unwrap().insert(job, server);
    }

    pub fn finish(&self, job: u32) {
        self.servers.lock().unwrap().remove(&job);
    }
}
