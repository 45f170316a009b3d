// std::sync::Mutex: a `let` guard lives to the end of its block unless dropped or moved.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

struct Cache {
    map: Mutex<HashMap<u32, String>>,
    hits: Mutex<u64>,
}

impl Cache {
    fn insert_twice(&self, k: u32) {
        let map = self.map.lock().unwrap();
        if !map.contains_key(&k) {
            self.map.lock().unwrap().insert(k, String::new()); // want: lock_twice
        }
    }

    // harmless twin: the first guard is dropped before the second lock
    fn insert_after_drop(&self, k: u32) {
        let map = self.map.lock().unwrap();
        let missing = !map.contains_key(&k);
        drop(map);
        if missing {
            self.map.lock().unwrap().insert(k, String::new());
        }
    }

    // harmless twin: the first guard's block ends first
    fn insert_after_block(&self, k: u32) {
        let missing = {
            let map = self.map.lock().unwrap();
            !map.contains_key(&k)
        };
        if missing {
            self.map.lock().unwrap().insert(k, String::new());
        }
    }

    // different fields are different locks
    fn count(&self, k: u32) -> bool {
        let map = self.map.lock().unwrap();
        *self.hits.lock().unwrap() += 1;
        map.contains_key(&k)
    }

    // a drop in one branch only: the other path still holds the guard
    fn drop_in_one_branch(&self, k: u32, fast: bool) {
        let map = self.map.lock().unwrap();
        if fast {
            drop(map);
            return;
        }
        let _n = map.len();
        self.map.lock().unwrap().remove(&k); // want: lock_twice
    }

    // a drop in every branch releases it
    fn drop_in_every_branch(&self, k: u32, fast: bool) {
        let map = self.map.lock().unwrap();
        if fast {
            drop(map);
        } else {
            std::mem::drop(map);
        }
        self.map.lock().unwrap().remove(&k);
    }

    // the guard is moved into a call: no longer ours
    fn moved_into_call(&self, k: u32) {
        let map = self.map.lock().unwrap();
        consume(map);
        self.map.lock().unwrap().remove(&k);
    }

    // `let _ = ..` drops the guard at once
    #[allow(let_underscore_lock)]
    fn underscore(&self) {
        let _ = self.map.lock().unwrap();
        self.map.lock().unwrap().clear();
    }

    // `let _g = ..` does not
    fn underscore_named(&self) {
        let _g = self.map.lock().unwrap();
        self.map.lock().unwrap().clear(); // want: lock_twice
    }

    // `?` on the LockResult
    fn with_question(&self) -> Result<(), String> {
        let map = self.map.lock().map_err(|e| e.to_string())?;
        let n = map.len();
        let mut again = self.map.lock().map_err(|e| e.to_string())?; // want: lock_twice
        again.insert(n as u32, String::new());
        Ok(())
    }

    // try_lock never waits: no deadlock
    fn try_again(&self) {
        let _map = self.map.lock().unwrap();
        if let Ok(mut m) = self.map.try_lock() {
            m.clear();
        }
    }

    // a try_lock guard that is held blocks a later lock()
    fn held_try_guard(&self) {
        if let Ok(m) = self.map.try_lock() {
            let _n = m.len();
            self.map.lock().unwrap().clear(); // want: lock_twice
        }
    }

    // a guard taken inside the loop is released at the end of each iteration
    fn per_iteration(&self, keys: &[u32]) {
        for k in keys {
            let mut map = self.map.lock().unwrap();
            map.remove(k);
        }
    }

    // a guard held across the loop is not
    fn across_loop(&self, keys: &[u32]) {
        let map = self.map.lock().unwrap();
        for k in keys {
            if map.contains_key(k) {
                self.map.lock().unwrap().remove(k); // want: lock_twice
            }
        }
    }

    // locks in closures run elsewhere (another thread here)
    fn in_closure(self: Arc<Self>) {
        let _map = self.map.lock().unwrap();
        let me = self.clone();
        std::thread::spawn(move || {
            me.map.lock().unwrap().clear();
        });
    }

    // two closures, each with its own guard
    fn closures(&self) -> (usize, usize) {
        let a = || self.map.lock().unwrap().len();
        let b = || self.map.lock().unwrap().len();
        (a(), b())
    }

    // different arms cannot both run
    fn arms(&self, k: Option<u32>) {
        match k {
            Some(k) => {
                let mut map = self.map.lock().unwrap();
                map.remove(&k);
            }
            None => {
                let mut map = self.map.lock().unwrap();
                map.clear();
            }
        }
    }

    // shadowing keeps the guard alive
    fn shadowed(&self) {
        let map = self.map.lock().unwrap();
        let map = map.len();
        let _ = map;
        self.map.lock().unwrap().clear(); // want: lock_twice
    }

    // the guard is returned on one path: on the other it is still held
    fn returned(&self, quick: bool) -> Option<std::sync::MutexGuard<'_, HashMap<u32, String>>> {
        let map = self.map.lock().unwrap();
        if quick {
            return Some(map);
        }
        self.map.lock().unwrap().clear(); // want: lock_twice
        None
    }

    // dropped and taken again on each turn of the loop
    fn relock_in_loop(&self) {
        let mut map = self.map.lock().unwrap();
        for _ in 0..3 {
            map.clear();
            drop(map);
            std::thread::yield_now();
            map = self.map.lock().unwrap();
        }
        map.clear();
    }

    // without the drop, the right side locks while `map` still holds the old guard
    fn relock_without_drop(&self) {
        let mut map = self.map.lock().unwrap();
        for _ in 0..3 {
            map.clear();
            map = self.map.lock().unwrap(); // want: lock_twice
        }
        map.clear();
    }

    // a guard bound by a match arm
    fn matched_guard(&self) {
        match self.map.lock() {
            Ok(map) => {
                if map.is_empty() {
                    self.map.lock().unwrap().insert(0, String::new()); // want: lock_twice
                }
            }
            Err(_) => {}
        }
    }
}

fn consume<T>(_t: T) {}

// Release, work, re-lock: the first guard goes into the tuple that `drop` takes, so the
// second lock finds the mutex free.
pub fn release_then_relock(m: &std::sync::Mutex<Vec<u8>>) -> usize {
    let data = vec![0u8; 4];
    let first = m.lock().unwrap();
    let n = first.len();
    drop((data, first));
    let mut second = m.lock().unwrap();
    second.push(1);
    n
}
