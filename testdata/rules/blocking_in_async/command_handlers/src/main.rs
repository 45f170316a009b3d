// One thread for everything: a task the server spawns shares it with the command.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    vault_server::init().await;
}
