// Idiomatic tokio code, tutorial style: every select! loop polls cancel-safe operations,
// futures made before the loop, or operations whose loss ends the loop anyway.
use std::sync::Arc;

use bytes::BytesMut;
use futures::{SinkExt, StreamExt};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast, mpsc, Notify, Semaphore};
use tokio_util::codec::{Framed, LinesCodec};

struct Connection {
    stream: TcpStream,
    buffer: BytesMut,
}

impl Connection {
    // Cancel safe by design: what was read stays in self.buffer.
    async fn read_frame(&mut self) -> std::io::Result<Option<Vec<u8>>> {
        loop {
            if self.buffer.len() >= 4 {
                return Ok(Some(self.buffer.split_to(4).to_vec()));
            }
            if self.stream.read_buf(&mut self.buffer).await? == 0 {
                return Ok(None);
            }
        }
    }
}

async fn handler(mut conn: Connection, mut shutdown: broadcast::Receiver<()>) -> std::io::Result<()> {
    loop {
        let frame = tokio::select! {
            res = conn.read_frame() => res?,
            _ = shutdown.recv() => return Ok(()),
        };
        let Some(frame) = frame else { return Ok(()) };
        conn.stream.write_all(&frame).await?;
    }
}

async fn chat(stream: TcpStream, mut rx: broadcast::Receiver<String>, tx: broadcast::Sender<String>) {
    let mut lines = Framed::new(stream, LinesCodec::new());
    loop {
        tokio::select! {
            Ok(msg) = rx.recv() => {
                // Awaited in the handler, not raced: nothing is lost.
                if lines.send(msg).await.is_err() {
                    break;
                }
            }
            line = lines.next() => match line {
                Some(Ok(line)) => {
                    let _ = tx.send(line);
                }
                _ => break,
            },
        }
    }
}

async fn server(listener: TcpListener, limit: Arc<Semaphore>, stop: Arc<Notify>) {
    loop {
        // The permit is taken before the select: the select only races accept and stop.
        let permit = limit.clone().acquire_owned().await.unwrap();
        tokio::select! {
            Ok((mut socket, _)) = listener.accept() => {
                tokio::spawn(async move {
                    let mut peer = TcpStream::connect("127.0.0.1:6000").await.unwrap();
                    tokio::io::copy_bidirectional(&mut socket, &mut peer).await.ok();
                    drop(permit);
                });
            }
            _ = stop.notified() => break,
            _ = tokio::signal::ctrl_c() => break,
        }
    }
}

async fn worker(mut jobs: mpsc::Receiver<Vec<u8>>, results: mpsc::Sender<usize>, stop: Arc<Notify>) {
    loop {
        tokio::select! {
            Some(job) = jobs.recv() => {
                // The send is awaited in the handler: it finishes before the next select.
                results.send(job.len()).await.ok();
            }
            _ = stop.notified() => {}
        }
    }
}

async fn writer_with_join(mut stream: TcpStream, mut rx: mpsc::Receiver<Vec<u8>>) {
    let (mut r, mut w) = stream.split();
    let mut header = [0u8; 4];
    // join! polls every future to completion: nothing is cancelled.
    loop {
        let (a, b) = tokio::join!(r.read_exact(&mut header), w.write_all(b"ping"));
        if a.is_err() || b.is_err() {
            break;
        }
        let Some(m) = rx.recv().await else { break };
        drop(m);
    }
}
