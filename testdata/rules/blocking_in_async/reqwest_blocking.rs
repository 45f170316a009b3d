// reqwest's blocking client inside async code, beside the async client.
use reqwest::blocking;
use reqwest::blocking::Client as BlockingClient;

async fn blocking_get(url: &str) -> String {
    let body = reqwest::blocking::get(url).unwrap().text().unwrap(); // want: blocking_in_async
    let _r = blocking::get(url); // want: blocking_in_async
    let client = BlockingClient::new(); // want: blocking_in_async
    let _resp = client.get(url).send(); // want: blocking_in_async
    body
}

struct Api {
    http: reqwest::blocking::Client,
}

impl Api {
    async fn ping(&self) {
        let _ = self.http.get("http://localhost/ping").send(); // want: blocking_in_async
    }
}

async fn async_get(url: &str) -> reqwest::Result<String> {
    let body = reqwest::get(url).await?.text().await?;
    let client = reqwest::Client::new();
    let _resp = client.get(url).send().await?;
    Ok(body)
}

fn sync_get(url: &str) -> String {
    reqwest::blocking::get(url).unwrap().text().unwrap()
}

async fn send_on_a_channel(tx: tokio::sync::mpsc::Sender<u8>, stx: std::sync::mpsc::Sender<u8>) {
    tx.send(1).await.unwrap();
    stx.send(2).unwrap();
}
