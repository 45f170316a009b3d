// Handles returned by a helper that spawns, then stored in a field.
use std::time::Duration;

use tokio::task::JoinHandle;

pub struct Replication {
    pub interval: Duration,
}

impl Replication {
    pub fn spawn_publisher(&self) -> JoinHandle<()> {
        let every = self.interval;
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(every).await;
            }
        })
    }

    pub fn spawn_once(&self) -> JoinHandle<()> {
        tokio::spawn(async {
            tokio::time::sleep(Duration::from_secs(1)).await;
        })
    }
}

pub struct Service {
    publisher: JoinHandle<()>,
    warmup: JoinHandle<()>,
}

impl Service {
    pub fn new(repl: &Replication) -> Service {
        Service {
            publisher: repl.spawn_publisher(), // want: detached_task@warning
            // a finite task: it ends on its own
            warmup: repl.spawn_once(),
        }
    }
}

// The same helper's handle, aborted on drop.
pub struct Mirror {
    publisher: JoinHandle<()>,
}

impl Mirror {
    pub fn new(repl: &Replication) -> Mirror {
        Mirror { publisher: repl.spawn_publisher() }
    }
}

impl Drop for Mirror {
    fn drop(&mut self) {
        self.publisher.abort();
    }
}
