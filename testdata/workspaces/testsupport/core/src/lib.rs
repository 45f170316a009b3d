// Production code of a library: its level stays, whatever its optional test dependency is.
pub async fn load(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap() // want: blocking_in_async@warning
}
