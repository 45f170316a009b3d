#[tokio::main(flavor = "multi_thread")]
async fn main() -> std::io::Result<()> {
    node::node_tool_main(std::env::args_os()).await
}
