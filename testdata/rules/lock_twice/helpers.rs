// One call level: a method of self that takes the lock, called while it is held.
use std::sync::Mutex;

pub struct Queue {
    items: Mutex<Vec<u32>>,
    stats: Mutex<u64>,
}

impl Queue {
    pub fn len(&self) -> usize {
        self.items.lock().unwrap().len()
    }

    fn bump(&self) {
        *self.stats.lock().unwrap() += 1;
    }

    pub fn push(&self, x: u32) {
        let mut items = self.items.lock().unwrap();
        items.push(x);
        self.bump();
        if self.len() > 100 { // want: lock_twice
            items.clear();
        }
    }

    // harmless twin: the guard is dropped before the call
    pub fn push_fixed(&self, x: u32) {
        let mut items = self.items.lock().unwrap();
        items.push(x);
        let n = items.len();
        drop(items);
        if n > 100 || self.len() > 100 {
            self.items.lock().unwrap().clear();
        }
    }

    // a method that locks another field
    pub fn push_counted(&self, x: u32) {
        let mut items = self.items.lock().unwrap();
        items.push(x);
        self.bump();
    }
}
