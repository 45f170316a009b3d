// A constructor whose value fills a once cell: `cell.set(Ticker::create(..)).unwrap()` makes
// it once by design (a second `set` panics), so its ticker is one task for the cell's life:
// a note. The twin ignores a failed `set` and is loaded again on every reload: every call
// makes one more value and one more ticker that nothing stops.
use std::sync::OnceLock;
use std::time::Duration;

pub struct Ticker {
    pub every: Duration,
}

impl Ticker {
    pub fn create(every: Duration) -> Self {
        tokio::spawn(async move { // want: detached_task@note
            loop {
                tokio::time::sleep(every).await;
            }
        });
        Ticker { every }
    }
}

pub struct App {
    ticker: OnceLock<Ticker>,
}

impl App {
    pub fn load(&self) {
        self.ticker.set(Ticker::create(Duration::from_secs(30))).map_err(|_| "loaded twice").unwrap();
    }
}

pub struct Pulse;

impl Pulse {
    pub fn create() -> Self {
        tokio::spawn(async { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
        Pulse
    }
}

pub struct Lenient {
    pulse: OnceLock<Pulse>,
}

impl Lenient {
    pub fn load(&self) {
        let _ = self.pulse.set(Pulse::create());
    }
}

pub async fn on_reload(lenient: &Lenient, mut reloads: tokio::sync::mpsc::Receiver<()>) {
    while reloads.recv().await.is_some() {
        lenient.load();
    }
}

// A method call of the same name on another type's value is not a call of `Ticker::create`,
// which takes no `self`: it leaves the once-made ticker above a note.
pub fn provision(names: &[String], db: &external::Db) {
    for n in names {
        db.create(n);
    }
}

// A sampler started from a once cell's initialiser: `get_or_init` runs its closure once, so
// the spawn below it runs once per cell, not once per call of `stats`.
pub struct Stats {
    started: OnceLock<()>,
}

fn start_sampler() {
    tokio::spawn(async { // want: detached_task@note
        loop {
            tokio::time::sleep(Duration::from_secs(10)).await;
        }
    });
}

impl Stats {
    pub fn stats(&self) {
        self.started.get_or_init(|| start_sampler());
    }
}

// The twin: a closure run for every element.
fn start_watcher() {
    tokio::spawn(async { // want: detached_task@warning
        loop {
            tokio::time::sleep(Duration::from_secs(10)).await;
        }
    });
}

pub fn watch_all(names: &[String]) {
    names.iter().for_each(|_| start_watcher());
}
