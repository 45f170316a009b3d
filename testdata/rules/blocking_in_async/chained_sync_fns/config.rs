// Sync helpers: some block (directly or through another helper), some only look alike.
use std::net::ToSocketAddrs;
use std::time::Duration;

pub fn resolve(host: &str) -> std::net::SocketAddr {
    // A DNS lookup, two calls below the async code that calls `connect_addr`.
    (host, 443).to_socket_addrs().unwrap().next().unwrap()
}

pub fn connect_addr(host: &str) -> std::net::SocketAddr {
    let addr = resolve(host);
    addr
}

pub fn load_settings(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

pub fn ensure_dir(path: &str) {
    std::fs::create_dir_all(path).unwrap();
}

pub fn backoff(attempt: u32) {
    std::thread::sleep(Duration::from_millis(10 * attempt as u64));
}

// Looks alike, blocks nowhere: parsing, formatting.
pub fn parse_port(s: &str) -> u16 {
    s.trim().parse().unwrap_or(443)
}

// Blocking work handed to the blocking pool inside the helper: the helper returns at once.
pub fn load_in_background(path: String) -> tokio::task::JoinHandle<String> {
    tokio::task::spawn_blocking(move || std::fs::read_to_string(path).unwrap_or_default())
}

// A panic path that waits for a worker to die first: it never returns, so nothing waits on it
// for long.
pub fn propagate_panic() -> ! {
    std::thread::sleep(Duration::from_millis(100));
    panic!("worker died")
}

pub struct Store {
    pub dir: String,
}

impl Store {
    pub fn flush(&self) {
        self.write_index();
    }

    fn write_index(&self) {
        std::fs::write(format!("{}/index", self.dir), b"idx").unwrap();
    }

    pub fn len(&self) -> usize {
        self.dir.len()
    }

    pub fn open(dir: &str) -> Store {
        let text = load_settings(dir);
        Store { dir: text }
    }
}
