// A `poll_fn` future polled as a branch of a looped `select!` beside a branch that fires and
// keeps the loop going: every wake-up of that branch polls it again, so a state it reads is
// seen late, not never (a note). Each twin can hang: the other branch only stops the loop,
// the select runs once, or the helper is also awaited on its own.
use std::future::poll_fn;
use std::sync::{Arc, Mutex};
use std::task::Poll;

use tokio::sync::mpsc;

async fn drain_applied(table: &Arc<Mutex<Vec<u32>>>) -> u32 {
    poll_fn(move |_cx| {
        if let Some(v) = table.lock().unwrap().pop() {
            return Poll::Ready(v);
        }
        Poll::Pending // want: pending_without_waker@note
    })
    .await
}

pub async fn service(table: Arc<Mutex<Vec<u32>>>, mut requests: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(req) = requests.recv() => {
                table.lock().unwrap().push(req);
            }
            applied = drain_applied(&table) => {
                println!("applied {applied}");
            }
        }
    }
}

pub async fn service_inline(queue: Arc<Mutex<Vec<u32>>>, mut requests: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(req) = requests.recv() => queue.lock().unwrap().push(req),
            v = poll_fn(|_cx| match queue.lock().unwrap().pop() {
                Some(v) => Poll::Ready(v),
                None => Poll::Pending, // want: pending_without_waker@note
            }) => println!("{v}"),
        }
    }
}

async fn next_job(jobs: &Arc<Mutex<Vec<u32>>>) -> u32 {
    poll_fn(move |_cx| {
        if let Some(v) = jobs.lock().unwrap().pop() {
            return Poll::Ready(v);
        }
        Poll::Pending // want: pending_without_waker@warning
    })
    .await
}

// The other branch only ends the loop: nothing else wakes the task.
pub async fn worker(jobs: Arc<Mutex<Vec<u32>>>, mut stop: mpsc::Receiver<()>) {
    loop {
        tokio::select! {
            _ = stop.recv() => break,
            job = next_job(&jobs) => println!("{job}"),
        }
    }
}

async fn next_event(events: &Arc<Mutex<Vec<u32>>>) -> u32 {
    poll_fn(move |_cx| {
        if let Some(v) = events.lock().unwrap().pop() {
            return Poll::Ready(v);
        }
        Poll::Pending // want: pending_without_waker@warning
    })
    .await
}

pub async fn events_loop(events: Arc<Mutex<Vec<u32>>>, mut ticks: mpsc::Receiver<()>) {
    loop {
        tokio::select! {
            _ = ticks.recv() => {}
            e = next_event(&events) => println!("{e}"),
        }
    }
}

// Awaited on its own too: there, nothing polls it again.
pub async fn first_event(events: Arc<Mutex<Vec<u32>>>) -> u32 {
    next_event(&events).await
}

// One select!, no loop: the branch that fires ends the wait.
pub async fn once(queue: Arc<Mutex<Vec<u32>>>, mut requests: mpsc::Receiver<u32>) {
    tokio::select! {
        Some(req) = requests.recv() => println!("{req}"),
        v = poll_fn(|_cx| match queue.lock().unwrap().pop() {
            Some(v) => Poll::Ready(v),
            None => Poll::Pending, // want: pending_without_waker@warning
        }) => println!("{v}"),
    }
}
