use std::time::Duration;

pub async fn ping_loop(peer: String) {
    loop {
        tokio::time::sleep(Duration::from_secs(5)).await;
        println!("ping {peer}");
    }
}

pub struct Worker {
    n: u64,
}

impl Worker {
    pub fn new() -> Self {
        Worker { n: 0 }
    }

    pub async fn run(mut self) {
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            self.n += 1;
        }
    }
}
