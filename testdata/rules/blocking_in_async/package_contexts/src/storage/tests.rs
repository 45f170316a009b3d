// Reached only through `#[cfg(test)] mod tests;` in storage.rs: test code.
#[tokio::test]
async fn saves() {
    super::save(b"x").await;
    assert!(std::fs::read("data.bin").is_ok()); // want: blocking_in_async@note
}
