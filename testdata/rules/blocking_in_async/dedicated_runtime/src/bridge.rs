pub async fn run() {
    let ca = load_ca().await;
    let key = crate::keys::load_key().await;
    drop((ca, key));
}

// `pub` in a private module that nothing re-exports: only the bridge's runtime runs it.
pub async fn load_ca() -> Vec<u8> {
    std::fs::read("ca.pem").unwrap_or_default() // want: blocking_in_async@note
}
