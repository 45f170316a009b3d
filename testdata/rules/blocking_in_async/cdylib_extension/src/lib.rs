// An extension module that a host program loads (`crate-type = ["cdylib"]`): the host may
// drive `scan` with its own copy of Tokio, whose runtime this copy cannot see, so blocking
// on this library's own runtime does not panic there. Certain only in a single program: a
// warning (the same call in an ordinary library is an error, block_on.rs).
use std::sync::OnceLock;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| tokio::runtime::Runtime::new().unwrap())
}

async fn fetch_batches() -> usize {
    tokio::task::yield_now().await;
    3
}

pub struct TableScan {
    handle: tokio::runtime::Handle,
}

impl TableScan {
    pub fn new() -> TableScan {
        TableScan { handle: runtime().handle().clone() }
    }

    pub async fn scan(&self) -> usize {
        self.handle.block_on(fetch_batches()) // want: blocking_in_async@warning
    }
}
