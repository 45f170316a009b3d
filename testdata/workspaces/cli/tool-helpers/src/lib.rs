// A library only the command-line tool uses, that serves nothing: its `pub async fn`s run
// inside one command.
pub async fn write_manifest(path: &str, body: &str) {
    std::fs::write(path, body).unwrap(); // want: blocking_in_async@note
}
