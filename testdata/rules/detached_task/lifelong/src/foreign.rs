// Method calls on another crate's values are that crate's methods, not fns of this package
// that happen to share the name: `h.finish()` on a std `DefaultHasher` is not
// `Audit::finish`, and `conn.prepare(..)` on a `rusqlite::Connection` is not
// `Pipeline::prepare`. Their loops do not make the tasks below spawned many times: notes.
use std::hash::{Hash, Hasher};
use std::time::Duration;

pub struct Audit;

impl Audit {
    pub fn finish(&self) {
        start_flusher();
    }
}

fn start_flusher() {
    tokio::spawn(async { // want: detached_task@note
        loop {
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    });
}

pub fn shards(keys: &[String]) -> Vec<u64> {
    keys.iter()
        .map(|k| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            k.hash(&mut h);
            h.finish()
        })
        .collect()
}

pub struct Pipeline;

impl Pipeline {
    pub fn prepare(&self, _sql: &str) {
        start_compactor();
    }
}

fn start_compactor() {
    tokio::spawn(async { // want: detached_task@note
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
    });
}

pub fn statements(db_path: &str, sqls: &[&str]) {
    let conn = rusqlite::Connection::open(db_path).unwrap();
    for s in sqls {
        let _ = conn.prepare(s);
    }
}

// Twin: the package's own value, prepared per statement, spawns one watcher per call.
pub struct Stage;

impl Stage {
    pub fn prepare(&self, _sql: &str) {
        start_watcher();
    }
}

fn start_watcher() {
    tokio::spawn(async { // want: detached_task@warning
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

pub fn stage_all(stage: &Stage, sqls: std::sync::mpsc::Receiver<String>) {
    for s in sqls {
        stage.prepare(&s);
    }
}
