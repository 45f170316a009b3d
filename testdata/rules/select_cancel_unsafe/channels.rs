// Sending from a select! loop: an async send owns the message, so a cancelled send drops it.
// Receiving, and reserving capacity before a synchronous `permit.send`, are cancel safe.
use futures::{SinkExt, StreamExt};
use tokio::net::{TcpListener, UdpSocket};
use tokio::sync::{broadcast, mpsc, oneshot, watch};
use tokio_util::codec::{Framed, LinesCodec};

enum Cmd {
    Flush,
    Stop,
}

async fn forward(mut input: mpsc::Receiver<String>, out: mpsc::Sender<String>, mut ticks: tokio::time::Interval) {
    loop {
        let Some(line) = input.recv().await else { break };
        tokio::select! {
            res = out.send(line) => { // want: select_cancel_unsafe
                if res.is_err() {
                    break;
                }
            }
            _ = ticks.tick() => println!("still waiting for the consumer"),
        }
    }
}

async fn keeps_the_message(mut queue: std::collections::VecDeque<String>, out: mpsc::Sender<String>, mut input: mpsc::Receiver<String>) {
    loop {
        let next = queue.front().cloned().unwrap_or_default();
        tokio::select! {
            // The message is a clone: the original stays in the queue until the send completed.
            res = out.send(next.clone()), if !queue.is_empty() => {
                if res.is_ok() {
                    queue.pop_front();
                }
            }
            Some(line) = input.recv() => queue.push_back(line),
        }
    }
}

async fn constant_messages(done: mpsc::Sender<()>, cmds: mpsc::Sender<Cmd>, mut input: mpsc::Receiver<String>) {
    loop {
        tokio::select! {
            _ = done.send(()) => {}
            _ = cmds.send(Cmd::Flush) => {}
            Some(line) = input.recv() => println!("{line}"),
        }
    }
}

// tokio's recommended shape: reserve capacity in the select!, then send synchronously.
async fn reserve_then_send(out: mpsc::Sender<String>, mut input: mpsc::Receiver<String>, mut stop: watch::Receiver<bool>) {
    let mut pending: Option<String> = None;
    loop {
        tokio::select! {
            permit = out.reserve(), if pending.is_some() => {
                let permit = permit.unwrap();
                permit.send(pending.take().unwrap());
            }
            Some(line) = input.recv(), if pending.is_none() => pending = Some(line),
            _ = stop.changed() => {
                if *stop.borrow() {
                    return;
                }
            }
        }
    }
}

async fn sink_send(mut framed: Framed<tokio::net::TcpStream, LinesCodec>, mut input: mpsc::Receiver<String>, mut bus: broadcast::Receiver<String>) {
    loop {
        let Some(line) = input.recv().await else { return };
        tokio::select! {
            r = framed.send(line) => r.unwrap(), // want: select_cancel_unsafe
            Ok(ev) = bus.recv() => println!("{ev}"),
        }
    }
}

async fn sink_feed(mut framed: Framed<tokio::net::TcpStream, LinesCodec>, mut input: mpsc::Receiver<String>, mut bus: broadcast::Receiver<String>) {
    loop {
        let item = format!("tick");
        tokio::select! {
            r = framed.feed(item) => r.unwrap(), // want: select_cancel_unsafe
            Ok(ev) = bus.recv() => println!("{ev}"),
            Some(line) = framed.next() => println!("{line:?}"),
            Some(extra) = input.recv() => println!("{extra}"),
        }
    }
}

// A datagram socket's send borrows the buffer: nothing is sent until it completes.
async fn udp(socket: UdpSocket, mut input: mpsc::Receiver<String>) {
    let buf = [0u8; 32];
    loop {
        tokio::select! {
            r = socket.send(&buf) => println!("{r:?}"),
            r = socket.send_to(&buf, "127.0.0.1:9000") => println!("{r:?}"),
            Some(line) = input.recv() => println!("{line}"),
        }
    }
}

// The receivers of tokio's cancel-safety list.
async fn receivers(
    listener: TcpListener,
    mut rx: mpsc::Receiver<u32>,
    mut urx: mpsc::UnboundedReceiver<u32>,
    mut brx: broadcast::Receiver<u32>,
    mut wrx: watch::Receiver<u32>,
    mut stream: futures::stream::BoxStream<'static, u32>,
) {
    let mut batch = Vec::new();
    loop {
        tokio::select! {
            Some(v) = rx.recv() => println!("{v}"),
            n = rx.recv_many(&mut batch, 16) => println!("{n}"),
            Some(v) = urx.recv() => println!("{v}"),
            Ok(v) = brx.recv() => println!("{v}"),
            Ok(()) = wrx.changed() => println!("{}", *wrx.borrow()),
            Ok((sock, addr)) = listener.accept() => drop((sock, addr)),
            Some(v) = stream.next() => println!("{v}"),
        }
    }
}

// `oneshot::Sender::send` is synchronous: it can only appear in a handler.
async fn oneshot_reply(mut requests: mpsc::Receiver<oneshot::Sender<u32>>, mut stop: broadcast::Receiver<()>) {
    loop {
        tokio::select! {
            Some(reply) = requests.recv() => {
                let _ = reply.send(42);
            }
            _ = stop.recv() => break,
        }
    }
}

// A request builder's send() takes no message.
async fn http(client: reqwest::Client, mut ticks: tokio::time::Interval) {
    loop {
        tokio::select! {
            resp = client.get("http://localhost/health").send() => println!("{resp:?}"),
            _ = ticks.tick() => println!("slow"),
        }
    }
}
