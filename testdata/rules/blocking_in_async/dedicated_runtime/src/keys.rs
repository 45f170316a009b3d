// Exported (`pub mod keys`): other packages may await it on their executors.
pub async fn load_key() -> Vec<u8> {
    std::fs::read("key.pem").unwrap_or_default() // want: blocking_in_async@warning
}
