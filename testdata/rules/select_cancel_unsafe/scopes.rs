// Only a select! that runs again in a loop of its own body can lose an operation and start
// it over: a single select is final, and a task spawned per iteration is a new body.
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{broadcast, mpsc};
use tokio::time::{sleep, Duration};

async fn once(mut stream: TcpStream) -> std::io::Result<()> {
    let mut header = [0u8; 4];
    tokio::select! {
        r = stream.read_exact(&mut header) => r.map(|_| ()),
        _ = sleep(Duration::from_secs(5)) => Ok(()),
    }
}

async fn accept_loop(listener: TcpListener, shutdown: broadcast::Sender<()>) {
    loop {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut stop = shutdown.subscribe();
        tokio::spawn(async move {
            let mut header = [0u8; 4];
            tokio::select! {
                r = socket.read_exact(&mut header) => println!("{r:?}"),
                _ = stop.recv() => println!("shutting down"),
            }
        });
    }
}

async fn task_with_its_own_loop(listener: TcpListener, shutdown: broadcast::Sender<()>) {
    loop {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut ticks = tokio::time::interval(Duration::from_secs(1));
        tokio::spawn(async move {
            let mut header = [0u8; 4];
            loop {
                tokio::select! {
                    r = socket.read_exact(&mut header) => println!("{r:?}"), // want: select_cancel_unsafe
                    _ = ticks.tick() => println!("tick"),
                }
            }
        });
        drop(shutdown.subscribe());
    }
}

async fn closure_per_item(mut streams: Vec<TcpStream>, mut rx: mpsc::Receiver<u32>) {
    for stream in streams.iter_mut() {
        let run = |s: &mut TcpStream| {
            let mut buf = [0u8; 4];
            async move {
                tokio::select! {
                    r = s.read_exact(&mut buf) => println!("{r:?}"),
                    _ = sleep(Duration::from_secs(1)) => println!("slow"),
                }
            }
        };
        run(stream).await;
    }
    drop(rx.recv().await);
}

async fn loop_forms(mut stream: TcpStream, mut rx: mpsc::Receiver<Vec<u8>>, mut ticks: tokio::time::Interval) {
    let reply = b"pong".to_vec();
    for _ in 0..3 {
        tokio::select! {
            r = stream.write_all(&reply) => println!("{r:?}"), // want: select_cancel_unsafe
            _ = ticks.tick() => println!("retry"),
        }
    }
    let mut running = true;
    while running {
        tokio::select! {
            biased;
            Some(msg) = rx.recv() => println!("{}", msg.len()),
            r = stream.write_all(&reply) => running = r.is_ok(), // want: select_cancel_unsafe
        }
    }
    let mut buf = [0u8; 2];
    while let Some(v) = tokio::select! {
        r = stream.read_exact(&mut buf) => r.ok(), // want: select_cancel_unsafe
        Some(m) = rx.recv() => Some(m.len()),
    } {
        println!("{v}");
    }
    'outer: loop {
        loop {
            tokio::select! {
                r = stream.read_exact(&mut buf) => println!("{r:?}"), // want: select_cancel_unsafe
                _ = ticks.tick() => break 'outer,
                Some(m) = rx.recv() => println!("{}", m.len()),
            }
        }
    }
}

// A select in the loop's iterator runs once.
async fn in_iterator(mut stream: TcpStream, mut rx: mpsc::Receiver<Vec<u8>>) {
    let mut buf = [0u8; 2];
    for v in tokio::select! {
        r = stream.read_exact(&mut buf) => r.ok().into_iter().collect::<Vec<_>>(),
        Some(m) = rx.recv() => vec![m.len()],
    } {
        println!("{v}");
    }
}

// A stream made in this iteration is dropped at its end: a handshake cut short by the
// timeout is not picked up again by anyone.
async fn handshake_timeout(listener: TcpListener, mut conns: Vec<TcpStream>) {
    loop {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut hello = [0u8; 8];
        tokio::select! {
            r = sock.read_exact(&mut hello) => {
                if r.is_ok() {
                    conns.push(sock);
                }
            }
            _ = sleep(Duration::from_secs(5)) => println!("client too slow"),
        }
    }
}

// A local that borrows an outer stream is the outer stream.
async fn borrowed_local(mut control: TcpStream, mut rx: mpsc::Receiver<Vec<u8>>) {
    loop {
        let sock = &mut control;
        let mut hello = [0u8; 8];
        tokio::select! {
            r = sock.read_exact(&mut hello) => println!("{r:?}"), // want: select_cancel_unsafe
            Some(m) = rx.recv() => println!("{}", m.len()),
        }
    }
}

// A stream made in an outer loop outlives the inner loop's iterations.
async fn per_connection_loop(addr: std::net::SocketAddr, mut rx: mpsc::Receiver<Vec<u8>>) {
    loop {
        let mut sock = TcpStream::connect(addr).await.unwrap();
        let mut hello = [0u8; 8];
        loop {
            tokio::select! {
                r = sock.read_exact(&mut hello) => println!("{r:?}"), // want: select_cancel_unsafe
                Some(m) = rx.recv() => println!("{}", m.len()),
            }
        }
    }
}
