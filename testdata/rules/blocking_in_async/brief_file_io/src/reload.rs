// A loop paced by configuration reloads (`while let Some(cfg) = reload_rx.recv().await`)
// runs once per reload an operator asks for: the file it reads on the way is not read per
// item, and stays a note. Its twin is paced by requests, and reads per item: a warning.
use tokio::sync::mpsc;

pub async fn load_rules(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default() // want: blocking_in_async@note
}

pub fn watch_reloads(mut reload_rx: mpsc::Receiver<String>) {
    tokio::spawn(async move {
        while let Some(path) = reload_rx.recv().await {
            let rules = load_rules(&path).await;
            println!("{} bytes of rules", rules.len());
        }
    });
}

pub async fn load_page(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default() // want: blocking_in_async@warning
}

pub fn serve_pages(mut requests: mpsc::Receiver<String>) {
    tokio::spawn(async move {
        while let Some(path) = requests.recv().await {
            let page = load_page(&path).await;
            println!("{} bytes", page.len());
        }
    });
}
