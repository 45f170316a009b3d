// A value whose constructor starts a task, made in a retry loop that leaves as soon as the
// constructor succeeds, or in a closure handed to a retry helper: made once, one task for
// the process. A note. The twins make it in a loop that goes on after success (one value,
// and one more task, per turn), and per item of an iterator: a warning.
use std::time::Duration;

pub struct Session {
    pub id: u32,
}

impl Session {
    pub async fn connect() -> Result<Session, String> {
        let id = 7;
        tokio::spawn(async move { // want: detached_task@note
            loop {
                tokio::time::sleep(Duration::from_secs(30)).await;
                println!("keep-alive {id}");
            }
        });
        Ok(Session { id })
    }
}

pub async fn open_session() -> Session {
    let mut backoff = 1;
    loop {
        if let Ok(s) = Session::connect().await {
            break s;
        }
        backoff *= 2;
        tokio::time::sleep(Duration::from_secs(backoff)).await;
    }
}

pub async fn open_session_matched() -> Session {
    loop {
        match Session::connect().await {
            Ok(s) => return s,
            Err(e) => println!("retrying: {e}"),
        }
    }
}

pub struct Agent {
    pub id: u32,
}

impl Agent {
    pub fn start() -> Result<Agent, String> {
        tokio::spawn(async move { // want: detached_task@note
            loop {
                tokio::time::sleep(Duration::from_secs(10)).await;
                println!("self stats");
            }
        });
        Ok(Agent { id: 1 })
    }
}

fn retry_forever<T, E>(mut attempt: impl FnMut() -> Result<T, E>) -> T {
    loop {
        if let Ok(v) = attempt() {
            return v;
        }
    }
}

pub fn start_agent() -> Agent {
    retry_forever(|| Agent::start())
}

// Twins.
pub struct Probe {
    pub id: u32,
}

impl Probe {
    pub async fn arm(id: u32) -> Result<Probe, String> {
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(5)).await;
                println!("probe {id}");
            }
        });
        Ok(Probe { id })
    }
}

pub async fn rearm_forever() {
    let mut id = 0;
    loop {
        if let Ok(p) = Probe::arm(id).await {
            id = p.id + 1;
        }
        tokio::time::sleep(Duration::from_secs(60)).await;
    }
}
