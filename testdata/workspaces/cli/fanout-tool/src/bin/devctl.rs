// One command per process on a current-thread runtime. `start` fans the configured nodes
// out to a task each, in a `for` loop over the config: a fixed set of jobs, not a task per
// connection or message, so the package still serves nothing.
use devctl_local::Node;

#[derive(clap::Parser)]
enum Cmd {
    Start,
}

fn main() {
    let cmd = <Cmd as clap::Parser>::parse();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    match cmd {
        Cmd::Start => rt.block_on(start_all()),
    }
}

async fn start_all() {
    let nodes: Vec<&'static Node> = Vec::new();
    let mut set = tokio::task::JoinSet::new();
    for node in nodes {
        set.spawn(async move { node.start().await });
    }
    while let Some(done) = set.join_next().await {
        done.unwrap().unwrap();
    }
    let _table = comfy_table::Table::new();
}
