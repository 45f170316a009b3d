// The project's own binary: a blocking read per request keeps its warning.
pub async fn serve_page(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap() // want: blocking_in_async@warning
}

#[tokio::main]
async fn main() {
    let (_tx, mut rx) = tokio::sync::mpsc::channel::<String>(8);
    while let Some(path) = rx.recv().await {
        tokio::spawn(async move {
            let _ = serve_page(&path).await;
        });
    }
}
