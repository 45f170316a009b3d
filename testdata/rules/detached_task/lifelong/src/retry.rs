// A retry loop that starts its keep-alive task once it has registered, and returns right
// after: the spawn runs once per call, not once per turn. A note. The twin goes round again
// after spawning (a `continue` after the spawn, no exit): one more task per turn.
use std::time::Duration;

async fn register() -> Result<u32, String> {
    Ok(1)
}

pub async fn startup() -> Result<(), String> {
    let mut tries = 0;
    loop {
        match register().await {
            Ok(id) => {
                tokio::spawn(async move { // want: detached_task@note
                    loop {
                        tokio::time::sleep(Duration::from_secs(10)).await;
                        println!("ping {id}");
                    }
                });
                return Ok(());
            }
            Err(e) if tries < 3 => {
                tries += 1;
                println!("{e}");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(e) => return Err(e),
        }
    }
}

pub async fn keep_registering() {
    loop {
        if let Ok(id) = register().await {
            tokio::spawn(async move { // want: detached_task@warning
                loop {
                    tokio::time::sleep(Duration::from_secs(10)).await;
                    println!("ping {id}");
                }
            });
            tokio::time::sleep(Duration::from_secs(60)).await;
        }
    }
}
