// A crate of several files: the receivers' types are declared in net.rs. A network
// connection with its own `async fn read()` and a websocket stream of another crate are not
// RwLocks; an alias of `Arc<tokio::sync::RwLock<..>>` is one.
mod net;

use std::time::Duration;

use tokio::sync::mpsc;

use crate::net::{Config, Network};

pub async fn bridge(mut rx: mpsc::Receiver<u32>) {
    loop {
        let mut network = match net::connect().await {
            Ok(n) => n,
            Err(_) => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        loop {
            tokio::select! {
                packet = network.read() => drop(packet),
                Some(v) = rx.recv() => println!("{v}"),
            }
        }
    }
}

pub struct Remote {
    network: Network,
}

impl Remote {
    pub async fn start(&mut self, mut rx: mpsc::Receiver<u32>) {
        loop {
            tokio::select! {
                packet = self.network.read() => drop(packet),
                Some(v) = rx.recv() => println!("{v}"),
            }
        }
    }
}

pub async fn websocket(ws: &mut tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>, mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            msg = ws.read() => drop(msg),
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}

pub async fn config(cfg: Config, mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            c = cfg.read() => println!("{}", *c), // want: select_cancel_unsafe@note
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}
