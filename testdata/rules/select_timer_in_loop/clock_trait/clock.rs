use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

pub type Wait<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

pub trait Clock: Send + Sync {
    fn sleep(&self, d: Duration) -> Wait<'_>;
    fn ticker(&self, every: Duration) -> Ticker<'_>;
}

pub struct Ticker<'a> {
    clock: &'a dyn Clock,
    every: Duration,
    started: bool,
}

impl<'a> Ticker<'a> {
    pub fn tick(&mut self) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
        if !self.started {
            self.started = true;
            Box::pin(async {})
        } else {
            self.clock.sleep(self.every)
        }
    }
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn sleep(&self, d: Duration) -> Wait<'_> {
        Box::pin(tokio::time::sleep(d))
    }

    fn ticker(&self, every: Duration) -> Ticker<'_> {
        Ticker { clock: self, every, started: false }
    }
}

pub trait Replay: Send + Sync {
    fn pause(&self, d: Duration) -> Wait<'_>;
}

pub struct LiveReplay;

impl Replay for LiveReplay {
    fn pause(&self, d: Duration) -> Wait<'_> {
        Box::pin(tokio::time::sleep(d))
    }
}

pub struct InstantReplay;

impl Replay for InstantReplay {
    fn pause(&self, _d: Duration) -> Wait<'_> {
        Box::pin(std::future::ready(()))
    }
}
