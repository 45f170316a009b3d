// Optional parts polled through a helper of the file that matches on its `Option` parameter.
// The helper's `None` comes only from its `None` arm, so the branch is off exactly while the
// local is `None`. A local the loop never writes keeps the value it had when the loop started:
// the select! panics on its first turn (all `None`) or never, a note. Written in the loop, the
// parts can drop out one by one while it runs: a warning.
use tokio::sync::mpsc;

pub struct Probe {
    every: u64,
}

impl Probe {
    pub async fn tick(&mut self) -> u64 {
        self.every
    }
}

pub enum Action {
    Probe(u64),
    Job(String),
}

async fn next_probe(p: &mut Option<Probe>) -> Option<Action> {
    match p {
        Some(p) => Some(Action::Probe(p.tick().await)),
        None => None,
    }
}

async fn next_job(jobs: &mut Option<mpsc::Receiver<String>>) -> Option<Action> {
    if let Some(rx) = jobs {
        rx.recv().await.map(Action::Job)
    } else {
        None
    }
}

async fn handle(_a: Action) {}

pub async fn fixed_before_the_loop(with_probe: bool, with_health: bool) {
    let mut probe = if with_probe { Some(Probe { every: 5 }) } else { None };
    let mut health = if with_health { Some(Probe { every: 30 }) } else { None };
    loop {
        tokio::select! { // want: select_all_disabled@note
            Some(a) = next_probe(&mut probe) => handle(a).await,
            Some(a) = next_probe(&mut health) => handle(a).await,
        }
    }
}

// The job branch also ends when its channel closes: disabled at that end, a note as for any
// channel that ends.
pub async fn fixed_or_closed(with_probe: bool, jobs: Option<mpsc::Receiver<String>>) {
    let mut probe = if with_probe { Some(Probe { every: 5 }) } else { None };
    let mut jobs = jobs;
    loop {
        tokio::select! { // want: select_all_disabled@note
            Some(a) = next_probe(&mut probe) => handle(a).await,
            Some(a) = next_job(&mut jobs) => handle(a).await,
        }
    }
}

// Twin: the loop drops the probe when it reports zero, so both parts can be gone while it
// runs, and the next turn panics.
pub async fn dropped_in_the_loop(with_probe: bool, with_health: bool) {
    let mut probe = if with_probe { Some(Probe { every: 5 }) } else { None };
    let mut health = if with_health { Some(Probe { every: 30 }) } else { None };
    loop {
        tokio::select! { // want: select_all_disabled@warning
            Some(a) = next_probe(&mut probe) => {
                if let Action::Probe(0) = a {
                    probe = None;
                }
            }
            Some(a) = next_probe(&mut health) => {
                if let Action::Probe(0) = a {
                    health.take();
                }
            }
        }
    }
}

// Quiet: a helper that waits forever on `None` and always gives `Some` never disables its
// branch.
async fn tick_or_wait(p: &mut Option<Probe>) -> Option<u64> {
    match p {
        Some(p) => Some(p.tick().await),
        None => std::future::pending().await,
    }
}

pub async fn waits_forever(mut probe: Option<Probe>, mut rx: mpsc::Receiver<String>) {
    loop {
        tokio::select! {
            Some(n) = tick_or_wait(&mut probe) => drop(n),
            Some(job) = rx.recv() => drop(job),
        }
    }
}
