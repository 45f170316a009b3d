pub async fn get(key: u32) -> u32 {
    std::thread::sleep(std::time::Duration::from_millis(5)); // want: blocking_in_async@warning
    key
}
