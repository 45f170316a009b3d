// A fn that returns the async block it ends in (`Box::pin(async move { .. })`, a trait method
// kept object safe) is async code for its callers, as an `async fn` is: brief file I/O in it
// needs a sign that it runs per item, like in an async fn. The twin is called per item and
// hands the file's bytes back: a warning.
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, Ordering};

type CommandResult<'a> = Pin<Box<dyn Future<Output = String> + Send + 'a>>;

pub struct CreatePack {
    dir: String,
}

impl CreatePack {
    // An operator's command: one small write per call, nothing in sight calls it per item.
    pub fn execute<'a>(&'a self, name: &'a str) -> CommandResult<'a> {
        Box::pin(async move {
            std::fs::write(format!("{}/{name}/pack.mcmeta", self.dir), b"{}").ok(); // want: blocking_in_async@note
            name.to_string()
        })
    }
}

pub struct Assets {
    dir: String,
    loaded: AtomicU32,
}

impl Assets {
    pub fn entity_json<'a>(&'a self, kind: &'a str) -> CommandResult<'a> {
        Box::pin(async move {
            std::fs::read_to_string(format!("{}/{kind}.json", self.dir)).unwrap_or_default() // want: blocking_in_async@warning
        })
    }

    // `loaded.load(..)` in a loop is an atomic's load, no fn of this file.
    pub fn load(&self) -> CommandResult<'_> {
        Box::pin(async move {
            std::fs::read_to_string(format!("{}/index.json", self.dir)).unwrap_or_default() // want: blocking_in_async@note
        })
    }
}

pub async fn spawn_all(assets: &Assets, mut kinds: tokio::sync::mpsc::Receiver<String>) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(k) = kinds.recv().await {
        out.push(assets.entity_json(&k).await);
        if assets.loaded.load(Ordering::Relaxed) > 0 {
            out.push(String::new());
        }
    }
    out
}

pub async fn setup(assets: &Assets, cmd: &CreatePack) {
    assets.load().await;
    cmd.execute("default").await;
}
