// Which spawned bodies can run forever. Every handle here is discarded; only bodies that
// nothing can end are flagged.
use std::sync::Weak;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;

struct Stats;

impl Stats {
    fn record(&self) {}
}

async fn flush() -> std::io::Result<()> {
    Ok(())
}

pub fn forever(tx: mpsc::Sender<u64>, items: Vec<u64>) {
    // `interval.tick().await` in a bare loop never ends.
    tokio::spawn(async move { // want: detached_task
        let mut interval = tokio::time::interval(Duration::from_secs(30));
        loop {
            interval.tick().await;
            let _ = flush().await;
        }
    });

    tokio::spawn(async move { // want: detached_task
        while true {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });

    // a send error is ignored, so a closed channel does not stop it
    tokio::spawn(async move { // want: detached_task
        let mut n = 0;
        loop {
            n += 1;
            let _ = tx.send(n).await;
        }
    });

    // break in a nested loop only leaves that loop
    tokio::spawn(async move { // want: detached_task
        loop {
            for item in &items {
                if *item == 0 {
                    break;
                }
            }
            tokio::task::yield_now().await;
        }
    });

    // return in a closure does not leave the task
    tokio::spawn(async move { // want: detached_task
        let values = vec![1, 2, 3];
        loop {
            values.iter().for_each(|v| {
                if *v > 2 {
                    return;
                }
            });
            tokio::task::yield_now().await;
        }
    });

    // a labeled break that targets a block inside the loop does not leave it
    tokio::spawn(async move { // want: detached_task
        loop {
            'check: {
                if std::env::var("X").is_ok() {
                    break 'check;
                }
            }
            tokio::task::yield_now().await;
        }
    });

    // the outer loop ends, the inner one never does
    tokio::spawn(async move { // want: detached_task
        'outer: loop {
            if std::env::var("STOP").is_ok() {
                break 'outer;
            }
            loop {
                tokio::task::yield_now().await;
            }
        }
    });
}

pub fn finite(
    token: CancellationToken,
    mut rx: mpsc::Receiver<u64>,
    mut events: broadcast::Receiver<u64>,
    mut config: watch::Receiver<u64>,
    tx: mpsc::Sender<u64>,
    done: oneshot::Sender<()>,
    stats: Weak<Stats>,
) {
    // no loop: fire and forget
    let _ = tokio::spawn(async move {
        let _ = flush().await;
        let _ = done.send(());
    });

    // cancellation-token select loop
    let t = token.clone();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(1));
        loop {
            tokio::select! {
                _ = t.cancelled() => break,
                _ = interval.tick() => { let _ = flush().await; }
            }
        }
    });

    // stops when the channel closes: `else => break`
    let t = token.clone();
    tokio::spawn(async move {
        loop {
            tokio::select! {
                Some(n) = rx.recv() => println!("{n}"),
                _ = t.cancelled() => {}
                else => break,
            }
        }
    });

    // stops when recv returns None
    tokio::spawn(async move {
        loop {
            tokio::select! {
                msg = events.recv() => match msg {
                    Ok(n) => println!("{n}"),
                    Err(_) => break,
                },
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    });

    // returns when the watched value's sender is gone
    tokio::spawn(async move {
        loop {
            if config.changed().await.is_err() {
                return;
            }
            println!("{}", *config.borrow());
        }
    });

    // stops when every receiver is gone
    let closing = tx.clone();
    tokio::spawn(async move {
        loop {
            tokio::select! {
                _ = closing.closed() => return,
                _ = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    });

    // an error ends it
    tokio::spawn(async move {
        loop {
            flush().await?;
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        #[allow(unreachable_code)]
        Ok::<(), std::io::Error>(())
    });

    // a send that fails once the receiver is dropped ends it (by panicking)
    tokio::spawn(async move {
        loop {
            tx.send(1).await.expect("receiver dropped");
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });

    // a closed channel or an ended stream panics it, which ends it
    let (ptx, mut prx) = mpsc::channel::<u64>(1);
    tokio::spawn(async move {
        loop {
            let n = prx.recv().await.unwrap();
            println!("{n}");
        }
    });
    tokio::spawn(async move {
        let mut stream = tokio_stream::wrappers::ReceiverStream::new(rx2());
        loop {
            use futures::StreamExt;
            let n = stream.next().await.expect("stream ended");
            println!("{n}");
        }
    });
    tokio::spawn(async move {
        let mut ticks = tokio_stream::wrappers::IntervalStream::new(tokio::time::interval(Duration::from_secs(1)));
        loop {
            use futures::StreamExt;
            ticks.next().await.unwrap();
            let _ = ptx.try_send(1);
        }
    });
    tokio::spawn(async move {
        loop {
            match flush().await {
                Ok(()) => {}
                Err(e) => panic!("flush failed: {e}"),
            }
        }
    });

    // stops once its owner is gone
    tokio::spawn(async move {
        loop {
            let Some(stats) = stats.upgrade() else { break };
            stats.record();
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });

    // the loop runs inside a future raced against the token
    tokio::spawn(async move {
        tokio::select! {
            _ = token.cancelled() => {}
            _ = async {
                loop {
                    tokio::task::yield_now().await;
                }
            } => {}
        }
    });
}

fn rx2() -> mpsc::Receiver<u64> {
    mpsc::channel(1).1
}

// The actor pattern: the loop ends once every handle to the actor is dropped.
struct Actor {
    receiver: mpsc::Receiver<ActorMessage>,
    next_id: u32,
}

enum ActorMessage {
    GetUniqueId { respond_to: oneshot::Sender<u32> },
}

impl Actor {
    fn handle_message(&mut self, msg: ActorMessage) {
        match msg {
            ActorMessage::GetUniqueId { respond_to } => {
                self.next_id += 1;
                let _ = respond_to.send(self.next_id);
            }
        }
    }
}

async fn run_my_actor(mut actor: Actor) {
    while let Some(msg) = actor.receiver.recv().await {
        actor.handle_message(msg);
    }
}

pub fn start_actor(receiver: mpsc::Receiver<ActorMessage>) {
    let actor = Actor { receiver, next_id: 0 };
    tokio::spawn(run_my_actor(actor));
}

// The tokio tutorial's accept loop: the per-connection task is finite.
pub async fn serve() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:6379").await?;
    loop {
        let (socket, _) = listener.accept().await?;
        tokio::spawn(async move {
            process(socket).await;
        });
    }
}

async fn process(_socket: tokio::net::TcpStream) {}

// An async fn of the same file that loops forever, spawned directly and through an async block.
async fn gossip(peers: Vec<String>) {
    let mut interval = tokio::time::interval(Duration::from_secs(10));
    loop {
        interval.tick().await;
        for p in &peers {
            println!("{p}");
        }
    }
}

async fn gossip_once(peers: Vec<String>) {
    for p in &peers {
        println!("{p}");
    }
}

pub fn start_gossip(peers: Vec<String>) {
    tokio::spawn(gossip(peers.clone())); // want: detached_task
    tokio::spawn(async move { gossip(peers.clone()).await }); // want: detached_task
    let task = async move { gossip(vec![]).await };
    tokio::spawn(task); // want: detached_task
    tokio::spawn(gossip_once(vec![]));
    tokio::spawn(async move {
        gossip_once(vec![]).await;
    });
    // raced against a timeout, the fn no longer runs forever
    tokio::spawn(async move {
        let _ = tokio::time::timeout(Duration::from_secs(60), gossip(vec![])).await;
    });
}

// A body that diverges before its loop ends the task at once: the loop is never reached.
async fn not_yet() {
    unimplemented!("the poller is not written yet");
    #[allow(unreachable_code)]
    loop {
        tokio::task::yield_now().await;
    }
}

async fn poll_later() {
    let _ = flush().await;
    loop {
        tokio::task::yield_now().await;
    }
}

pub fn diverging(token: CancellationToken, jobs: Vec<u64>) {
    tokio::spawn(async move {
        todo!();
        #[allow(unreachable_code)]
        loop {
            tokio::task::yield_now().await;
        }
    });
    tokio::spawn(async move {
        loop {
            unimplemented!()
        }
    });
    tokio::spawn(async move {
        let n: u64 = unimplemented!();
        #[allow(unreachable_code)]
        loop {
            println!("{n}");
            tokio::task::yield_now().await;
        }
    });
    tokio::spawn(not_yet());
    // the twin whose loop is reached
    tokio::spawn(poll_later()); // want: detached_task
    // a diverging branch does not stop the loop after it from being reached
    tokio::spawn(async move { // want: detached_task
        if jobs.is_empty() {
            panic!("no jobs");
        }
        loop {
            println!("{}", jobs.len());
            tokio::task::yield_now().await;
        }
    });
    // a select! runs one handler: the loop in the other one is reached
    tokio::spawn(async move { // want: detached_task
        tokio::select! {
            _ = token.cancelled() => return,
            _ = tokio::time::sleep(Duration::from_secs(1)) => {
                loop {
                    tokio::task::yield_now().await;
                }
            }
        }
    });
}
