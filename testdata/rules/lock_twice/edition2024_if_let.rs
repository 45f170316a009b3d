// edition: 2024
// Rust 2024 drops an `if let` scrutinee's temporaries before the `else` block and a block's
// tail temporaries at the end of the block.
use std::collections::HashMap;
use std::sync::Mutex;

fn get_or_insert(m: &Mutex<HashMap<u32, u32>>, k: u32) -> u32 {
    if let Some(v) = m.lock().unwrap().get(&k) {
        *v
    } else {
        m.lock().unwrap().insert(k, 0);
        0
    }
}

// the body still holds them
fn in_body(m: &Mutex<HashMap<u32, u32>>, k: u32) {
    if let Some(v) = m.lock().unwrap().get(&k).copied() {
        m.lock().unwrap().insert(k + 1, v); // want: lock_twice
    }
}

fn tail(m: &Mutex<Vec<u32>>) -> usize {
    let n = { m.lock().unwrap().len() } + m.lock().unwrap().len();
    n
}

// a match scrutinee holds them to the end of the match in every edition
fn matched(m: &Mutex<HashMap<u32, u32>>, k: u32) {
    match m.lock().unwrap().get(&k) {
        Some(_) => {}
        None => {
            m.lock().unwrap().insert(k, 0); // want: lock_twice
        }
    }
}
