use tokio::sync::mpsc;

pub async fn collect_batch(rx: &mut mpsc::Receiver<u32>, max: usize) -> Vec<u32> {
    let mut batch = Vec::with_capacity(max);
    while let Some(v) = rx.recv().await {
        batch.push(v);
        if batch.len() == max {
            break;
        }
    }
    batch
}

pub struct Batcher {
    rx: mpsc::Receiver<u32>,
    pending: Vec<u32>,
}

impl Batcher {
    pub async fn fill(&mut self) -> Vec<u32> {
        while let Some(v) = self.rx.recv().await {
            self.pending.push(v);
            if self.pending.len() == 16 {
                break;
            }
        }
        std::mem::take(&mut self.pending)
    }
}
