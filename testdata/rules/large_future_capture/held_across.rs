// Arrays held across an `.await` (rustc stores them in the future) next to the look-alikes
// rustc does not store. Sizes were checked with `std::mem::size_of_val` on the futures.
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

// Used after the `.await`: it must survive the suspension.
async fn used_after(stream: &mut TcpStream) -> std::io::Result<()> {
    let buf = [7u8; 64 * 1024]; // want: large_future_capture@note
    stream.readable().await?;
    stream.write_all(&buf).await
}

// The tokio tutorial's echo loop with a 64 KiB buffer: `&mut buf` is borrowed by the read
// future, before the `.await`.
async fn echo(mut socket: TcpStream) {
    let mut buf = [0; 65536]; // want: large_future_capture@note
    loop {
        let n = match socket.read(&mut buf).await {
            Ok(0) => return,
            Ok(n) => n,
            Err(_) => return,
        };
        if socket.write_all(&buf[0..n]).await.is_err() {
            return;
        }
    }
}

// The same loop with the tutorial's 1 KiB buffer is fine.
async fn echo_small(mut socket: TcpStream) {
    let mut buf = [0; 1024];
    loop {
        let n = socket.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            return;
        }
    }
}

// Borrowed before the `.await` and never used again: rustc still keeps it.
async fn borrowed_before(stream: &mut TcpStream) {
    let buf = [0u8; 32768]; // want: large_future_capture
    checksum(&buf);
    stream.flush().await.ok();
}

// A method call borrows it too (`iter` takes `&self`).
async fn method_before(stream: &mut TcpStream) {
    let table: [u32; 8192] = [0; 8192]; // want: large_future_capture
    let total: u32 = table.iter().sum();
    stream.write_u32(total).await.ok();
}

// `len()` autorefs as well.
async fn len_before(stream: &mut TcpStream) {
    let frame = [0u16; 16384]; // want: large_future_capture
    let n = frame.len();
    stream.write_u64(n as u64).await.ok();
}

// Passing a mutable slice to a read.
async fn slice_to_read(stream: &mut TcpStream) -> std::io::Result<usize> {
    let mut buf = [0u8; 1 << 16]; // want: large_future_capture
    stream.read(&mut buf[..]).await
}

// Nested arrays: 64 * 64 * 4 = 16384 bytes.
async fn nested(stream: &mut TcpStream) {
    let grid = [[0u32; 64]; 64]; // want: large_future_capture
    stream.readable().await.ok();
    render(&grid);
}

// 64 * 63 * 4 = 16128 bytes: below the default threshold.
async fn nested_below(stream: &mut TcpStream) {
    let grid = [[0u32; 63]; 64];
    stream.readable().await.ok();
    render63(&grid);
}

// Typed declarations: the type gives the element size (4096 * 8).
async fn typed(stream: &mut TcpStream) {
    let words: [u64; 4096] = [0; 4096]; // want: large_future_capture
    stream.readable().await.ok();
    sum_words(&words);
}

// An unknown element type counts one byte: 4096 `Slot`s are at least 4096 bytes, too few
// to tell.
async fn unknown_element(stream: &mut TcpStream) {
    let slots: [Slot; 4096] = [Slot::EMPTY; 4096];
    stream.readable().await.ok();
    use_slots(&slots);
}

// `drop(buf)` copies a Copy array: the earlier borrow still keeps it in the future.
async fn dropped_after_borrow(stream: &mut TcpStream) {
    let buf = [0u8; 20_000]; // want: large_future_capture
    checksum(&buf);
    drop(buf);
    stream.flush().await.ok();
}

// Comparing arrays calls `PartialEq::eq(&a, &b)`: a borrow.
async fn compared(stream: &mut TcpStream) {
    let expected = [0u8; 0x8000]; // want: large_future_capture
    let same = expected == [0u8; 0x8000];
    stream.write_u8(same as u8).await.ok();
}

// Format macros take their arguments by reference.
async fn formatted(stream: &mut TcpStream) {
    let buf = [0u8; 20000]; // want: large_future_capture
    println!("first byte: {}", buf[0]);
    stream.flush().await.ok();
}

// Shadowing does not end the first array's life: it was borrowed, it is kept.
async fn shadowed_after_borrow(stream: &mut TcpStream) {
    let buf = [0u8; 40000]; // want: large_future_capture
    let buf = &buf[..16];
    stream.write_all(buf).await.ok();
}

// Shadowed before any borrow: the later uses name the new binding.
async fn shadowed_first(stream: &mut TcpStream) {
    let buf = [0u8; 40000];
    let first = buf[0];
    let buf = vec![first; 40000];
    stream.readable().await.ok();
    stream.write_all(&buf).await.ok();
}

// ---- look-alikes rustc does not store ----

// Declared after the `.await`.
async fn declared_after(stream: &mut TcpStream) {
    stream.readable().await.ok();
    let buf = [0u8; 65536];
    checksum(&buf);
}

// In a block that ends before the `.await`.
async fn scoped(stream: &mut TcpStream) -> std::io::Result<()> {
    let sum = {
        let buf = [0u8; 65536];
        checksum(&buf)
    };
    stream.write_u32(sum).await
}

// Only indexed by value before the `.await`.
async fn indexed_by_value(stream: &mut TcpStream) {
    let buf = [1u8; 65536];
    let first = buf[0];
    let header = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]);
    stream.write_u32(header + first as u32).await.ok();
}

// Only copied before the `.await` (passed by value, moved into a by-value method).
async fn copied(stream: &mut TcpStream) {
    let buf = [0u8; 65536];
    let hash = hash_owned(buf);
    let doubled = buf.map(|b| b.wrapping_mul(2))[0];
    stream.write_u64(hash + doubled as u64).await.ok();
}

// Written by index and never read afterwards.
async fn written_only(stream: &mut TcpStream) {
    let mut buf = [0u8; 65536];
    buf[0] = 1;
    stream.readable().await.ok();
    buf[1] = 2;
}

// On the heap: only the pointer is in the future.
async fn on_heap(stream: &mut TcpStream) -> std::io::Result<()> {
    let mut buf = vec![0u8; 65536];
    let mut boxed = Box::new([0u8; 65536]);
    let n = stream.read(&mut buf).await?;
    stream.read(&mut boxed[..]).await?;
    stream.write_all(&buf[..n]).await
}

// Declared but never touched.
async fn unused(stream: &mut TcpStream) {
    let _reserved = [0u8; 65536];
    stream.readable().await.ok();
}

// Moved by value into the awaited call: the local itself is not kept (the callee's future
// holds its own copy, which is that function's business).
async fn moved_into_call(stream: &mut TcpStream) {
    let block = [0u8; 65536];
    send_block(block).await;
    stream.flush().await.ok();
}

// Below the threshold.
async fn small(stream: &mut TcpStream) -> std::io::Result<usize> {
    let mut buf = [0u8; 8 * 1024];
    stream.read(&mut buf).await
}

async fn send_block(_b: [u8; 65536]) {}
fn checksum(b: &[u8]) -> u32 {
    b.iter().map(|&x| x as u32).sum()
}
fn hash_owned(b: [u8; 65536]) -> u64 {
    b[0] as u64
}
fn render(_g: &[[u32; 64]; 64]) {}
fn render63(_g: &[[u32; 63]; 64]) {}
fn sum_words(_w: &[u64]) {}
fn use_slots(_s: &[Slot]) {}
#[derive(Clone, Copy)]
struct Slot(u8);
impl Slot {
    const EMPTY: Slot = Slot(0);
}

// Declared without a value: nothing is kept across the `.await` before the assignment...
async fn deferred_init(stream: &mut TcpStream, fill: u8) -> u32 {
    let buf: [u8; 65536];
    stream.readable().await.ok();
    buf = [fill; 65536];
    checksum(&buf)
}

// ...but once assigned, a borrow before a later `.await` keeps it.
async fn deferred_init_then_borrowed(stream: &mut TcpStream, fill: u8) {
    let buf: [u8; 65536]; // want: large_future_capture
    stream.readable().await.ok();
    buf = [fill; 65536];
    stream.write_all(&buf).await.ok();
}

// A reference to a constant array is promoted to a static: only the pointer is kept.
async fn promoted(stream: &mut TcpStream) {
    let zeros = &[0u8; 65536];
    stream.readable().await.ok();
    stream.write_all(zeros).await.ok();
}
