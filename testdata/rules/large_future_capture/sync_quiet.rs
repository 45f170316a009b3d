// No finding: the arrays are not in a future, or no `.await` of their future crosses them.
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

// A plain function has no future.
fn sync_fn(data: &[u8]) -> u32 {
    let mut table = [0u32; 65536];
    for &b in data {
        table[b as usize] += 1;
    }
    table.iter().sum()
}

// A non-async closure inside async code: its array lives on the closure's stack frame.
async fn closure_in_async(mut stream: TcpStream, data: Vec<u8>) -> std::io::Result<usize> {
    let histogram = |d: &[u8]| {
        let mut table = [0u32; 65536];
        for &b in d {
            table[b as usize] += 1;
        }
        table.iter().filter(|&&c| c > 0).count()
    };
    let distinct = histogram(&data);
    let mut small = [0u8; 16];
    stream.read(&mut small).await?;
    Ok(distinct)
}

// The only `.await` is in a nested async block: a different future.
async fn await_elsewhere(mut stream: TcpStream) {
    let buf = [0u8; 65536];
    checksum(&buf);
    let task = async move {
        let mut small = [0u8; 16];
        stream.read(&mut small).await.ok();
    };
    drop(task);
}

// Sizes that cannot be known: a const generic, `usize::MAX`-based, a function call.
async fn unknown_sizes<const N: usize>(mut stream: TcpStream) {
    let mut a = [0u8; N];
    let mut b = [0u8; (usize::MAX >> 48) + 1];
    let mut c = [0u8; page_size()];
    stream.read(&mut a).await.ok();
    stream.read(&mut b).await.ok();
    stream.read(&mut c).await.ok();
}

// Zero-sized elements.
async fn zero_sized(mut stream: TcpStream) {
    let units = [(); 1_000_000];
    stream.readable().await.ok();
    let _ = units.len();
}

const fn page_size() -> usize {
    4096
}
fn checksum(b: &[u8]) -> u32 {
    b.len() as u32
}
