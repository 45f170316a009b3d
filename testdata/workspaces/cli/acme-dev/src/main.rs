// The project's developer commands (regenerate docs, run benchmarks): a development tool by
// its `-dev` name and its binary, so blocking here is not reported, and its use of `shared`
// does not count as a production user.
#[tokio::main]
async fn main() {
    let schema = std::fs::read_to_string("schema.json").unwrap();
    std::fs::write("docs/schema.md", schema).unwrap();
}
