// A benchmark target.
async fn load_once() {
    let _ = std::fs::read("big.bin"); // want: blocking_in_async@note
}
fn main() {}
