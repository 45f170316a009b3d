pub async fn advance() {
    std::thread::sleep(std::time::Duration::from_millis(1)); // want: blocking_in_async@note
}
