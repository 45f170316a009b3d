// A function of the crate's own named like a table entry is not that entry, even when the
// file imports tokio's (imports are file-wide, the module decides).
mod io_helpers {
    pub use tokio::io::*;
}

mod own {
    use tokio::io::copy as tokio_copy;
    use tokio::sync::mpsc;

    async fn copy(n: u32) -> u32 {
        n
    }

    pub async fn run(mut events: mpsc::Receiver<u32>, mut a: tokio::net::TcpStream) {
        let mut sink = tokio::io::sink();
        let copied = tokio_copy(&mut a, &mut sink);
        tokio::pin!(copied);
        loop {
            tokio::select! {
                r = copy(1) => println!("{r}"),
                r = &mut copied => println!("{r:?}"),
                Some(ev) = events.recv() => println!("{ev}"),
            }
        }
    }
}

// Sending and reading through types that are not tokio's, with cancel-safe names.
mod others {
    use tokio::sync::mpsc;

    struct Conn;

    impl Conn {
        async fn read_frame(&mut self) -> Option<Vec<u8>> {
            None
        }
    }

    pub async fn run(mut conn: Conn, mut events: mpsc::Receiver<u32>, mut stream: futures::stream::BoxStream<'static, u32>) {
        loop {
            tokio::select! {
                f = conn.read_frame() => println!("{f:?}"),
                Some(ev) = events.recv() => println!("{ev}"),
                Some(v) = futures::StreamExt::next(&mut stream) => println!("{v}"),
            }
        }
    }
}
