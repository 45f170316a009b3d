// How a spawned loop can end, as the control-flow core sees it: a `continue` of an outer
// loop that ends, a call to a fn of the file that never returns. Beside them, an exit that
// no path reaches, which ends nothing.
use tokio::sync::mpsc;

fn fatal(msg: &str) -> ! {
    eprintln!("{msg}");
    std::process::exit(1)
}

fn stop() -> bool {
    false
}

pub fn spawns(mut rx: mpsc::Receiver<u64>) {
    // the inner loop is left by `continue 'outer`, and the outer loop ends
    tokio::spawn(async move {
        'outer: while !stop() {
            loop {
                if stop() {
                    continue 'outer;
                }
                tokio::task::yield_now().await;
            }
        }
    });

    // a fn declared `-> !` ends the process
    tokio::spawn(async move {
        loop {
            if stop() {
                fatal("stopped");
            }
            tokio::task::yield_now().await;
        }
    });

    // the return comes after a continue: no path runs it
    tokio::spawn(async move { // want: detached_task
        loop {
            tokio::task::yield_now().await;
            continue;
            #[allow(unreachable_code)]
            return;
        }
    });

    tokio::spawn(async move {
        while let Some(v) = rx.recv().await {
            println!("{v}");
        }
    });
}
