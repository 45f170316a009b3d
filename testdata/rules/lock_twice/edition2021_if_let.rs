// Before Rust 2024 an `if let` scrutinee's temporaries live through the `else` block.
use std::collections::HashMap;
use std::sync::Mutex;

fn get_or_insert(m: &Mutex<HashMap<u32, u32>>, k: u32) -> u32 {
    if let Some(v) = m.lock().unwrap().get(&k) {
        *v
    } else {
        m.lock().unwrap().insert(k, 0); // want: lock_twice
        0
    }
}

fn in_body(m: &Mutex<HashMap<u32, u32>>, k: u32) {
    if let Some(v) = m.lock().unwrap().get(&k).copied() {
        m.lock().unwrap().insert(k + 1, v); // want: lock_twice
    }
}

// harmless twin: the lookup is its own statement
fn get_or_insert_twin(m: &Mutex<HashMap<u32, u32>>, k: u32) -> u32 {
    let found = m.lock().unwrap().get(&k).copied();
    if let Some(v) = found {
        v
    } else {
        m.lock().unwrap().insert(k, 0);
        0
    }
}

// a block's tail temporaries live to the end of the enclosing statement before 2024
fn tail(m: &Mutex<Vec<u32>>) -> usize {
    let n = { m.lock().unwrap().len() } + m.lock().unwrap().len(); // want: lock_twice
    n
}
