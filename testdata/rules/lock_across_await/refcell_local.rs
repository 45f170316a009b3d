// RefCell borrows in !Send tasks (LocalSet, spawn_local, single-threaded runtimes): a borrow
// held across an `.await` makes any other task that borrows the cell panic.
use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

struct Conn {
    pending: RefCell<Vec<Request>>,
    stats: Rc<RefCell<Stats>>,
}

#[derive(Default)]
struct Stats {
    sent: u64,
}

struct Request;

impl Conn {
    async fn flush(&self) {
        let mut pending = self.pending.borrow_mut(); // want: lock_across_await
        for req in pending.drain(..) {
            write(req).await;
        }
    }

    async fn flush_taken(&self) {
        let reqs: Vec<Request> = self.pending.borrow_mut().drain(..).collect();
        for req in reqs {
            write(req).await;
        }
    }

    async fn borrow_in_the_call(&self, client: &Client) {
        self.stats.borrow_mut().record(client.call().await); // want: lock_across_await
    }

    async fn count_after(&self) {
        wait().await;
        self.stats.borrow_mut().sent += 1;
    }

    async fn read_and_drop(&self) {
        let stats = self.stats.borrow();
        let sent = stats.sent;
        drop(stats);
        report(sent).await;
    }
}

impl Stats {
    fn record(&mut self, _n: u64) {}
}

struct Client;
impl Client {
    async fn call(&self) -> u64 { 0 }
}

async fn local_task(state: Rc<RefCell<HashMap<String, u64>>>) {
    let st = state.borrow(); // want: lock_across_await
    if let Some(n) = st.get("x") {
        report(*n).await;
    }
}

async fn shadowed_param(state: Rc<RefCell<HashMap<String, u64>>>) {
    let count = state.borrow().len() as u64;
    report(count).await;
}

async fn run_local() {
    let cell = Rc::new(RefCell::new(Stats::default()));
    let local = tokio::task::LocalSet::new();
    let c = cell.clone();
    local.spawn_local(async move {
        let s = c.borrow_mut(); // want: lock_across_await
        wait().await;
        drop(s);
    });
    local.await;
}

async fn moved_into_a_local_task(cell: Rc<RefCell<Stats>>) {
    let s = cell.borrow_mut();
    tokio::task::spawn_local(async move {
        println!("{}", s.sent);
    });
    wait().await;
}

async fn captured_by_reference(cell: Rc<RefCell<Stats>>) {
    let s = cell.borrow_mut(); // want: lock_across_await
    let show = || println!("{}", s.sent);
    show();
    wait().await;
}

// `Borrow::borrow` on things that are not cells is not a guard.
async fn borrow_trait<K: Borrow<str>>(key: K, map: &HashMap<String, u64>) {
    let k: &str = key.borrow();
    let n = map.get(k).copied().unwrap_or(0);
    report(n).await;
}

async fn unknown_receiver(s: &Settings) {
    let v = s.inner.borrow();
    report(v.len() as u64).await;
}

struct Settings {
    inner: String,
}

async fn write(_r: Request) {}
async fn wait() {}
async fn report(_n: u64) {}

// Two structs with a field of the same name: `self.rx` is the one of the impl's own struct.
struct Driver {
    rx: RefCell<Channel>,
}

struct DriverState {
    rx: Channel,
}

struct Channel;
impl Channel {
    async fn receive(&mut self) -> u64 { 0 }
    fn borrow_mut(&mut self) -> &mut Self { self }
}

impl Driver {
    async fn read(&self) -> u64 {
        let ch = &mut *self.rx.borrow_mut(); // want: lock_across_await
        ch.receive().await
    }
}

impl DriverState {
    async fn read(&mut self) -> u64 {
        let ch = self.rx.borrow_mut();
        ch.receive().await
    }
}
