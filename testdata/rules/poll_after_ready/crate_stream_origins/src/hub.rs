use futures::stream::{BoxStream, StreamExt};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;

pub struct Hub {
    notifier: broadcast::Sender<u32>,
}

impl Hub {
    pub fn events(&self) -> BoxStream<'static, u32> {
        BroadcastStream::new(self.notifier.subscribe())
            .filter_map(|x| futures::future::ready(x.ok()))
            .boxed()
    }

    pub fn replay(&self, from: u32) -> BoxStream<'static, u32> {
        futures::stream::unfold(from, |n| async move { (n > 0).then(|| (n, n - 1)) }).boxed()
    }
}
