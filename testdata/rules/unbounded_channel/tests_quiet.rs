// Tests make unbounded channels freely: the code under test takes an `UnboundedSender`, or
// the test sends three messages. None of this is reported.
use tokio::sync::mpsc::{self, UnboundedSender};

pub fn forward(tx: &UnboundedSender<u32>, n: u32) {
    let _ = tx.send(n);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwards() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        forward(&tx, 3);
        assert_eq!(rx.try_recv().unwrap(), 3);
    }

    #[tokio::test(flavor = "current_thread")]
    async fn forwards_async() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        forward(&tx, 4);
        assert_eq!(rx.recv().await, Some(4));
    }

    fn helper() -> (UnboundedSender<u32>, mpsc::UnboundedReceiver<u32>) {
        mpsc::unbounded_channel()
    }
}

#[tokio::test]
async fn top_level_test() {
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel::<u8>();
    tx.send(1).unwrap();
}

#[cfg(all(test, feature = "full"))]
fn test_support() -> UnboundedSender<u8> {
    mpsc::unbounded_channel().0
}
