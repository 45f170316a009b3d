// std::sync::RwLock: read then write and write then anything deadlock; two reads deadlock
// only when a writer queues in between (a warning).
use std::collections::HashMap;
use std::sync::RwLock;

pub struct Registry {
    names: RwLock<HashMap<u32, String>>,
    ids: RwLock<Vec<u32>>,
}

impl Registry {
    pub fn upsert(&self, k: u32, v: String) {
        let names = self.names.read().unwrap();
        if names.get(&k) != Some(&v) {
            self.names.write().unwrap().insert(k, v); // want: lock_twice
        }
    }

    // harmless twin: the read guard is dropped first
    pub fn upsert_dropped(&self, k: u32, v: String) {
        let names = self.names.read().unwrap();
        let same = names.get(&k) == Some(&v);
        drop(names);
        if !same {
            self.names.write().unwrap().insert(k, v);
        }
    }

    pub fn write_then_read(&self) -> usize {
        let mut names = self.names.write().unwrap();
        names.clear();
        self.names.read().unwrap().len() // want: lock_twice
    }

    pub fn read_read(&self) -> usize {
        let names = self.names.read().unwrap();
        names.len() + self.names.read().unwrap().len() // want: lock_twice
    }

    // different locks
    pub fn both(&self) -> usize {
        let names = self.names.read().unwrap();
        let mut ids = self.ids.write().unwrap();
        ids.push(names.len() as u32);
        ids.len()
    }

    // try_write never waits
    pub fn try_upgrade(&self, k: u32) {
        let names = self.names.read().unwrap();
        if !names.contains_key(&k) {
            if let Ok(mut w) = self.names.try_write() {
                w.insert(k, String::new());
            }
        }
    }

    // read-then-write in the `if let` body
    pub fn get_or_insert(&self, k: u32) -> String {
        if let Some(v) = self.names.read().unwrap().get(&k) {
            return v.clone();
        }
        self.names.write().unwrap().entry(k).or_default().clone()
    }

    pub fn get_or_insert_else(&self, k: u32) -> String {
        match self.names.read().unwrap().get(&k) {
            Some(v) => v.clone(),
            None => self.names.write().unwrap().entry(k).or_default().clone(), // want: lock_twice
        }
    }
}
