// Look-alikes that are not async unbounded channels: blocking channels (crossbeam, std),
// a local `unbounded()` and modules of the same name, and methods called `unbounded`.
use std::sync::mpsc;

use crossbeam_channel::unbounded as cb_unbounded;

pub fn std_channel() {
    let (tx, rx) = mpsc::channel::<u32>();
    std::thread::spawn(move || tx.send(1).unwrap());
    let _ = rx.recv();
    let (_tx, _rx) = std::sync::mpsc::channel::<()>();
}

pub fn crossbeam() {
    let (_a, _b) = crossbeam_channel::unbounded::<u8>();
    let (_c, _d) = crossbeam::channel::unbounded::<u8>();
    let (_e, _f) = cb_unbounded::<u8>();
}

mod crossbeam_module {
    use crossbeam::channel;

    pub fn make() {
        let (_tx, _rx) = channel::unbounded::<u8>();
    }
}

/// Our own queue, which happens to share the name.
fn unbounded<T>() -> Vec<T> {
    Vec::new()
}

mod queue {
    pub fn unbounded<T>() -> std::collections::VecDeque<T> {
        std::collections::VecDeque::new()
    }
}

pub struct Builder {
    limit: Option<usize>,
}

impl Builder {
    pub fn unbounded(mut self) -> Self {
        self.limit = None;
        self
    }
}

pub fn local() {
    let _v: Vec<u8> = unbounded();
    let _q = queue::unbounded::<u8>();
    let _b = Builder { limit: Some(3) }.unbounded();
    let _r = crate::queue::unbounded::<u8>();
}
