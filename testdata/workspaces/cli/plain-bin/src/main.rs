// A binary without a library that parses arguments and serves no requests: a tool.
#[tokio::main]
async fn main() {
    tokio::spawn(run()).await.unwrap();
}

pub async fn run() {
    let cfg = std::fs::read_to_string("relay.toml").unwrap(); // want: blocking_in_async@note
    println!("{cfg}");
}
