// A macro whose body is a list of arms (a web framework's `router!`): each request runs one
// arm, so a lock taken in one arm and again in another is never held twice. Inside one arm,
// locking twice still deadlocks. (The calls sit in a closure, as a server's handler does:
// a macro body outside async code and closures is parsed only for some words.)
use std::sync::Mutex;

macro_rules! route {
    ($req:expr, $( ($m:ident) ($($p:tt)*) => $body:block ),* $(,)?) => {
        match $req {
            $( m if m == stringify!($m) => $body, )*
            _ => 0,
        }
    };
}

pub fn handle(req: &str, certs: &Mutex<Vec<u8>>) -> usize {
    (|| route!(req,
        (POST) (/api/v1/alloc) => {
            let mut all = certs.lock().unwrap();
            all.push(1);
            all.len()
        },
        (GET) (/api/v1/certs) => {
            let all = certs.lock().unwrap();
            all.len() + 1
        },
    ))()
}

pub fn handle_twice(req: &str, certs: &Mutex<Vec<u8>>) -> usize {
    (|| route!(req,
        (PUT) (/api/v1/both) => {
            let first = certs.lock().unwrap();
            let second = certs.lock().unwrap(); // want: lock_twice
            first.len() + second.len()
        },
    ))()
}
