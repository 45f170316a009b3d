use std::sync::Mutex;

use crate::fail::{self, Job};
use crate::flush;

async fn dropped_or_died(m: &Mutex<u64>) {
    let n = m.lock().unwrap();
    if *n == 0 {
        drop(n);
    } else {
        fail::die("not zero");
    }
    flush().await;
}

async fn dropped_or_died_by_crate_path(m: &Mutex<u64>) {
    let n = m.lock().unwrap();
    if *n == 0 {
        drop(n);
    } else {
        crate::fail::die("not zero");
    }
    flush().await;
}

async fn dropped_or_warned(m: &Mutex<u64>) {
    let n = m.lock().unwrap(); // want: lock_across_await
    if *n == 0 {
        drop(n);
    } else {
        fail::warn_only("not zero");
    }
    flush().await;
}

async fn dropped_or_quiet_die(m: &Mutex<u64>) {
    let n = m.lock().unwrap(); // want: lock_across_await
    if *n == 0 {
        drop(n);
    } else {
        crate::quiet::die("not zero");
    }
    flush().await;
}

impl Job {
    async fn dropped_or_fatal(&self, m: &Mutex<u64>) {
        let n = m.lock().unwrap();
        if *n == 0 {
            drop(n);
        } else {
            self.fatal("not zero");
        }
        flush().await;
    }

    async fn dropped_or_reported(&self, m: &Mutex<u64>) {
        let n = m.lock().unwrap(); // want: lock_across_await
        if *n == 0 {
            drop(n);
        } else {
            self.report("not zero");
        }
        flush().await;
    }
}
