// "The same lock" is the same place: a field path of self, one local binding (or a clone or
// reference of another place bound in this function), one static.
use std::sync::{Arc, Mutex, RwLock};

static REGISTRY: Mutex<Vec<u32>> = Mutex::new(Vec::new());
static OTHER: Mutex<Vec<u32>> = Mutex::new(Vec::new());

pub struct Node {
    inner: Arc<Inner>,
    peers: Vec<Arc<Mutex<u32>>>,
}

pub struct Inner {
    state: Mutex<u32>,
    table: RwLock<Vec<u32>>,
}

impl Node {
    pub fn nested_field(&self) {
        let state = self.inner.state.lock().unwrap();
        let inner = self.inner.clone();
        *inner.state.lock().unwrap() += *state; // want: lock_twice
    }

    pub fn reference_alias(&self) {
        let table = &self.inner.table;
        let read = table.read().unwrap();
        if read.is_empty() {
            self.inner.table.write().unwrap().push(1); // want: lock_twice
        }
    }

    pub fn arc_clone(&self) {
        let inner = Arc::clone(&self.inner);
        let _s = self.inner.state.lock().unwrap();
        let _t = inner.state.lock().unwrap(); // want: lock_twice
    }

    // indexes are not compared: `peers[i]` and `peers[j]` may differ
    pub fn indexed(&self, i: usize, j: usize) {
        let a = self.peers[i].lock().unwrap();
        let b = self.peers[j].lock().unwrap();
        let _ = *a + *b;
    }

    // loop variables are different bindings on each iteration, and two loops two bindings
    pub fn pairs(&self) {
        for a in &self.peers {
            let ga = a.lock().unwrap();
            for b in &self.peers {
                if !Arc::ptr_eq(a, b) {
                    let _gb = b.lock().unwrap();
                }
            }
            drop(ga);
        }
    }
}

pub fn statics() {
    let r = REGISTRY.lock().unwrap();
    let o = OTHER.lock().unwrap();
    if r.len() > o.len() {
        REGISTRY.lock().unwrap().clear(); // want: lock_twice
    }
}

// two parameters may or may not be the same lock: not reported
pub fn params(a: &Mutex<u32>, b: &Mutex<u32>) {
    let ga = a.lock().unwrap();
    let gb = b.lock().unwrap();
    let _ = *ga + *gb;
}

// shadowing: the second `m` is another lock
pub fn shadowed(x: Arc<Mutex<u32>>, y: Arc<Mutex<u32>>) {
    let m = x;
    let g = m.lock().unwrap();
    let m = y;
    let h = m.lock().unwrap();
    let _ = *g + *h;
}

// a binding assigned again may hold another lock by the second call
pub fn reassigned(x: &Mutex<u32>, y: &Mutex<u32>) {
    let mut m = x;
    let g = m.lock().unwrap();
    m = y;
    let h = m.lock().unwrap();
    let _ = *g + *h;
}

// a clone of an Arc bound in this function is the same lock
pub fn clones() {
    let shared = Arc::new(Mutex::new(0u32));
    let worker = shared.clone();
    let g = shared.lock().unwrap();
    *worker.lock().unwrap() += *g; // want: lock_twice
}

// a closure parameter is its own binding
pub fn closure_param(list: &[Mutex<u32>]) -> u32 {
    let first = list[0].lock().unwrap();
    list.iter().skip(1).map(|m| *m.lock().unwrap()).sum::<u32>() + *first
}
