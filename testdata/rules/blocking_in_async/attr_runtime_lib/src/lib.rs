// A library whose servers start from fns that carry a runtime attribute. `#[tokio::main]`
// turns `pub async fn start(..)` into a synchronous fn that builds its own runtime, so the
// package's users cannot run its body on their executors: being `pub` does not make it library
// code that shares someone else's threads.
pub mod relay;
