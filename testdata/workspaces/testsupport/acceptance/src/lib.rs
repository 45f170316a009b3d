// The acceptance suite's library: unpublished, named for tests, and used by no package of
// the workspace: only its own tests (tests/) run it. Test code: a note.
pub async fn load_case(dir: &std::path::Path) -> Vec<u8> {
    std::thread::sleep(std::time::Duration::from_millis(5)); // want: blocking_in_async@note
    dir.to_string_lossy().into_owned().into_bytes()
}
