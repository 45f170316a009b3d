// Partial paths that could name std or tokio (the module came from a glob we cannot see)
// are left alone; so are types of our own that share std's names.
use super::*;

async fn ambiguous(path: &str) {
    let _ = fs::read_to_string(path);
    let _ = File::open(path);
    let _ = net::TcpStream::connect("example.com:80");
    let _ = process::Command::new("ls").output();
}

mod runtime {
    pub struct Runtime;
    impl Runtime {
        pub fn new() -> Self {
            Runtime
        }
    }
}

async fn own_types() {
    let _rt = runtime::Runtime::new();
    let _r = Runtime::new();
    let _c = Command::new("ls").output();
}
