// A `for` loop over a collection that is all there when the loop starts (a `Vec` field, a
// slice or map parameter, a local `vec![..]`) starts one task per element, a number fixed
// when it starts: nothing in sight runs it again, so each listener lives as long as the
// process. A loop over what keeps coming (a channel's messages, a listener's connections)
// starts one more task per message: its tasks pile up.
use std::collections::HashMap;
use std::time::Duration;

async fn serve_port(port: u16) {
    loop {
        tokio::time::sleep(Duration::from_millis(port as u64)).await;
    }
}

pub struct Endpoints {
    pub udp: Vec<u16>,
    pub tcp: Vec<u16>,
}

impl Endpoints {
    pub fn launch(self) {
        for port in self.udp {
            tokio::spawn(async move { serve_port(port).await }); // want: detached_task@note
        }
        for (i, port) in self.tcp.iter().enumerate() {
            let port = *port + i as u16;
            tokio::spawn(async move { // want: detached_task@note
                loop {
                    tokio::time::sleep(Duration::from_secs(port as u64)).await;
                }
            });
        }
    }
}

pub fn launch_named(routes: &HashMap<String, u16>) {
    for (_, port) in routes {
        let port = *port;
        tokio::spawn(serve_port(port)); // want: detached_task@note
    }
    let extra = vec![9000u16, 9001];
    for port in extra {
        tokio::spawn(serve_port(port)); // want: detached_task@note
    }
}

// Twin: every message of a channel starts one more forever task.
pub fn launch_each(ports: std::sync::mpsc::Receiver<u16>) {
    for port in ports {
        tokio::spawn(serve_port(port)); // want: detached_task@warning
    }
}

// Twin: a field read as a channel (`self.rx.iter()`, std's blocking receiver) is no fixed
// collection, whatever its type says out of sight.
pub struct Intake {
    pub rx: std::sync::mpsc::Receiver<u16>,
}

impl Intake {
    pub fn run(&self) {
        for port in self.rx.iter() {
            tokio::spawn(serve_port(port)); // want: detached_task@warning
        }
    }
}

// Twin: a std listener's connections keep coming.
pub fn accept_all(listener: std::net::TcpListener) {
    for stream in listener.incoming() {
        let port = stream.map(|s| s.local_addr().map(|a| a.port()).unwrap_or(0)).unwrap_or(0);
        tokio::spawn(serve_port(port)); // want: detached_task@warning
    }
}

// A caller that starts one watcher per element of a fixed list, by a call in its loop: one
// task per element, a note.
fn watch_dir(dir: String) {
    tokio::spawn(async move { // want: detached_task@note
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let _ = std::path::Path::new(&dir).exists();
        }
    });
}

pub fn watch_dirs(dirs: Vec<String>) {
    for d in dirs {
        watch_dir(d);
    }
}

// A local whose value comes from a fn of the crate: its declared return type says it is a
// `Vec`, so the loop starts one poller per configured source.
fn build_sources(n: u16) -> Result<Vec<u16>, String> {
    Ok((0..n).collect())
}

pub fn launch_sources(n: u16) -> Result<(), String> {
    let sources = build_sources(n)?;
    for port in sources {
        tokio::spawn(serve_port(port)); // want: detached_task@note
    }
    Ok(())
}

// Twin: a field with an innocent name whose type is a std receiver: its type decides.
pub struct Feed {
    pub ports: std::sync::mpsc::Receiver<u16>,
}

impl Feed {
    pub fn run(&self) {
        for port in self.ports.iter() {
            tokio::spawn(serve_port(port)); // want: detached_task@warning
        }
    }
}
