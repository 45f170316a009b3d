use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
pub struct Cache {
    map: Arc<Mutex<HashMap<String, u64>>>,
}

pub fn new() -> Cache {
    let map = Arc::new(Mutex::new(HashMap::new()));
    let swept = map.clone();
    tokio::spawn(async move { // want: detached_task@note
        loop {
            tokio::time::sleep(Duration::from_secs(300)).await;
            swept.lock().unwrap().clear();
        }
    });
    Cache { map }
}
