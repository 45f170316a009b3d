// A `while !done` loop whose shutdown branch sets the flag: that branch ends the loop, so it
// cannot restart the status timer. A branch that sets it only sometimes, or sets it to the
// value that keeps the loop going, still can.
use std::time::Duration;
use tokio::time::sleep;

pub struct Watch {
    done: bool,
}

impl Watch {
    pub async fn status_loop(&mut self, mut shutdown: tokio::sync::mpsc::Receiver<()>, mut stop: tokio::sync::oneshot::Receiver<()>) {
        while !self.done {
            tokio::select! {
                _ = sleep(Duration::from_secs(5)) => println!("status"),
                _ = &mut stop => break,
                _ = shutdown.recv() => {
                    self.done = true;
                }
            }
        }
    }

    pub async fn maybe_stops(&mut self, mut events: tokio::sync::mpsc::Receiver<u32>) {
        while !self.done {
            tokio::select! {
                _ = sleep(Duration::from_secs(5)) => println!("status"), // want: select_timer_in_loop
                Some(e) = events.recv() => {
                    if e == 0 {
                        self.done = true;
                    }
                }
            }
        }
    }
}

pub async fn running_flag(mut quit: tokio::sync::mpsc::Receiver<()>, mut work: tokio::sync::mpsc::Receiver<u32>) {
    let mut running = true;
    while running {
        tokio::select! {
            _ = sleep(Duration::from_secs(1)) => println!("tick"), // want: select_timer_in_loop
            Some(w) = work.recv() => println!("{w}"),
            _ = quit.recv() => {
                running = false;
            }
        }
    }
}
