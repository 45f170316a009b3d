// A loop that calls a std-named method (`send`) on a value of unknown type is most likely a
// channel's send, not the crate's: it does not make the crate's `send` per item. Called on
// `self`, whose type is known, it does.
pub struct Journal;

impl Journal {
    pub async fn send(&self, line: &str) {
        std::fs::write("journal.log", line).unwrap(); // want: blocking_in_async@note
    }
}

pub async fn pump(tx: tokio::sync::mpsc::Sender<String>, lines: Vec<String>) {
    for l in lines {
        let _ = tx.send(l).await;
    }
}

pub struct Ledger;

impl Ledger {
    // Per item (send_all, per message), but a line appended on the way: a note.
    async fn send(&self, line: &str) {
        std::fs::write("ledger.log", line).unwrap(); // want: blocking_in_async@note
    }

    pub async fn send_all(&self, mut lines: tokio::sync::mpsc::Receiver<String>) {
        while let Some(l) = lines.recv().await {
            self.send(&l).await;
        }
    }
}
