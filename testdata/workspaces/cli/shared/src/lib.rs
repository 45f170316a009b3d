// A library the server uses too: its blocking call may stall the server's tasks.
pub async fn load_model(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap() // want: blocking_in_async@warning
}
