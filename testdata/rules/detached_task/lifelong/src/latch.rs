// A spawn behind a latch (`if !*started { *started = true; spawn(..) }`) starts one task
// however often the code around it runs: a caller that registers shortcuts in a loop
// starts one event loop. A note. The twin checks the flag but never sets it, so every call
// starts one more loop.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;

pub struct Hotkeys {
    started: Arc<Mutex<bool>>,
    polling: AtomicBool,
    keys: Arc<Mutex<Vec<String>>>,
}

impl Hotkeys {
    pub async fn register(&self, key: &str) {
        self.keys.lock().await.push(key.to_string());
        let mut started = self.started.lock().await;
        if !*started {
            *started = true;
            let keys = self.keys.clone();
            tokio::spawn(async move { // want: detached_task@note
                loop {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    let _n = keys.lock().await.len();
                }
            });
        }
    }

    pub fn poll_devices(&self) {
        if !self.polling.swap(true, Ordering::SeqCst) {
            tokio::spawn(async { // want: detached_task@note
                loop {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            });
        }
    }

    pub async fn watch(&self, key: &str) {
        self.keys.lock().await.push(key.to_string());
        let started = self.started.lock().await;
        if !*started {
            tokio::spawn(async { // want: detached_task@warning
                loop {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            });
        }
    }
}

pub async fn register_all(h: &Hotkeys, mut keys: tokio::sync::mpsc::Receiver<String>) {
    while let Some(k) = keys.recv().await {
        h.register(&k).await;
        h.watch(&k).await;
        h.poll_devices();
    }
}
