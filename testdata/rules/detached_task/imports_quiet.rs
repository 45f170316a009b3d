// `task::spawn` here is tokio-test's mock spawner, brought in by a glob import: dropping its
// `Spawn` wrapper does drop the future. And a handle shadowed by a wrapper that aborts on
// drop is not the JoinHandle being dropped. (A file of look-alikes only, hence "quiet".)
use tokio_test::*;
use tokio_util::task::AbortOnDropHandle;

pub fn mock_spawn(s: &tokio::sync::Semaphore) {
    let mut acquire = task::spawn(s.acquire());
    assert_pending!(acquire.poll());
    drop(acquire);
}

pub async fn wrapped() {
    let handle = tokio::spawn(async {
        loop {
            tokio::task::yield_now().await;
        }
    });
    let handle = AbortOnDropHandle::new(handle);
    drop(handle);
}

