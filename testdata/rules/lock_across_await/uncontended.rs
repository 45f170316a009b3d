// A lock made in the function that nothing else can reach (never cloned, borrowed, moved or
// captured) is locked by this task only, one call after the other: a guard held across an
// `.await` makes no one wait, reported as a note. A lock shared in any way is a warning.
use std::cell::RefCell;
use std::sync::{Arc, Mutex};

async fn local_mutex() {
    let m = Mutex::new(Vec::new());
    let mut g = m.lock().unwrap(); // want: lock_across_await@note
    g.push(1);
    tick().await;
    g.push(2);
}

async fn local_arc_never_cloned() {
    let m = Arc::new(Mutex::new(0u32));
    let g = m.lock().unwrap(); // want: lock_across_await@note
    tick().await;
    drop(g);
    *m.lock().unwrap() += 1;
}

async fn local_refcell() {
    let c = RefCell::new(0u32);
    let b = c.borrow_mut(); // want: lock_across_await@note
    tick().await;
    drop(b);
}

async fn shared_by_clone() {
    let m = Arc::new(Mutex::new(0u32));
    let m2 = m.clone();
    std::thread::spawn(move || *m2.lock().unwrap() += 1);
    let g = m.lock().unwrap(); // want: lock_across_await@warning
    tick().await;
    drop(g);
}

async fn shared_by_reference() {
    let m = Mutex::new(0u32);
    let r = &m;
    let g = m.lock().unwrap(); // want: lock_across_await@warning
    let other = async { *r.lock().unwrap() += 1 };
    tick().await;
    drop(g);
    other.await;
}

async fn captured_by_async_block() {
    let m = Mutex::new(0u32);
    let g = m.lock().unwrap(); // want: lock_across_await@warning
    futures::join!(tick(), async { *m.lock().unwrap() += 1 });
    drop(g);
}

async fn made_elsewhere(shared: Arc<Mutex<u32>>) {
    let m = shared.clone();
    let g = m.lock().unwrap(); // want: lock_across_await@warning
    tick().await;
    drop(g);
}

async fn tick() {}

// A lock shared only after the `.await`: while the guard waits there, nothing else can lock
// it yet. A note. The twins share it before the `.await`, or lock it in a loop that shares
// it on every turn.
pub async fn start(store: &Store) {
    let payments = Arc::new(Mutex::new(Vec::<u64>::new()));
    payments.lock().unwrap().push(1);
    store.write(payments.lock().unwrap().len()).await; // want: lock_across_await@note
    let listener = Arc::clone(&payments);
    tokio::spawn(async move {
        listener.lock().unwrap().push(2);
    });
}

pub async fn start_shared_first(store: &Store) {
    let payments = Arc::new(Mutex::new(Vec::<u64>::new()));
    let listener = Arc::clone(&payments);
    tokio::spawn(async move {
        listener.lock().unwrap().push(2);
    });
    store.write(payments.lock().unwrap().len()).await; // want: lock_across_await@warning
}

pub async fn start_each(store: &Store, n: usize) {
    let payments = Arc::new(Mutex::new(Vec::<u64>::new()));
    for _ in 0..n {
        store.write(payments.lock().unwrap().len()).await; // want: lock_across_await@warning
        let listener = Arc::clone(&payments);
        tokio::spawn(async move {
            listener.lock().unwrap().push(2);
        });
    }
}

pub struct Store;
impl Store {
    pub async fn write(&self, _n: usize) {}
}
