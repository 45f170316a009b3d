// A timer whose length is taken out of a slot on each turn: it exists only when the code
// that handles events armed it again (a render deferred until a frame is due). Each arming
// schedules it anew: a note. The twins read the slot without taking it (the same timer every
// turn), or the event branch puts the very length back: periodic work that events starve.
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::sleep;

struct App {
    next_render: Option<Duration>,
    period: Option<Duration>,
}

impl App {
    fn dispatch(&mut self, _e: u32) {
        self.next_render = Some(Duration::from_millis(10));
    }
    fn render(&mut self) {}

    async fn serve(&mut self, mut rx: mpsc::Receiver<u32>) {
        loop {
            if let Some(t) = self.next_render.take() {
                tokio::select! {
                    _ = sleep(t) => self.render(), // want: select_timer_in_loop@note
                    Some(e) = rx.recv() => self.dispatch(e),
                }
            } else if let Some(e) = rx.recv().await {
                self.dispatch(e);
            } else {
                break;
            }
        }
    }

    // Twin: the slot is read, not taken: the same timer is made on every turn.
    async fn serve_periodic(&mut self, mut rx: mpsc::Receiver<u32>) {
        loop {
            if let Some(t) = self.period {
                tokio::select! {
                    _ = sleep(t) => self.render(), // want: select_timer_in_loop@warning
                    Some(e) = rx.recv() => self.dispatch(e),
                }
            }
        }
    }

    // Twin: the event branch puts the taken length straight back.
    async fn serve_rearmed(&mut self, mut rx: mpsc::Receiver<u32>) {
        loop {
            if let Some(t) = self.period.take() {
                tokio::select! {
                    _ = sleep(t) => self.render(), // want: select_timer_in_loop@warning
                    Some(_) = rx.recv() => {
                        self.period = Some(t);
                    }
                }
            }
        }
    }
}
