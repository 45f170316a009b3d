// `die` imported by name is fail.rs's, which never returns.
use std::sync::Mutex;

use crate::fail::die;
use crate::flush;

async fn dropped_or_died(m: &Mutex<u64>) {
    let n = m.lock().unwrap();
    if *n == 0 {
        drop(n);
    } else {
        die("not zero");
    }
    flush().await;
}
