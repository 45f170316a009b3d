// Branches that can restart the timer only a bounded number of times: a start-up wait that
// counts its workers down, a local set of futures filled before the loop and only drained.
// The timer (a progress line) is late by at most those wins, then runs on its period: a
// note. Their twins can win forever: a stream, a set the loop refills, a count the winning
// branch does not always lower.
use std::time::Duration;

use futures::stream::{FuturesUnordered, StreamExt};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::sleep;

async fn wait_for_workers(mut done: mpsc::Receiver<()>, workers: usize) {
    let mut left = workers;
    while left > 0 {
        tokio::select! {
            _ = sleep(Duration::from_secs(30)) => { // want: select_timer_in_loop@note
                println!("still waiting for {left} workers");
                progress();
            }
            _ = done.recv() => {
                left -= 1;
            }
        }
    }
}

// Twin: the count goes down only for some messages; the others restart the timer forever.
async fn wait_for_some(mut done: mpsc::Receiver<bool>, workers: usize) {
    let mut left = workers;
    while left > 0 {
        tokio::select! {
            _ = sleep(Duration::from_secs(30)) => progress(), // want: select_timer_in_loop@warning
            Some(ok) = done.recv() => {
                if ok {
                    left -= 1;
                }
            }
        }
    }
}

async fn run_clients(n: usize) {
    let mut clients = FuturesUnordered::new();
    for i in 0..n {
        clients.push(tokio::spawn(client(i)));
    }
    loop {
        tokio::select! {
            _ = sleep(Duration::from_secs(1)) => progress(), // want: select_timer_in_loop@note
            item = clients.next() => {
                if item.is_none() {
                    break;
                }
            }
        }
    }
}

async fn run_joinset(n: usize) {
    let mut tasks = JoinSet::new();
    for i in 0..n {
        tasks.spawn(client(i));
    }
    while !tasks.is_empty() {
        tokio::select! {
            _ = sleep(Duration::from_secs(1)) => progress(), // want: select_timer_in_loop@note
            Some(_) = tasks.join_next() => {}
        }
    }
}

// Twin: the loop refills the set, so completions never run out.
async fn run_refilled(n: usize) {
    let mut clients = FuturesUnordered::new();
    for i in 0..n {
        clients.push(tokio::spawn(client(i)));
    }
    loop {
        tokio::select! {
            _ = sleep(Duration::from_secs(1)) => progress(), // want: select_timer_in_loop@warning
            Some(_) = clients.next() => {
                clients.push(tokio::spawn(client(0)));
            }
        }
    }
}

// Twin: a stream of connections has no end the loop can count on.
async fn run_stream(mut conns: mpsc::Receiver<usize>) {
    let mut incoming = tokio_stream::wrappers::ReceiverStream::new(conns);
    loop {
        tokio::select! {
            _ = sleep(Duration::from_secs(1)) => progress(), // want: select_timer_in_loop@warning
            Some(c) = incoming.next() => handle(c),
        }
    }
}

async fn client(_i: usize) {}
fn progress() {}
fn handle(_c: usize) {}
