// The loop and the select! inside an item macro of the crate's own, and inside cfg_if!.
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use tokio::sync::mpsc;

macro_rules! cfg_rt {
    ($($item:item)*) => {
        $(
            #[cfg(feature = "rt")]
            $item
        )*
    };
}

cfg_rt! {
    pub async fn pump(mut stream: TcpStream, mut rx: mpsc::Receiver<Vec<u8>>, greeting: Vec<u8>) {
        loop {
            tokio::select! {
                r = stream.write_all(&greeting) => println!("{r:?}"), // want: select_cancel_unsafe
                Some(m) = rx.recv() => println!("{}", m.len()),
            }
        }
    }

    pub async fn pump_safely(mut stream: TcpStream, mut rx: mpsc::Receiver<Vec<u8>>, greeting: Vec<u8>) {
        let mut pending = std::io::Cursor::new(greeting);
        loop {
            tokio::select! {
                r = stream.write_all_buf(&mut pending) => println!("{r:?}"),
                Some(m) = rx.recv() => println!("{}", m.len()),
            }
        }
    }
}

cfg_if::cfg_if! {
    if #[cfg(unix)] {
        pub async fn forward(out: mpsc::Sender<Vec<u8>>, mut rx: mpsc::Receiver<Vec<u8>>, mut ticks: tokio::time::Interval) {
            while let Some(m) = rx.recv().await {
                tokio::select! {
                    r = out.send(m) => println!("{r:?}"), // want: select_cancel_unsafe
                    _ = ticks.tick() => println!("slow consumer"),
                }
            }
        }
    } else {
        pub async fn forward(out: mpsc::Sender<Vec<u8>>, mut rx: mpsc::Receiver<Vec<u8>>) {
            while let Some(m) = rx.recv().await {
                out.send(m).await.ok();
            }
        }
    }
}
