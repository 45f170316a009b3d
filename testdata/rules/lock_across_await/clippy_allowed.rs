// Under `#[allow(clippy::await_holding_lock)]` the rule still finds the guards that are held
// (the fixture harness sees suppressed findings too): the engine then marks them suppressed,
// with the attribute as the reason (TestClippyAllowsSilenceOverlappingRules), and a guard
// dropped before the await is not found at all.
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
