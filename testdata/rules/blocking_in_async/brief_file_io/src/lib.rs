// Brief file I/O (std::fs, a std File) in async code is a warning only where something shows
// that it runs per item (in a loop, below a loop of a caller, below a task spawned per
// connection) and the file is the data the code hands back or hands on (a read whose bytes
// are returned, sent or published). Once per call, with no such sign, it is a note: left in
// async code it is mostly start-up, admin or set-up work that holds the thread a moment. Per
// item, a file read or written on the way (a certificate, a config, a log line) is a note
// too: small files, on real code never worth a maintainer's time.
use axum::routing::get;
use axum::Router;
use std::path::{Path, PathBuf};

pub mod journal;
pub mod stores;

// Once per call, and no caller in sight runs it per item.
pub async fn load_settings() -> String {
    std::fs::read_to_string("settings.toml").unwrap_or_default() // want: blocking_in_async@note
}

pub async fn reset(dir: &Path) -> std::io::Result<()> {
    std::fs::remove_dir_all(dir.join("staging"))?; // want: blocking_in_async@note
    Ok(())
}

// In a loop of its own body: once per file.
pub async fn checksum_all(paths: &[PathBuf]) -> u64 {
    let mut sum = 0;
    for p in paths {
        sum += std::fs::read(p).map(|b| b.len() as u64).unwrap_or(0); // want: blocking_in_async@warning
    }
    sum
}

// Once per call, and a caller calls it in a `for` over a collection in hand: judged on real
// code such loops walked a few configured things (providers, volumes, datasets), a note.
// Its twin is called once per message a task receives: per item of a stream of work, a
// warning.
async fn read_block(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default() // want: blocking_in_async@note
}

pub async fn read_blocks(paths: Vec<PathBuf>) -> usize {
    let mut n = 0;
    for p in &paths {
        n += read_block(p).await.len();
    }
    n
}

async fn read_requested_block(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default() // want: blocking_in_async@warning
}

pub async fn serve_blocks(mut requests: tokio::sync::mpsc::Receiver<PathBuf>) -> usize {
    let mut n = 0;
    while let Some(p) = requests.recv().await {
        n += read_requested_block(&p).await.len();
    }
    n
}

// Below a request handler: per request, but handlers that read files with std::fs were
// admin routes on real code; a note, as for any call nothing shows to run per item.
pub fn router() -> Router {
    Router::new().route("/page", get(page))
}

async fn page() -> String {
    render().await
}

async fn render() -> String {
    std::fs::read_to_string("templates/page.html").unwrap_or_default() // want: blocking_in_async@note
}

// Below a task spawned per connection.
pub async fn serve(listener: tokio::net::TcpListener) {
    loop {
        let Ok((sock, _)) = listener.accept().await else { return };
        tokio::spawn(greet(sock));
    }
}

async fn greet(mut sock: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    let banner = std::fs::read("banner.txt").unwrap_or_default(); // want: blocking_in_async@warning
    let _ = sock.write_all(&banner).await;
}

// The look-alike: per connection too, but the file only builds the TLS setup.
pub async fn serve_tls(listener: tokio::net::TcpListener) {
    loop {
        let Ok((sock, _)) = listener.accept().await else { return };
        tokio::spawn(handshake(sock));
    }
}

async fn handshake(sock: tokio::net::TcpStream) {
    let pem = std::fs::read("ca.pem").unwrap_or_default(); // want: blocking_in_async@note
    let roots = parse_roots(&pem);
    drop((sock, roots));
}

fn parse_roots(pem: &[u8]) -> usize {
    pem.len()
}

// The async twins are quiet.
pub async fn load_settings_async() -> String {
    tokio::fs::read_to_string("settings.toml").await.unwrap_or_default()
}

// Key material read to configure a client, which the constructor hands back: the PEMs end up
// in the value returned, but what they are is a TLS identity, read once per client made,
// not data anyone waits on. A note, also when clients are made in a loop.
pub struct SignerClient {
    identity: (String, String),
}

impl SignerClient {
    pub async fn connect(tls_dir: std::path::PathBuf) -> std::io::Result<Self> {
        let cert = std::fs::read_to_string(tls_dir.join("client.pem"))?; // want: blocking_in_async@note
        let key = std::fs::read_to_string(tls_dir.join("client.key"))?; // want: blocking_in_async@note
        Ok(Self { identity: (cert, key) })
    }
}

pub async fn connect_all(dirs: Vec<std::path::PathBuf>) -> Vec<SignerClient> {
    let mut out = Vec::new();
    for d in dirs {
        if let Ok(c) = SignerClient::connect(d).await {
            out.push(c);
        }
    }
    out
}

// Its twin reads a payload the same way: the bytes handed back are what the caller waits for.
async fn load_blob(dir: std::path::PathBuf) -> Vec<u8> {
    std::fs::read(dir.join("blob.bin")).unwrap_or_default() // want: blocking_in_async@warning
}

pub async fn load_blobs(mut dirs: tokio::sync::mpsc::Receiver<std::path::PathBuf>) -> usize {
    let mut total = 0;
    while let Some(d) = dirs.recv().await {
        total += load_blob(d).await.len();
    }
    total
}

// Loops paced by configuration reloads (reload.rs).
pub mod reload;

// Loops over configured entries (config_loops.rs).
pub mod config_loops;

// In a loop, every file copied whole into an archive (`std::io::copy`): once per file, and
// its bytes are the data. Its look-alike opens each file only to read its first line.
pub async fn archive(paths: &[PathBuf], out: &Path) -> std::io::Result<()> {
    let mut zip = std::io::BufWriter::new(tokio::task::block_in_place(|| std::fs::File::create(out))?);
    for p in paths {
        let mut f = std::fs::File::open(p)?; // want: blocking_in_async@warning
        std::io::copy(&mut f, &mut zip)?;
    }
    Ok(())
}

pub async fn first_lines(paths: &[PathBuf]) -> std::io::Result<usize> {
    use std::io::BufRead;
    let mut n = 0;
    for p in paths {
        let f = std::fs::File::open(p)?; // want: blocking_in_async@note
        let mut line = String::new();
        std::io::BufReader::new(f).read_line(&mut line)?;
        n += 1;
    }
    Ok(n)
}

// Opened on the executor, copied on the blocking pool: the open alone runs per item here.
pub async fn hash_all(paths: &[PathBuf]) -> std::io::Result<()> {
    for p in paths {
        let mut reader = std::io::BufReader::new(std::fs::File::open(p)?); // want: blocking_in_async@note
        tokio::task::spawn_blocking(move || std::io::copy(&mut reader, &mut std::io::sink())).await??;
    }
    Ok(())
}

// A `while` over an index walks a collection in hand too, like a `for`: a note.
async fn read_indexed_block(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default() // want: blocking_in_async@note
}

pub async fn read_indexed(paths: &[PathBuf]) -> usize {
    let (mut i, mut n) = (0, 0);
    while i < paths.len() {
        n += read_indexed_block(&paths[i]).await.len();
        i += 1;
    }
    n
}

// `Keystore::new` is called once at start-up; a loop elsewhere makes values of another
// crate's types whose constructor is also named `new` (`event_listener::Event::new()`, or
// `Listener::new()` after a `use` of it). Those are no calls of `Keystore::new`, so nothing
// runs its read per item. Its twin is constructed per message: a warning.
pub struct Keystore {
    key: Vec<u8>,
}

impl Keystore {
    pub async fn new(path: PathBuf) -> Keystore {
        let key = std::fs::read(path).unwrap_or_default(); // want: blocking_in_async@note
        Keystore { key }
    }
}

pub async fn watch_events(mut events: tokio::sync::mpsc::Receiver<u8>) {
    use event_listener::Event as Listener;
    while let Some(e) = events.recv().await {
        let fresh = event_listener::Event::new();
        let other = Listener::new();
        drop((e, fresh, other));
    }
}

pub struct Ticket {
    body: Vec<u8>,
}

impl Ticket {
    pub async fn new(path: PathBuf) -> Ticket {
        let body = std::fs::read(path).unwrap_or_default(); // want: blocking_in_async@warning
        Ticket { body }
    }
}

pub async fn issue_tickets(mut requests: tokio::sync::mpsc::Receiver<PathBuf>) -> usize {
    let mut n = 0;
    while let Some(p) = requests.recv().await {
        n += Ticket::new(p).await.body.len();
    }
    n
}
