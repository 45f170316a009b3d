// A timer whose handler runs the very code that every branch restarting it runs: the work
// happens on each trigger, and the timer only runs it again after a quiet period ("pick a
// compaction on every trigger, or every interval"). Restarting it loses nothing: a note.
// Its twins run the work only sometimes, or other work, in the restarting branch: starved
// periodic work, a warning.
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::sleep;

struct Picker;
impl Picker {
    async fn pick(&self) -> Option<u32> {
        None
    }
}

async fn schedule(picker: Picker, mut trigger: mpsc::Receiver<()>, queue: std::sync::Mutex<Vec<u32>>, every: Duration) {
    loop {
        tokio::select! {
            _ = sleep(every) => { // want: select_timer_in_loop@note
                if let Some(task) = picker.pick().await {
                    queue.lock().unwrap().push(task);
                }
            }
            signal = trigger.recv() => {
                if signal.is_none() {
                    return;
                }
                if let Some(task) = picker.pick().await {
                    queue.lock().unwrap().push(task);
                }
            }
        }
    }
}

struct Buffer {
    rows: Vec<u32>,
}
impl Buffer {
    async fn compact(&mut self) {
        self.rows.clear();
    }
}

// Twin: the message branch compacts only when the buffer is full; under steady traffic below
// that, the compaction timer never fires.
async fn batch(mut buf: Buffer, mut rows: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            _ = sleep(Duration::from_millis(50)) => buf.compact().await, // want: select_timer_in_loop@warning
            Some(r) = rows.recv() => {
                buf.rows.push(r);
                if buf.rows.len() > 64 {
                    buf.compact().await;
                }
            }
        }
    }
}

// Twin: the trigger branch does part of the work only.
async fn schedule_and_report(picker: Picker, mut trigger: mpsc::Receiver<()>, queue: std::sync::Mutex<Vec<u32>>, every: Duration) {
    loop {
        tokio::select! {
            _ = sleep(every) => { // want: select_timer_in_loop@warning
                if let Some(task) = picker.pick().await {
                    queue.lock().unwrap().push(task);
                }
                println!("periodic report");
                report().await;
            }
            Some(()) = trigger.recv() => {
                if let Some(task) = picker.pick().await {
                    queue.lock().unwrap().push(task);
                }
            }
        }
    }
}

async fn report() {}

// A batcher whose receive branch flushes itself once the last flush is old enough: the timer
// covers quiet spells only, so a steady trickle that restarts it still gets flushed on time.
// A note. Its twin flushes on size alone: a trickle that never fills the batch keeps
// restarting the timer, and nothing is flushed.
pub async fn batch_by_age(mut rx: tokio::sync::mpsc::Receiver<u32>) {
    let mut batch = Vec::new();
    let mut last = std::time::Instant::now();
    loop {
        tokio::select! {
            Some(e) = rx.recv() => {
                batch.push(e);
                if last.elapsed().as_secs() > 10 || batch.len() > 5000 {
                    ship(&batch).await;
                    batch.clear();
                    last = std::time::Instant::now();
                }
            }
            _ = tokio::time::sleep(std::time::Duration::from_secs(10)) => { // want: select_timer_in_loop@note
                if !batch.is_empty() {
                    ship(&batch).await;
                    batch.clear();
                    last = std::time::Instant::now();
                }
            }
        }
    }
}

pub async fn batch_by_size(mut rx: tokio::sync::mpsc::Receiver<u32>) {
    let mut batch = Vec::new();
    loop {
        tokio::select! {
            Some(e) = rx.recv() => {
                batch.push(e);
                if batch.len() > 5000 {
                    ship(&batch).await;
                    batch.clear();
                }
            }
            _ = tokio::time::sleep(std::time::Duration::from_secs(10)) => { // want: select_timer_in_loop@warning
                if !batch.is_empty() {
                    ship(&batch).await;
                    batch.clear();
                }
            }
        }
    }
}

async fn ship(_b: &[u32]) {}
