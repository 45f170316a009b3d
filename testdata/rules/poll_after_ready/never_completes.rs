// A future raced by reference in a select! loop that never completes: its body loops forever
// on a timer (no break, no return, no `?`). It is never `Ready`, so it is never polled after
// it completed. Quiet. The twins can finish (a break once a budget is spent, a `?`), and are
// then polled again on the next turn of the loop: reported.
use std::time::Duration;
use tokio::sync::mpsc;

async fn refill() -> Result<(), std::io::Error> {
    Ok(())
}

pub async fn pump(mut rx: mpsc::Receiver<u8>) {
    let refiller = async {
        let mut every = tokio::time::interval(Duration::from_secs(1));
        loop {
            every.tick().await;
            let _ = refill().await;
        }
    };
    tokio::pin!(refiller);
    loop {
        tokio::select! {
            _ = &mut refiller => {}
            m = rx.recv() => if m.is_none() { return },
        }
    }
}

pub struct Announcer;

impl Announcer {
    async fn announce_forever(&self) {
        let mut every = tokio::time::interval(Duration::from_secs(30));
        loop {
            every.tick().await;
            let _ = refill().await;
        }
    }

    pub async fn serve(&self, mut rx: mpsc::Receiver<u8>) {
        let announcing = self.announce_forever();
        tokio::pin!(announcing);
        loop {
            tokio::select! {
                _ = &mut announcing => {}
                m = rx.recv() => if m.is_none() { return },
            }
        }
    }
}

pub async fn pump_budget(mut rx: mpsc::Receiver<u8>) {
    let refiller = async {
        let mut every = tokio::time::interval(Duration::from_secs(1));
        for _ in 0..10 {
            every.tick().await;
            let _ = refill().await;
        }
    };
    tokio::pin!(refiller);
    loop {
        tokio::select! {
            _ = &mut refiller => {} // want: poll_after_ready
            m = rx.recv() => if m.is_none() { return },
        }
    }
}

pub async fn pump_fallible(mut rx: mpsc::Receiver<u8>) {
    let refiller = async {
        let mut every = tokio::time::interval(Duration::from_secs(1));
        loop {
            every.tick().await;
            refill().await?;
        }
        #[allow(unreachable_code)]
        Ok::<(), std::io::Error>(())
    };
    tokio::pin!(refiller);
    loop {
        tokio::select! {
            _ = &mut refiller => {} // want: poll_after_ready
            m = rx.recv() => if m.is_none() { return },
        }
    }
}

// A fn whose output type has no values (`Infallible`, futures' `Never`, an empty enum) never
// completes, whatever its body looks like (a `pending().await` on one branch, a loop on the
// other); so does `future::pending()`. Quiet. Its twin returns `()` with the same body: the
// `pending().await` branch is taken for done, reported.
pub enum Void {}

pub struct Server {
    interval_ms: u64,
}

impl Server {
    async fn run_ticks(interval_ms: u64) -> std::convert::Infallible {
        if interval_ms == 0 {
            std::future::pending().await
        } else {
            let mut every = tokio::time::interval(Duration::from_millis(interval_ms));
            loop {
                every.tick().await;
            }
        }
    }

    async fn run_register(&self) -> Void {
        if self.interval_ms == 0 {
            futures::future::pending().await
        } else {
            loop {
                let _ = refill().await;
            }
        }
    }

    async fn run_ticks_unit(interval_ms: u64) {
        if interval_ms == 0 {
            std::future::pending().await
        } else {
            let mut every = tokio::time::interval(Duration::from_millis(interval_ms));
            loop {
                every.tick().await;
            }
        }
    }

    pub async fn serve(&self, mut rx: mpsc::Receiver<u8>) {
        let ticks = Self::run_ticks(self.interval_ms);
        tokio::pin!(ticks);
        let register = self.run_register();
        tokio::pin!(register);
        let idle = futures::future::pending::<()>();
        tokio::pin!(idle);
        let unit = Self::run_ticks_unit(self.interval_ms);
        tokio::pin!(unit);
        loop {
            tokio::select! {
                _ = &mut ticks => {}
                _ = &mut register => {}
                _ = &mut idle => {}
                _ = &mut unit => {} // want: poll_after_ready
                m = rx.recv() => if m.is_none() { return },
            }
        }
    }
}
