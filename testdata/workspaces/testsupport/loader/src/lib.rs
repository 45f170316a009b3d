// Twin: unpublished and used by no package of the workspace either, but its name says
// nothing of tests: a library its users fetch from git, production code.
pub async fn load_case(dir: &std::path::Path) -> Vec<u8> {
    std::thread::sleep(std::time::Duration::from_millis(5)); // want: blocking_in_async@warning
    dir.to_string_lossy().into_owned().into_bytes()
}
