// No `mod` declaration reaches this file: it is not compiled, so nothing is reported in it
// (the scan says so in a notification).
pub async fn old_loader() -> Vec<u8> {
    std::fs::read("old.toml").unwrap()
}
