// A `block_on` of this project's own (a fn of this crate, or of a sibling crate of its
// workspace, named like this package) is known here by its name only: what it does is in its
// body, which may hand the worker's tasks away with `tokio::task::block_in_place`. A note.
// An executor's `block_on` (futures, pollster) keeps the warning, and a call that makes
// the future another `block_on` runs is no blocking call at all.
mod util {
    pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::task::block_in_place(move || tokio::runtime::Handle::current().block_on(f))
    }
}

async fn resolve(n: u32) -> u32 {
    n + 1
}

pub async fn transform(ids: Vec<u32>) -> Vec<u32> {
    let tasks = ids.into_iter().map(resolve);
    let a = bundler_utils::futures::block_on( // want: blocking_in_async@note
        bundler_utils::futures::block_on_spawn_all(tasks),
    );
    let b = crate::util::block_on(resolve(1)); // want: blocking_in_async@note
    let c = futures::executor::block_on(resolve(2)); // want: blocking_in_async@warning
    let d = pollster::block_on(resolve(3)); // want: blocking_in_async@warning
    let mut out = a;
    out.extend([b, c, d]);
    out
}
