// A published library that this workspace's packages use only in their tests (and that
// names itself in its own dev-dependencies): its users are elsewhere, so it keeps its level.
pub async fn migrate(path: &str) -> String {
    std::fs::read_to_string(path).unwrap() // want: blocking_in_async@warning
}
