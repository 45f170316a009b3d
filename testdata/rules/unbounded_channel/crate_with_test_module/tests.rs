use tokio::sync::mpsc;

#[tokio::test]
async fn subscribe_works() {
    let mut rx = super::subscribe();
    assert_eq!(rx.recv().await.as_deref(), Some("hello"));
}

fn fake_subscription() -> mpsc::UnboundedReceiver<String> {
    let (_tx, rx) = mpsc::unbounded_channel();
    rx
}
