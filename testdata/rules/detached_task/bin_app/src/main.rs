#[tokio::main]
async fn main() {
    bin_app::run(std::env::args().nth(1).unwrap_or_default()).await;
}
