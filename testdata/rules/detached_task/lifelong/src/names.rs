// What does not count as evidence: a method that stops something else than its value, and a
// loop whose call names too many fns to say which one runs.
use std::time::Duration;

pub struct Pairing {
    pub sessions: Vec<u32>,
}

impl Pairing {
    pub fn begin(&self) {
        tokio::spawn(async { // want: detached_task@note
            loop {
                tokio::time::sleep(Duration::from_secs(10)).await;
            }
        });
    }

    // Cancels one session, not the Pairing.
    pub fn cancel_session(&mut self, id: u32) {
        self.sessions.retain(|s| *s != id);
    }
}

pub struct A;
pub struct B;
pub struct C;
pub struct D;
pub struct E;

impl A {
    pub fn run(&self) {}
}
impl B {
    pub fn run(&self) {}
}
impl C {
    pub fn run(&self) {}
}
impl D {
    pub fn run(&self) {}
}
impl E {
    pub fn run(&self) {
        start_ticker();
    }
}

fn start_ticker() {
    tokio::spawn(async { // want: detached_task@note
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

// `.run()` names five fns: neither this loop nor the helper's call says that E's runs per
// item.
pub fn run_all(items: &[A]) {
    for a in items {
        a.run();
        helper(a);
    }
}

fn helper(a: &A) {
    a.run();
}

// A manager's `serve` that hands each proxy's `serve` to a task set, in a closure: `.serve` names
// `Manager::serve` and `Proxy::serve`, and of the two the manager's own `serve` is the least
// likely (a recursive call names only itself). The refresh task is spawned once per `serve`,
// which nothing here calls again: a note.
pub struct Manager {
    proxies: Vec<u32>,
}
pub struct Proxy(u32);

impl Proxy {
    pub async fn serve(self) {}
}

impl Manager {
    pub async fn serve(self) {
        tokio::spawn(async { // want: detached_task@note
            loop {
                tokio::time::sleep(Duration::from_secs(10)).await;
            }
        });
        let mut tasks = tokio::task::JoinSet::new();
        self.proxies.iter().map(|p| Proxy(*p)).for_each(|proxy| {
            tasks.spawn(proxy.serve());
        });
        while tasks.join_next().await.is_some() {}
    }
}

// Twin: a walk that recurses by the only fn of its name spawns once per node, of a tree
// that can change under it (a loop over a fixed collection starts one task per element:
// per_item.rs).
pub struct Node {
    children: std::sync::Mutex<Vec<Node>>,
}

impl Node {
    pub fn watch_all(&self) {
        tokio::spawn(async { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(10)).await;
            }
        });
        for child in self.children.lock().unwrap().iter() {
            child.watch_all();
        }
    }
}
