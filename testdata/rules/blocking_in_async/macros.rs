// Blocking calls inside macro bodies: select! handlers, join! arguments, item macros.
use std::time::Duration;

macro_rules! cfg_rt {
    ($($item:item)*) => { $($item)* };
}

async fn select_handler(mut rx: tokio::sync::mpsc::Receiver<u8>) {
    loop {
        tokio::select! {
            Some(v) = rx.recv() => {
                std::fs::write("last", [v]).unwrap(); // want: blocking_in_async
            }
            _ = tokio::time::sleep(Duration::from_secs(1)) => {
                std::thread::sleep(Duration::from_millis(1)); // want: blocking_in_async
            }
        }
    }
}

async fn joined() {
    let (a, b) = tokio::join!(
        async { std::fs::read("a").unwrap() }, // want: blocking_in_async
        tokio::fs::read("b"),
    );
    drop((a, b));
}

cfg_rt! {
    pub async fn in_item_macro() {
        std::thread::sleep(Duration::from_millis(1)); // want: blocking_in_async
    }

    pub fn sync_in_item_macro() {
        std::thread::sleep(Duration::from_millis(1));
    }
}

async fn format_args_only() {
    println!("{:?}", std::fs::metadata("x")); // want: blocking_in_async
    let v = vec![std::fs::read("y")]; // want: blocking_in_async
    drop(v);
}

fn sync_with_macros() {
    println!("{:?}", std::fs::metadata("x"));
    assert!(std::fs::read("y").is_ok());
}
