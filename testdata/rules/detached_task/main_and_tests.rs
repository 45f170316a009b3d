// Test code is left alone: each test has its own runtime, whose shutdown stops every task
// the test spawned, and tests detach and drop handles on purpose. In `main` the finding is
// only a note, since the task lives as long as the program.
use std::time::Duration;

use tokio::task::JoinHandle;

async fn sample() {
    tokio::time::sleep(Duration::from_millis(10)).await;
}

pub fn start_sampler() {
    tokio::spawn(async { // want: detached_task
        loop {
            sample().await;
        }
    });
}

#[tokio::main]
async fn main() {
    // a note, not a warning
    tokio::spawn(async { // want: detached_task
        loop {
            sample().await;
        }
    });
    start_sampler();
}

#[cfg(not(test))]
pub async fn not_in_tests() {
    let h = tokio::spawn(sample());
    sample().await;
    drop(h); // want: detached_task
}

#[tokio::test]
async fn keeps_sampling() {
    tokio::spawn(async {
        loop {
            sample().await;
        }
    });
    let h: JoinHandle<()> = tokio::spawn(sample());
    drop(h);
}

#[test]
fn in_a_plain_test() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.spawn(async {
        loop {
            sample().await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn helper() {
        tokio::spawn(async {
            loop {
                sample().await;
            }
        });
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn detach() {
        helper();
        let handle = tokio::spawn(async { sample().await });
        drop(handle);
    }
}
