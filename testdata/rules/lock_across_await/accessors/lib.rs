mod state;

use std::cell::RefCell;
use std::rc::Rc;
use state::{current, peek, Registry};

async fn tick() {}

pub async fn held(reg: &Registry) {
    let peers = reg.peers(); // want: lock_across_await
    tick().await;
    drop(peers);

    let cfg = reg.config(); // want: lock_across_await
    tick().await;
    println!("{}", *cfg);

    let checked = reg.peers_checked().unwrap(); // want: lock_across_await
    tick().await;
    drop(checked);

    let fast = reg.fast(); // want: lock_across_await
    tick().await;
    drop(fast);
}

pub async fn cells(cell: &RefCell<Vec<u8>>) {
    let mut v = current(cell); // want: lock_across_await
    v.push(1);
    tick().await;
    let r = state::peek(cell); // want: lock_across_await
    tick().await;
    drop(r);
}

pub async fn quiet(reg: &Registry, cell: &RefCell<Vec<u8>>) {
    // Guards that end before the await, values copied out, an async lock's guard.
    {
        let peers = reg.peers();
        let _ = peers.len();
    }
    let n = reg.peers().len();
    let first = peek(cell).first().copied();
    let count = reg.peer_count();
    let cache = reg.cache().await;
    tick().await;
    drop((n, first, count, cache));
    let fast = reg.fast();
    drop(fast);
    tick().await;
}

// An Rc<RefCell<..>> cloned into an async block and borrowed across an await there.
pub fn spawn_local_counter(counter: Rc<RefCell<u64>>) -> impl std::future::Future<Output = ()> {
    let c = counter.clone();
    async move {
        let mut n = c.borrow_mut(); // want: lock_across_await
        tick().await;
        *n += 1;
    }
}
