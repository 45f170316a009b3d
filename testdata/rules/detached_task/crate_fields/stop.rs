// Where the handles of Server and Pool are used to stop their tasks.
use crate::owners::{Pool, Server};

impl Server {
    pub fn stop(&mut self) {
        if let Some(h) = self.acceptor.take() {
            h.abort();
        }
    }
}

pub fn close(pool: Pool) {
    let Pool { handles } = pool;
    for h in handles {
        h.abort();
    }
}
