// Likewise under third_party/.
pub async fn load_config(path: &str) -> String {
    std::fs::read_to_string(path).unwrap() // want: blocking_in_async@note
}
