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
