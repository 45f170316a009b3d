// A patched copy of a third-party crate kept under vendor/: its fixes belong upstream, so
// its findings are notes.
pub async fn load(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap() // want: blocking_in_async@note
}
