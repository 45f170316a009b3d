// A reentrant mutex may be locked again by the thread that holds it; so may stdout.
use parking_lot::ReentrantMutex;
use std::cell::RefCell;
use std::io::Write;

pub struct Log {
    out: ReentrantMutex<RefCell<Vec<u8>>>,
}

impl Log {
    pub fn write_twice(&self) {
        let a = self.out.lock();
        let b = self.out.lock();
        a.borrow_mut().push(1);
        b.borrow_mut().push(2);
    }
}

pub fn stdout_twice() {
    let out = std::io::stdout();
    let mut a = out.lock();
    let mut b = out.lock();
    let _ = a.write_all(b"a");
    let _ = b.write_all(b"b");
}
