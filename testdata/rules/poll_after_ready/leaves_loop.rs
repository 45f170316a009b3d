// Handlers that leave the loop on every path, as the control-flow core sees it: the future
// they finish is never polled again. Beside them, handlers that stay on one path.
use anyhow::bail;
use tokio::sync::mpsc;

async fn do_work() -> u32 {
    42
}

fn fatal(msg: &str) -> ! {
    eprintln!("{msg}");
    std::process::exit(1)
}

pub async fn bails(mut rx: mpsc::Receiver<u32>) -> anyhow::Result<()> {
    let work = do_work();
    tokio::pin!(work);
    loop {
        tokio::select! {
            v = &mut work => {
                bail!("work ended early with {v}");
            }
            Some(msg) = rx.recv() => println!("message {msg}"),
        }
    }
}

pub async fn calls_a_never_fn(mut rx: mpsc::Receiver<u32>) {
    let work = do_work();
    tokio::pin!(work);
    loop {
        tokio::select! {
            v = &mut work => {
                fatal(&format!("work ended with {v}"));
            }
            Some(msg) = rx.recv() => println!("message {msg}"),
        }
    }
}

pub async fn every_branch_leaves(mut rx: mpsc::Receiver<u32>, strict: bool) {
    let work = do_work();
    tokio::pin!(work);
    loop {
        tokio::select! {
            v = &mut work => {
                if strict {
                    panic!("work ended with {v}");
                } else {
                    return;
                }
            }
            Some(msg) = rx.recv() => println!("message {msg}"),
        }
    }
}

pub async fn one_branch_stays(mut rx: mpsc::Receiver<u32>, strict: bool) {
    let work = do_work();
    tokio::pin!(work);
    loop {
        tokio::select! {
            v = &mut work => { // want: poll_after_ready
                if strict {
                    bail_out(v);
                } else {
                    return;
                }
            }
            Some(msg) = rx.recv() => println!("message {msg}"),
        }
    }
}

fn bail_out(_v: u32) {}
