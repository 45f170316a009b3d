// An integration test target.
#[tokio::test]
async fn serves() {
    let _ = std::fs::read("server.toml"); // want: blocking_in_async@note
}
