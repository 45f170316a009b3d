// `#[allow(clippy::await_holding_lock)]` is not a suppression for this rule: it is often there
// to silence Clippy's false positives on guards dropped before the await (rust-clippy#6446),
// and then hides the guards that are really held. Suppress with
// `// rustaudit:allow(lock_across_await) reason` instead.
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Mutex;

struct Conn {
    readable: Mutex<tokio::sync::mpsc::Receiver<Vec<u8>>>,
    close_notify: tokio::sync::Notify,
    stats: Mutex<u64>,
}

impl Conn {
    #[allow(clippy::await_holding_lock, reason = "the lock is dropped before awaiting")]
    async fn read(&self) -> Option<Vec<u8>> {
        {
            let mut n = self.stats.lock().unwrap();
            *n += 1;
        }
        let mut rx = self.readable.lock().unwrap(); // want: lock_across_await
        tokio::select! {
            v = rx.recv() => v,
            _ = self.close_notify.notified() => None,
        }
    }

    #[allow(clippy::await_holding_lock)]
    async fn count(&self) {
        let mut n = self.stats.lock().unwrap();
        *n += 1;
        drop(n);
        tick().await;
    }
}

#[expect(clippy::await_holding_refcell_ref)]
async fn cell_expected(state: Rc<RefCell<Vec<String>>>) {
    let s = state.borrow(); // want: lock_across_await
    tick().await;
    drop(s);
}

async fn tick() {}
