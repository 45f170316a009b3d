// A future created once before a loop and raced by reference in `tokio::select!`: once it
// completed, the next iteration polls it again.
use std::pin::pin;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::time::{self, sleep, Instant};

async fn do_work() -> u32 {
    42
}

pub async fn pinned_with_tokio_macro(mut rx: mpsc::Receiver<u32>) {
    let work = do_work();
    tokio::pin!(work);
    loop {
        tokio::select! {
            v = &mut work => { // want: poll_after_ready
                println!("work finished: {v}");
            }
            Some(msg) = rx.recv() => {
                println!("message {msg}");
            }
        }
    }
}

pub async fn pinned_with_std_macro(mut rx: mpsc::Receiver<u32>) {
    let mut work = pin!(do_work());
    loop {
        tokio::select! {
            v = work.as_mut() => println!("done {v}"), // want: poll_after_ready
            msg = rx.recv() => match msg {
                Some(m) => println!("message {m}"),
                None => break,
            },
        }
    }
}

pub async fn boxed(mut rx: mpsc::Receiver<u32>) {
    let mut work = Box::pin(do_work());
    let mut total = 0;
    loop {
        tokio::select! {
            v = &mut work => total += v, // want: poll_after_ready
            Some(m) = rx.recv() => total += m,
            else => break,
        }
    }
    println!("{total}");
}

// An unpinned oneshot receiver panics when polled after it completed.
pub async fn oneshot_in_loop(mut stop: oneshot::Receiver<()>, mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            _ = &mut stop => { // want: poll_after_ready
                println!("stop requested");
            }
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

// A timer that fired completes immediately on every later iteration.
pub async fn timer_not_reset(mut rx: mpsc::Receiver<u32>) {
    let deadline = sleep(Duration::from_secs(5));
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            _ = &mut deadline => println!("tick"), // want: poll_after_ready
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

// Look-alikes that stay quiet.

// The tokio tutorial: leave the loop when the pinned operation completes.
pub async fn break_in_handler(mut rx: mpsc::Receiver<u32>) -> u32 {
    let work = do_work();
    tokio::pin!(work);
    loop {
        tokio::select! {
            v = &mut work => {
                println!("finished");
                break v;
            }
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

pub async fn return_in_handler(mut rx: mpsc::Receiver<u32>) -> Option<u32> {
    let mut work = Box::pin(do_work());
    loop {
        tokio::select! {
            v = &mut work => return Some(v),
            m = rx.recv() => {
                if m.is_none() {
                    return None;
                }
            }
        }
    }
}

// The tutorial's `, if !done` precondition disables the branch once it completed.
pub async fn precondition(mut rx: mpsc::Receiver<u32>) {
    let work = do_work();
    tokio::pin!(work);
    let mut done = false;
    loop {
        tokio::select! {
            v = &mut work, if !done => {
                done = true;
                println!("{v}");
            }
            Some(m) = rx.recv() => println!("{m}"),
            else => break,
        }
    }
}

// Replacing the future in the handler: the tutorial's `operation.set(action(Some(v)))`.
pub async fn reassigned(mut rx: mpsc::Receiver<u32>) {
    let work = do_work();
    tokio::pin!(work);
    loop {
        tokio::select! {
            v = &mut work => {
                println!("{v}");
                work.set(do_work());
            }
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

pub async fn reboxed(mut rx: mpsc::Receiver<u32>) {
    let mut work = Box::pin(do_work());
    loop {
        tokio::select! {
            v = &mut work => {
                println!("{v}");
                work = Box::pin(do_work());
            }
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

// A timer re-armed after it fired.
pub async fn timer_reset(mut rx: mpsc::Receiver<u32>) {
    let ticker = sleep(Duration::from_secs(1));
    tokio::pin!(ticker);
    loop {
        tokio::select! {
            _ = &mut ticker => {
                println!("tick");
                ticker.as_mut().reset(Instant::now() + Duration::from_secs(1));
            }
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

// A future created inside the loop is a new one on every iteration.
pub async fn created_in_loop(mut rx: mpsc::Receiver<u32>) {
    loop {
        let work = do_work();
        tokio::pin!(work);
        tokio::select! {
            v = &mut work => println!("{v}"),
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

// futures::select! requires fused futures, which may be polled after completion.
pub async fn futures_select(mut rx: futures::channel::mpsc::Receiver<u32>) {
    use futures::{FutureExt, StreamExt};
    let work = do_work().fuse();
    futures::pin_mut!(work);
    loop {
        futures::select! {
            v = &mut work => println!("{v}"),
            m = rx.next() => println!("{m:?}"),
            complete => break,
        }
    }
}

// A fused future in tokio::select!: after completion it stays pending.
pub async fn fused_in_tokio(mut rx: mpsc::Receiver<u32>) {
    use futures::FutureExt;
    let mut work = Box::pin(do_work().fuse());
    loop {
        tokio::select! {
            v = &mut work => println!("{v}"),
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

// The handler's value decides whether the loop ends.
pub async fn value_used(mut rx: mpsc::Receiver<u32>) {
    let work = do_work();
    tokio::pin!(work);
    loop {
        let finished = tokio::select! {
            _ = &mut work => true,
            Some(m) = rx.recv() => {
                println!("{m}");
                false
            }
        };
        if finished {
            break;
        }
    }
}

// The handler sets a flag that the loop condition reads.
pub async fn while_flag(mut rx: mpsc::Receiver<u32>) {
    let mut work = Box::pin(do_work());
    let mut running = true;
    while running {
        tokio::select! {
            v = &mut work => {
                println!("{v}");
                running = false;
            }
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

// The handler records the result and a later statement of the loop body leaves.
pub async fn later_exit(mut rx: mpsc::Receiver<u32>) -> u32 {
    let mut work = Box::pin(do_work());
    let mut result = None;
    loop {
        tokio::select! {
            v = &mut work => result = Some(v),
            Some(m) = rx.recv() => println!("{m}"),
        }
        if let Some(v) = result {
            return v;
        }
    }
}

// The handler arms a deadline, and the top of the loop leaves once it is set: the next turn
// returns before it reaches the select again.
pub async fn earlier_exit(mut rx: mpsc::Receiver<u32>) -> u32 {
    let mut stop = Box::pin(do_work());
    let mut deadline: Option<std::time::Instant> = None;
    let mut seen = 0;
    loop {
        if deadline.is_some() {
            return seen;
        }
        tokio::select! {
            _ = stop.as_mut() => {
                deadline = Some(std::time::Instant::now());
            }
            Some(m) = rx.recv() => seen += m,
        }
    }
}

// Twin: the top of the loop reads the deadline but only logs it, and goes on to the select.
pub async fn earlier_log(mut rx: mpsc::Receiver<u32>) {
    let mut stop = Box::pin(do_work());
    let mut deadline: Option<std::time::Instant> = None;
    loop {
        if deadline.is_some() {
            println!("stopping soon");
        }
        tokio::select! {
            _ = stop.as_mut() => { // want: poll_after_ready
                deadline = Some(std::time::Instant::now());
            }
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

// Interval ticks are not one-shot futures.
pub async fn interval(mut rx: mpsc::Receiver<u32>) {
    let mut every = time::interval(Duration::from_secs(1));
    loop {
        tokio::select! {
            _ = every.tick() => println!("tick"),
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

// The future is polled in a select! that is not in a loop.
pub async fn no_loop(mut rx: mpsc::Receiver<u32>) {
    let work = do_work();
    tokio::pin!(work);
    tokio::select! {
        v = &mut work => println!("{v}"),
        Some(m) = rx.recv() => println!("{m}"),
    }
    let rest = work.await;
    println!("{rest}");
}

// Leaving an outer labeled loop from the handler.
pub async fn labeled(mut rx: mpsc::Receiver<u32>) {
    let work = do_work();
    tokio::pin!(work);
    'outer: loop {
        for _ in 0..3 {
            tokio::select! {
                _ = &mut work => break 'outer,
                Some(m) = rx.recv() => println!("{m}"),
            }
        }
    }
}

// A connection-age timeout: the graceful case asks the connection to shut down and goes on
// looping until it does, polling the finished `age` future again on the next iteration.
pub enum AgeAction {
    Graceful,
    Forceful,
}

async fn max_age(age: Option<Duration>, grace: Option<Duration>) -> AgeAction {
    match age {
        Some(age) => {
            sleep(age).await;
            match grace {
                Some(grace) => {
                    sleep(grace).await;
                    AgeAction::Forceful
                }
                None => AgeAction::Graceful,
            }
        }
        None => std::future::pending().await,
    }
}

pub trait Conn: std::future::Future<Output = ()> {
    fn graceful_shutdown(self: std::pin::Pin<&mut Self>);
}

pub async fn serve<C: Conn>(conn: C, age: Option<Duration>) {
    let mut conn = pin!(conn);
    let mut age_fut = pin!(max_age(age, None));
    loop {
        tokio::select! {
            _ = &mut conn => break,
            action = &mut age_fut => match action { // want: poll_after_ready
                AgeAction::Graceful => conn.as_mut().graceful_shutdown(),
                AgeAction::Forceful => break,
            },
        }
    }
}

// A pinned shadow of a future made earlier.
pub async fn shadowed(mut rx: mpsc::Receiver<u32>) {
    let job = do_work();
    let mut job = pin!(job);
    loop {
        tokio::select! {
            v = &mut job => println!("{v}"), // want: poll_after_ready
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

// A crate's own fuse wrapper, built as a struct literal.
pub struct Fuse<F> {
    inner: Option<F>,
}

pub async fn own_fuse(mut rx: mpsc::Receiver<u32>, changed: Option<oneshot::Receiver<()>>) {
    let mut sig = pin!(Fuse { inner: changed });
    loop {
        tokio::select! {
            _ = &mut sig => println!("signal"),
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

// A shutdown signal of a named type: whether it may be polled after completion depends on
// its own implementation (many are fused), which this file does not show.
pub struct ShutdownSignal;

pub async fn drain_after_shutdown(mut shutdown: ShutdownSignal, mut rx: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            biased;
            _ = &mut shutdown => println!("draining"),
            m = rx.recv() => match m {
                Some(m) => println!("{m}"),
                None => break,
            },
        }
    }
}

// A task that never completes: its branch never fires.
async fn report_forever(mut every: time::Interval) {
    loop {
        every.tick().await;
        println!("still alive");
    }
}

pub async fn with_reporter(mut rx: mpsc::Receiver<u32>) {
    let reporter = report_forever(time::interval(Duration::from_secs(10)));
    tokio::pin!(reporter);
    loop {
        tokio::select! {
            Some(m) = rx.recv() => println!("{m}"),
            _ = &mut reporter => {}
        }
    }
}

// A spawned task's JoinHandle polled again: tokio panics "JoinHandle polled after completion".
pub async fn handle_in_loop(mut rx: mpsc::Receiver<u32>) {
    let mut resize = tokio::spawn(do_work());
    loop {
        tokio::select! {
            r = &mut resize => println!("resize task ended: {r:?}"), // want: poll_after_ready
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

// Its twins: the handler leaves the loop, or a new task replaces the handle.
pub async fn handle_in_loop_fixed(mut rx: mpsc::Receiver<u32>) {
    let mut resize = tokio::spawn(do_work());
    loop {
        tokio::select! {
            r = &mut resize => {
                println!("resize task ended: {r:?}");
                break;
            }
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
    let mut poller = tokio::spawn(do_work());
    loop {
        tokio::select! {
            r = &mut poller => {
                println!("poller ended: {r:?}");
                poller = tokio::spawn(do_work());
            }
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}

// A oneshot made before the loop.
pub async fn made_oneshot(mut rx: mpsc::Receiver<u32>) {
    let (_done_tx, mut done) = oneshot::channel::<()>();
    loop {
        tokio::select! {
            _ = &mut done => println!("done"), // want: poll_after_ready
            Some(m) = rx.recv() => println!("{m}"),
        }
    }
}
