// An example: one job on its own runtime.
async fn load() -> Vec<u8> {
    std::fs::read("server.toml").unwrap() // want: blocking_in_async@note
}

#[tokio::main]
async fn main() {
    println!("{}", load().await.len());
}
