// spin's RwLock prefers readers: a new `read()` gets in while readers hold the lock, even
// with a writer spinning for it (the writer waits until no reader is left). Reading twice on
// one thread therefore does not deadlock on a writer, unlike std's, parking_lot's and
// tokio's RwLock. It does once another thread can hold an upgradeable read: that guard
// turns new readers away, and its `upgrade()` waits for the first read guard.
use spin::RwLock;
use std::sync::Arc;

pub struct Cursor {
    pub height: u64,
}

pub struct Driver {
    // written below, never upgradeable-read: a second read is fine
    cursor: Arc<RwLock<Cursor>>,
    // the harmful twin: another method takes an upgradeable read and upgrades it
    origin: Arc<RwLock<Cursor>>,
}

impl Driver {
    pub fn step(&self, to: u64) -> u64 {
        let tip = self.cursor.read();
        let again = self.cursor.read().height; // spin: no writer queues this reader
        tip.height + again + to
    }

    pub fn advance(&self, to: u64) {
        self.cursor.write().height = to;
    }

    pub fn step_origin(&self) -> u64 {
        let tip = self.origin.read();
        let again = self.origin.read().height; // want: lock_twice@warning
        tip.height + again
    }

    pub fn bump_origin(&self) {
        let up = self.origin.upgradeable_read();
        if up.height < 10 {
            up.upgrade().height += 1;
        }
    }
}

pub struct StdDriver {
    // std's RwLock: a writer that starts waiting between the two reads deadlocks them
    cursor: std::sync::RwLock<Cursor>,
}

impl StdDriver {
    pub fn step(&self) -> u64 {
        let tip = self.cursor.read().unwrap();
        let again = self.cursor.read().unwrap().height; // want: lock_twice@warning
        tip.height + again
    }

    pub fn advance(&self, to: u64) {
        self.cursor.write().unwrap().height = to;
    }
}
