use std::time::Duration;

use tokio::sync::mpsc;

/// Never ends: a closed channel makes recv return None at once, and the loop goes on.
pub async fn run(mut rx: mpsc::Receiver<u32>) {
    let mut interval = tokio::time::interval(Duration::from_secs(1));
    loop {
        interval.tick().await;
        while let Ok(n) = rx.try_recv() {
            println!("{n}");
        }
    }
}

/// Ends when every sender is dropped.
pub async fn run_until_closed(mut rx: mpsc::Receiver<u32>) {
    while let Some(n) = rx.recv().await {
        println!("{n}");
    }
}

pub async fn pump(mut rx: mpsc::Receiver<u32>) {
    loop {
        if let Ok(n) = rx.try_recv() {
            println!("{n}");
        }
        tokio::task::yield_now().await;
    }
}

#[derive(Clone)]
pub struct Worker {
    id: u32,
}

impl Worker {
    pub fn new() -> Self {
        Worker { id: 0 }
    }

    pub async fn serve(self) {
        loop {
            self.tick().await;
        }
    }

    pub async fn serve_once(self) {
        self.tick().await;
    }

    async fn tick(&self) {
        tokio::time::sleep(Duration::from_millis(self.id as u64)).await;
    }

    pub fn start(self) {
        let me = self.clone();
        tokio::spawn(async move { me.serve().await }); // want: detached_task
        tokio::spawn(async move { self.serve().await }); // want: detached_task
    }
}

pub fn start_workers(spare: Worker) {
    let w = Worker { id: 7 };
    tokio::spawn(w.serve()); // want: detached_task
    let once = Worker { id: 8 };
    tokio::spawn(once.serve_once());
    tokio::spawn(spare.serve()); // want: detached_task
    // `pick` is declared `-> Worker`: the type resolver follows its signature
    let picked = pick();
    tokio::spawn(picked.serve()); // want: detached_task
    let made = Worker::new();
    tokio::spawn(made.serve()); // want: detached_task
    let copy = made.clone();
    tokio::spawn(copy.serve_once());
    let other = Worker::default();
    tokio::spawn(other.serve()); // want: detached_task
    // A std constructor says nothing about the crate's types.
    let lock = std::sync::Mutex::new(0);
    drop(lock);
}

impl Default for Worker {
    fn default() -> Self {
        Worker { id: 1 }
    }
}

fn pick() -> Worker {
    Worker::new()
}

/// Delegates to a forever fn.
pub async fn supervise() {
    pump_forever().await;
}

async fn pump_forever() {
    loop {
        tokio::task::yield_now().await;
    }
}

pub async fn supervise_once() {
    tokio::task::yield_now().await;
}

pub mod fast {
    pub async fn poll() {
        tokio::task::yield_now().await;
    }
}

pub mod slow {
    pub async fn poll() {
        loop {
            tokio::task::yield_now().await;
        }
    }
}

#[cfg(test)]
mod tests {
    async fn listen(_addr: &str) {
        loop {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test]
    async fn listens() {
        tokio::spawn(listen("127.0.0.1:0"));
    }
}
