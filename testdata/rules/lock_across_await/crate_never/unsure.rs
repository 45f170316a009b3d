// `die` through glob imports may be fail.rs's, which never returns, or quiet.rs's, which
// does: not taken to diverge.
use std::sync::Mutex;

use crate::fail::*;
use crate::flush;
use crate::quiet::*;

async fn dropped_or_some_die(m: &Mutex<u64>) {
    let n = m.lock().unwrap(); // want: lock_across_await
    if *n == 0 {
        drop(n);
    } else {
        die("not zero");
    }
    flush().await;
}
