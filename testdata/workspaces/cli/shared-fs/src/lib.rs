// Under `shared`, which the server also uses: a chain that ends at a server keeps the level.
pub async fn load(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap() // want: blocking_in_async@warning
}
