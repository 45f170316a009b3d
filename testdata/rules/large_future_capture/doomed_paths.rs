// A borrow on a path that only leaves the function, as the control-flow core sees it: every
// branch after it returns or panics. Beside it, a path that goes on to the `.await`.
use std::time::Duration;
use tokio::time::sleep;

fn inspect(_b: &[u8]) {}

// Both branches after the borrow leave: it never reaches the `.await`.
async fn borrow_then_return_or_panic(bad: bool, strict: bool) -> std::io::Result<()> {
    let buf = [0u8; 30000];
    if bad {
        inspect(&buf);
        if strict {
            panic!("corrupt buffer");
        } else {
            return Ok(());
        }
    }
    sleep(Duration::from_secs(1)).await;
    Ok(())
}

// One branch after the borrow goes on: the array is kept across the `.await`.
async fn borrow_then_maybe_return(bad: bool, strict: bool) -> std::io::Result<()> {
    let buf = [0u8; 30000]; // want: large_future_capture
    if bad {
        inspect(&buf);
        if strict {
            return Ok(());
        }
    }
    sleep(Duration::from_secs(1)).await;
    Ok(())
}
