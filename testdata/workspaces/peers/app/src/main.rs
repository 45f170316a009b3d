use boot::Config;

#[tokio::main]
async fn main() {
    let cfg = Config::init("app.toml").await;
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    loop {
        let (sock, _) = listener.accept().await.unwrap();
        let name = cfg.text.clone();
        tokio::spawn(async move {
            drop((sock, name));
        });
    }
}
