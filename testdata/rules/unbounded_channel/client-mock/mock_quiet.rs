// A mock crate (its directory is named `*-mock`), used only by other crates' tests.
use tokio::sync::mpsc;

pub struct MockClient {
    pub requests: mpsc::UnboundedReceiver<String>,
}

pub fn mock() -> (mpsc::UnboundedSender<String>, MockClient) {
    let (tx, requests) = mpsc::unbounded_channel();
    (tx, MockClient { requests })
}
