// Each way of naming tokio's sleep, in a loop whose other branch keeps the loop going.
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time;
use tokio::time::sleep;
use tokio::time::sleep as delay;
use tokio::time::{self as clock, timeout};

async fn imported_fn(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("got {v}"),
            _ = sleep(Duration::from_secs(5)) => { // want: select_timer_in_loop@warning
                println!("heartbeat");
            }
        }
    }
}

async fn full_path(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("got {v}"),
            _ = tokio::time::sleep(Duration::from_secs(5)) => println!("heartbeat"), // want: select_timer_in_loop@warning
        }
    }
}

async fn leading_colons(mut rx: mpsc::Receiver<u32>) {
    loop {
        ::tokio::select! {
            Some(v) = rx.recv() => println!("got {v}"),
            _ = ::tokio::time::sleep(Duration::from_secs(5)) => println!("heartbeat"), // want: select_timer_in_loop@warning
        }
    }
}

async fn module_import(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("got {v}"),
            _ = time::sleep(Duration::from_millis(250)) => flush(), // want: select_timer_in_loop@warning
        }
    }
}

async fn module_renamed(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("got {v}"),
            _ = clock::sleep(Duration::from_millis(250)) => flush(), // want: select_timer_in_loop@warning
        }
    }
}

async fn fn_renamed(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("got {v}"),
            _ = delay(Duration::from_millis(250)) => flush(), // want: select_timer_in_loop@warning
        }
    }
}

// The timer is inside the branch future: a timeout around the receive restarts every time a
// message arrives, and only then: a per-receive (idle) timeout, a note.
async fn timeout_wrapper(mut rx: mpsc::Receiver<u32>, mut shutdown: mpsc::Receiver<()>) {
    loop {
        tokio::select! {
            res = timeout(Duration::from_secs(30), rx.recv()) => match res { // want: select_timer_in_loop@note
                Ok(Some(v)) => println!("got {v}"),
                Ok(None) => return,
                Err(_) => println!("nothing for 30s"),
            },
            _ = shutdown.recv() => break,
        }
    }
}

// A timeout whose every outcome leaves the loop is never restarted.
async fn timeout_then_leave(mut rx: mpsc::Receiver<u32>, mut shutdown: mpsc::Receiver<()>) -> Option<u32> {
    loop {
        tokio::select! {
            res = time::timeout(Duration::from_secs(30), rx.recv()) => return res.ok().flatten(),
            _ = shutdown.recv() => return None,
        }
    }
}

// std's blocking sleep is not a timer future (and is another rule's business).
async fn std_sleep_is_not_a_timer(mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("got {v}"),
            _ = async { std::thread::sleep(Duration::from_millis(1)) } => {}
        }
    }
}

fn flush() {}

// A method called `sleep` does not shadow the imported function; the crate's method is
// followed to what it returns, a new timer on every call.
struct TokioRuntime;

trait Runtime {
    fn sleep(&self, d: Duration) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;
}

impl Runtime for TokioRuntime {
    fn sleep(&self, d: Duration) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
        Box::pin(sleep(d))
    }
}

async fn with_a_sleep_method(rt: &TokioRuntime, mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("got {v}"),
            _ = rt.sleep(Duration::from_secs(5)) => println!("the method's timer"), // want: select_timer_in_loop
            _ = sleep(Duration::from_secs(5)) => println!("heartbeat"), // want: select_timer_in_loop@warning
        }
    }
}
