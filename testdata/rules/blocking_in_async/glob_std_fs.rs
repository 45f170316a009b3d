// A glob import from std::fs brings File and the functions into scope.
use std::fs::*;

async fn load(path: &str) -> std::io::Result<String> {
    let _f = File::open(path)?; // want: blocking_in_async
    read_to_string(path) // want: blocking_in_async
}
