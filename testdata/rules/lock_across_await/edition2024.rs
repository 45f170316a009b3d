// edition: 2024
// Edition 2024: `if let` scrutinee temporaries are dropped before the `else` block, and a
// block's tail temporaries at the end of the block.
use std::collections::HashMap;
use std::sync::Mutex;

async fn if_let_body(m: &Mutex<HashMap<u32, String>>, k: u32) {
    if let Some(v) = m.lock().unwrap().get(&k).cloned() { // want: lock_across_await
        send(v).await;
    }
}

async fn if_let_else(m: &Mutex<HashMap<u32, String>>, k: u32) {
    if let Some(v) = m.lock().unwrap().get(&k).cloned() {
        println!("cached: {v}");
    } else {
        refill(k).await;
    }
}

async fn if_let_else_if(m: &Mutex<HashMap<u32, String>>, k: u32, retry: bool) {
    if let Some(v) = m.lock().unwrap().get(&k).cloned() {
        println!("cached: {v}");
    } else if retry {
        refill(k).await;
    }
}

async fn bound_before_the_if_let(m: &Mutex<HashMap<u32, String>>, k: u32) {
    let cached = m.lock().unwrap().get(&k).cloned();
    if let Some(v) = cached {
        println!("cached: {v}");
    } else {
        refill(k).await;
    }
}

async fn tail_of_a_block_argument(m: &Mutex<u64>) {
    report({ *m.lock().unwrap() }).await;
}

async fn tail_of_an_unsafe_block(m: &Mutex<u64>) {
    report(unsafe { *m.lock().unwrap() }).await;
}

async fn tail_of_a_block_scrutinee(m: &Mutex<u64>) {
    match { *m.lock().unwrap() } {
        0 => refill(0).await,
        _ => {}
    }
}

async fn tail_of_a_block_in_a_let(m: &Mutex<u64>) {
    // the let statement ends before the await in every edition
    let n = { *m.lock().unwrap() };
    report(n).await;
}

async fn tail_of_an_if_body(m: &Mutex<u64>, fresh: bool) {
    // an `if` body is a terminating scope in every edition
    report(if fresh { *m.lock().unwrap() } else { 0 }).await;
}

async fn same_expression_in_the_body_tail(m: &Mutex<u64>) -> u64 {
    report(*m.lock().unwrap()).await // want: lock_across_await
}

async fn send(_v: String) {}
async fn refill(_k: u32) {}
async fn report(_v: u64) -> u64 { 0 }
