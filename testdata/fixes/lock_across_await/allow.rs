// check: rustc
// apply: suppress
// Every finding can be silenced in place: the comment goes on its own line above the
// statement that holds the finding, indented like it, with a reason still to be written.
use std::cell::RefCell;
use std::sync::Mutex;

async fn flush() {}

pub async fn statement(m: &Mutex<Vec<u32>>) {
    let guard = m.lock().unwrap(); // want: lock_across_await (fix: needs-review)
    flush().await;
    drop(guard);
}

pub async fn nested(cell: &RefCell<u32>, on: bool) {
    if on {
        let mut b = cell.borrow_mut(); // want: lock_across_await (fix: needs-review)
        *b += 1;
        flush().await;
        *b += 1;
    }
}

pub async fn temporary(m: &Mutex<Vec<u32>>) {
    match m.lock().unwrap().len() { // want: lock_across_await (fix: needs-review)
        0 => flush().await,
        _ => {}
    }
}

pub struct Server {
    state: Mutex<u32>,
}

impl Server {
    #[allow(dead_code)]
    pub async fn method(&self) {
        let n = self.state.lock().unwrap(); // want: lock_across_await (fix: needs-review)
        flush().await;
        let _ = *n;
    }
}
