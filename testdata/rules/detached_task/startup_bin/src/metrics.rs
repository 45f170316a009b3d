use std::time::Duration;

/// Reached from `main`, but also from every connection's handler.
pub fn start_collector(every: Duration) {
    tokio::spawn(async move { // want: detached_task@warning
        loop {
            tokio::time::sleep(every).await;
            println!("collect");
        }
    });
}

// A constructor that spawns its value's sampler: called once per process (from `main`'s
// set-up), it makes one value and one task for the process's life.
pub struct Registry {
    pub names: Vec<String>,
}

impl Registry {
    pub fn new() -> Registry {
        tokio::spawn(async { // want: detached_task@note
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                println!("sample");
            }
        });
        Registry { names: Vec::new() }
    }
}

// The twin: made once per connection, each leaving one more sampler behind.
pub struct Session {
    pub id: u64,
}

impl Session {
    pub fn new() -> Session {
        tokio::spawn(async { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(60)).await;
                println!("session sample");
            }
        });
        Session { id: 0 }
    }
}
