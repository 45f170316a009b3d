// A module with a fn named like a blocking one elsewhere: `other::load_settings` does not block.
pub fn load_settings(path: &str) -> String {
    path.to_uppercase()
}

pub async fn backoff_async(attempt: u32) {
    tokio::time::sleep(std::time::Duration::from_millis(attempt as u64)).await;
}
