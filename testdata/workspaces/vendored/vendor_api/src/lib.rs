// Twin: the project's own package for a vendor's API, in a folder merely named for it, is
// production code.
pub async fn fetch_catalog(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap() // want: blocking_in_async@warning
}
