// Two libraries down from the tool: only tool-helpers uses it, and only the tool uses
// tool-helpers, so it runs inside one command too.
use std::io::Read;

pub async fn read_input(path: &str) -> Vec<u8> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).unwrap(); // want: blocking_in_async@note
        return buf;
    }
    if let Some(spec) = path.strip_prefix("@") {
        return std::fs::read(spec).unwrap(); // want: blocking_in_async@note
    }
    tokio::fs::read(path).await.unwrap()
}
