mod config;
mod other;

use config::{backoff, connect_addr, ensure_dir, parse_port, Store};
use serde_json::to_string;

pub async fn serve(host: &str, store: &Store) -> std::io::Result<()> {
    let addr = connect_addr(host); // want: blocking_in_async@note
    let text = config::load_settings("app.toml"); // want: blocking_in_async@note
    backoff(3); // want: blocking_in_async@note
    store.flush(); // want: blocking_in_async@note
    let again = Store::open("/etc/app"); // want: blocking_in_async@note
    // Creating a directory only touches metadata: a note outside a loop.
    ensure_dir("/tmp/app"); // want: blocking_in_async@note
    drop((addr, text, again));
    Ok(())
}

pub async fn quiet(store: &Store) -> usize {
    // Helpers that do not block, a module's look-alike, an async fn, another crate's fn.
    let port = parse_port("8080");
    let upper = other::load_settings("x");
    other::backoff_async(1).await;
    let json = to_string(&port).unwrap();
    // Handed to the blocking pool by the helper itself, or by the caller.
    let text = config::load_in_background("a".into()).await.unwrap();
    let more = tokio::task::spawn_blocking(|| config::load_settings("b")).await.unwrap();
    std::thread::spawn(|| backoff(1));
    if port == 0 {
        config::propagate_panic();
    }
    drop((upper, json, text, more));
    store.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn helper_in_a_test() {
        // A test's setup helper that blocks: not reported through the chain.
        backoff(1);
    }
}
