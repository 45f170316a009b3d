#[tokio::main]
async fn main() {
    node::node_main().await;
}
