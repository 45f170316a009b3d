// A library of the workspace whose start-up code only other packages call: `app`'s main
// calls `Config::init` once, before it serves anything, so its blocking read stalls no one.
// `Store::open_at` is called by `edge` once per connection: it keeps its warning.
pub struct Config {
    pub text: String,
}

impl Config {
    pub async fn init(path: &str) -> Config {
        let text = std::fs::read_to_string(path).unwrap_or_default(); // want: blocking_in_async@note
        Config { text }
    }
}

pub struct Store;

impl Store {
    pub async fn open_at(path: &str) -> usize {
        std::fs::read_to_string(path).map(|s| s.len()).unwrap_or(0) // want: blocking_in_async@warning
    }
}

// Nobody in the scan calls this one: its callers are out of sight, and it keeps its warning.
pub async fn reload(path: &str) -> usize {
    std::fs::read(path).map(|b| b.len()).unwrap_or(0) // want: blocking_in_async@warning
}
