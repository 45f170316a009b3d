// A flag set only after the first guard was dropped: the second lock runs under `if
// changed`, which the paths that keep the guard never reach. Quiet. Its twin sets the flag
// before the drop, so a path that keeps the guard reaches the second lock.
use std::collections::HashMap;

pub struct Hold {
    table: parking_lot::RwLock<HashMap<String, Vec<u64>>>,
}

impl Hold {
    fn rebuild(&self) {
        let table = self.table.read();
        drop(table.len());
    }

    pub fn notify(&self, key: &str) {
        let mut table = self.table.write();
        let mut changed = false;
        if let Some(list) = table.get_mut(key) {
            let taken = std::mem::take(list);
            if taken.is_empty() {
                return;
            }
            drop(table);
            println!("{}", taken.len());
            changed = true;
        }
        if changed {
            self.rebuild();
        }
    }

    pub fn notify_early_flag(&self, key: &str) {
        let mut table = self.table.write();
        let mut changed = false;
        if let Some(list) = table.get_mut(key) {
            changed = true;
            if list.is_empty() {
                drop(table);
            }
        }
        if changed {
            self.rebuild(); // want: lock_twice
        }
    }
}
