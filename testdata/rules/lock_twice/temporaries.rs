// Temporaries: a guard in a statement lives to the end of that statement; in a `match`
// scrutinee to the end of the `match`; in a `while let` through the body.
use std::collections::HashMap;
use std::sync::Mutex;

fn statement(m: &Mutex<Vec<u32>>) {
    m.lock().unwrap().push(1);
    m.lock().unwrap().push(2);
}

fn same_statement(m: &Mutex<Vec<u32>>) -> usize {
    m.lock().unwrap().len() + m.lock().unwrap().len() // want: lock_twice
}

fn argument(m: &Mutex<Vec<u32>>) {
    let n = m.lock().unwrap().len() as u32;
    m.lock().unwrap().push(n);
    m.lock().unwrap().push(m.lock().unwrap().len() as u32); // want: lock_twice
}

// the right side of an assignment runs first, and its temporary lives to the `;`
fn assignment(m: &Mutex<Vec<usize>>) {
    m.lock().unwrap()[0] = m.lock().unwrap().len(); // want: lock_twice
}

fn match_scrutinee(m: &Mutex<HashMap<u32, u32>>, k: u32) {
    match m.lock().unwrap().get(&k).copied() {
        Some(v) => println!("{v}"),
        None => {
            m.lock().unwrap().insert(k, 0); // want: lock_twice
        }
    }
}

// harmless twin: the value is bound in its own statement
fn match_on_local(m: &Mutex<HashMap<u32, u32>>, k: u32) {
    let found = m.lock().unwrap().get(&k).copied();
    match found {
        Some(v) => println!("{v}"),
        None => {
            m.lock().unwrap().insert(k, 0);
        }
    }
}

fn while_let(m: &Mutex<Vec<u32>>) {
    while let Some(x) = m.lock().unwrap().pop() {
        if x > 10 {
            m.lock().unwrap().push(x / 2); // want: lock_twice
        }
    }
}

// harmless twin: the pop is its own statement
fn loop_pop(m: &Mutex<Vec<u32>>) {
    loop {
        let Some(x) = m.lock().unwrap().pop() else { break };
        if x > 10 {
            m.lock().unwrap().push(x / 2);
        }
    }
}

// an `if` condition is its own scope
fn if_condition(m: &Mutex<Vec<u32>>) {
    if m.lock().unwrap().is_empty() {
        m.lock().unwrap().push(0);
    }
}

fn for_iterator(m: &Mutex<Vec<u32>>) {
    for x in m.lock().unwrap().clone().iter() {
        m.lock().unwrap().push(*x); // want: lock_twice
    }
}

// `&&` operands are their own scopes
fn and_operands(m: &Mutex<Vec<u32>>) -> bool {
    m.lock().unwrap().is_empty() && m.lock().unwrap().capacity() > 0
}

// format! drops its argument temporaries inside the macro, but the first is alive while
// the second argument is evaluated (macro bodies are re-parsed in async code)
async fn in_format(m: &Mutex<Vec<u32>>) -> String {
    format!("{} {}", m.lock().unwrap().len(), m.lock().unwrap().len()) // want: lock_twice
}

async fn separate_formats(m: &Mutex<Vec<u32>>) -> String {
    let a = format!("{}", m.lock().unwrap().len());
    let b = format!("{}", m.lock().unwrap().len());
    a + &b
}

// a reference to the guard extends it to the end of the block
fn extended(m: &Mutex<Vec<u32>>) {
    let v = &*m.lock().unwrap();
    let n = v.len() as u32;
    m.lock().unwrap().push(n); // want: lock_twice
}

// a reference to a field of the guard extends the guard too
fn field_reference(m: &Mutex<(Vec<u32>, Vec<u32>)>) {
    let created = &m.lock().unwrap().0;
    for x in created {
        m.lock().unwrap().1.push(*x); // want: lock_twice
    }
}

// harmless twin: a reference to a method's result does not extend the guard
fn method_reference(m: &Mutex<Vec<u32>>) {
    let n = &m.lock().unwrap().len();
    m.lock().unwrap().push(*n as u32);
}

// the guard bound first, then an `else if let` that locks again
fn else_if_let(m: &Mutex<HashMap<u32, u32>>) {
    let guard = m.lock().unwrap();
    if let Some(v) = guard.get(&1) {
        println!("{v}");
    } else if let None = m.lock().unwrap().get(&2) { // want: lock_twice
        println!("none");
    }
}
