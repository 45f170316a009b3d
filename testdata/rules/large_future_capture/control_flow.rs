// Which paths reach the `.await` matters: rustc keeps the array only when a borrow reaches
// the suspension or a read follows it.
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::UdpSocket;
use tokio::time::sleep;

// A read before the `.await`, but in a loop: the next iteration reads it again.
async fn loop_carried(sock: &UdpSocket) {
    let table = [3u8; 50_000]; // want: large_future_capture
    loop {
        let shift = table[7];
        sleep(Duration::from_millis(shift as u64)).await;
    }
}

// The UDP receive loop with a maximum-size datagram buffer.
async fn recv_loop(sock: UdpSocket) -> std::io::Result<()> {
    let mut buf = [0u8; u16::MAX as usize + 1]; // want: large_future_capture
    while let Ok((n, peer)) = sock.recv_from(&mut buf).await {
        sock.send_to(&buf[..n], peer).await?;
    }
    Ok(())
}

// Exclusive branches in a loop still reach each other on the next iteration.
async fn loop_branches(sock: &UdpSocket, fast: bool) {
    let buf = [0u8; 30000]; // want: large_future_capture
    loop {
        if fast {
            sleep(Duration::from_millis(1)).await;
        } else {
            inspect(&buf);
        }
    }
}

// The `.await` sits inside an `if`: a borrow before it still reaches it.
async fn conditional_await(sock: &UdpSocket, wait: bool) {
    let buf = [0u8; 30000]; // want: large_future_capture
    inspect(&buf);
    if wait {
        sleep(Duration::from_secs(1)).await;
    }
}

// A non-move closure captures it by reference.
async fn captured_by_closure(sock: &UdpSocket) {
    let buf = [0u8; 30000]; // want: large_future_capture
    let peek = || buf.first().copied();
    let _ = peek();
    sleep(Duration::from_secs(1)).await;
}

// A (non-move) async block borrowing it, awaited later.
async fn captured_by_async_block(sock: &UdpSocket) {
    let buf = [0u8; 30000]; // want: large_future_capture
    let send = async { sock.send(&buf).await };
    send.await.ok();
}

// ---- look-alikes ----

// The borrow is on a path that returns before any `.await`.
async fn borrow_then_return(sock: &UdpSocket, bad: bool) -> std::io::Result<()> {
    let buf = [0u8; 30000];
    if bad {
        inspect(&buf);
        return Ok(());
    }
    sleep(Duration::from_secs(1)).await;
    Ok(())
}

// The borrow is on a path that panics.
async fn borrow_then_panic(sock: &UdpSocket, bad: bool) {
    let buf = [0u8; 30000];
    if bad {
        inspect(&buf);
        panic!("corrupt buffer");
    }
    sleep(Duration::from_secs(1)).await;
}

// assert!'s message arguments are only formatted on failure.
async fn asserted(sock: &UdpSocket) {
    let buf = [0u8; 30000];
    assert!(buf[0] == 0, "unexpected {:?}", &buf[..4]);
    sleep(Duration::from_secs(1)).await;
}

// The borrow and the `.await` are in different branches (no loop around them).
async fn other_branch(sock: &UdpSocket, fast: bool) {
    let buf = [0u8; 30000];
    if fast {
        inspect(&buf);
    } else {
        sleep(Duration::from_millis(1)).await;
    }
}

// The use after the `.await` is in the other arm.
async fn other_arm(sock: &UdpSocket, mode: u8) {
    let buf = [0u8; 30000];
    match mode {
        0 => sleep(Duration::from_millis(1)).await,
        _ => inspect(&buf),
    }
}

// The only `.await` is on a path that returns before the array is used again.
async fn await_then_return(sock: &UdpSocket, early: bool) {
    let buf = [0u8; 30000];
    if early {
        sleep(Duration::from_millis(1)).await;
        return;
    }
    inspect(&buf);
}

// A declaration inside the loop body lives for one iteration; the `.await` before it in
// the body is not crossed.
async fn per_iteration(sock: &UdpSocket) {
    loop {
        sleep(Duration::from_millis(1)).await;
        let buf = [0u8; 30000];
        inspect(&buf);
    }
}

// A `move` closure copies the array; buf itself is not borrowed (and the closure is used up
// before the `.await`).
async fn moved_into_closure(sock: &UdpSocket) {
    let buf = [0u8; 30000];
    let sum: u32 = (0..4).map(move |i| buf[i] as u32).sum();
    sleep(Duration::from_millis(sum as u64)).await;
}

// A by-value `for` loop copies it.
async fn iterated_by_value(sock: &UdpSocket) {
    let buf = [0u8; 30000];
    let mut sum = 0u32;
    for b in buf {
        sum += b as u32;
    }
    sleep(Duration::from_millis(sum as u64)).await;
}

// A loop that is left right after its `.await`: no iteration reads the array after it.
async fn loop_left_after_await(sock: &UdpSocket, more: bool) {
    let table = [3u8; 50_000];
    while more {
        let shift = table[7];
        if shift > 1 {
            sleep(Duration::from_millis(shift as u64)).await;
            break;
        }
    }
}

// Its twin goes round again after the `.await`, and reads the array on the next iteration.
async fn loop_goes_on_after_await(sock: &UdpSocket, more: bool) {
    let table = [3u8; 50_000]; // want: large_future_capture
    while more {
        let shift = table[7];
        if shift > 1 {
            sleep(Duration::from_millis(shift as u64)).await;
        }
    }
}

// A borrow that reaches the `.await` only through the loop's next iteration (`continue`).
async fn borrowed_then_continue(sock: &UdpSocket, skip: bool) {
    let buf = [0u8; 30000]; // want: large_future_capture
    loop {
        if skip {
            inspect(&buf);
            continue;
        }
        sleep(Duration::from_millis(1)).await;
    }
}

fn inspect(_b: &[u8]) {}
