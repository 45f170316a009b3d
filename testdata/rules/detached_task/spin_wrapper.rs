// A loop over the `recv` of the crate's own type, made by its associated fn: that `recv` is
// the type's method (here it panics when the channel inside closes, which only happens if
// the task feeding it panicked), not a channel's receive that returns at once. The loop is
// judged like any forever loop: in `main`, a note. The twin receives from the channel itself,
// and spins once it closes: a warning even in `main`.
use tokio::sync::mpsc;

pub struct StateFetcher {
    rx: mpsc::Receiver<Result<u64, String>>,
}

impl StateFetcher {
    pub fn spawn() -> Self {
        let (tx, rx) = mpsc::channel(8);
        tokio::spawn(async move {
            let mut n = 0;
            while tx.send(Ok(n)).await.is_ok() {
                n += 1;
            }
        });
        StateFetcher { rx }
    }

    pub async fn recv(&mut self) -> Result<u64, String> {
        self.rx.recv().await.expect("state-fetching task panicked")
    }
}

#[tokio::main]
async fn main() {
    let mut fetcher = StateFetcher::spawn();
    tokio::spawn(async move { // want: detached_task@note
        loop {
            match fetcher.recv().await {
                Ok(n) => println!("state {n}"),
                Err(e) => eprintln!("fetch failed: {e}"),
            }
        }
    });

    let (_tx, mut rx) = mpsc::channel::<Result<u64, String>>(8);
    tokio::spawn(async move { // want: detached_task@warning (spins)
        loop {
            match rx.recv().await {
                Some(Ok(n)) => println!("state {n}"),
                _ => {}
            }
        }
    });
}
