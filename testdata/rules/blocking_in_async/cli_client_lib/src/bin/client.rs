// A test client's binary: a current-thread main that parses its arguments and runs the
// library's `client` once.
use clap::Parser as _;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), probe_bin::client::Error> {
    let args = probe_bin::client::Args::parse();
    probe_bin::client::client(args).await
}
