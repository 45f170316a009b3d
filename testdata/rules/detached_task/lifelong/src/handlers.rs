// A request handler of a server framework's service trait runs once per request: a forever
// task it spawns is one more per request, and nothing stops it when the client goes. A
// warning. The twin, a trait method that takes no request (a plugin's `start`), is called
// when the host decides, once as far as this package shows: a note.
use std::time::Duration;

pub trait EventService {
    fn stream_events(&self, request: tonic::Request<u32>) -> Result<u32, String>;
}

pub trait Plugin {
    fn start(&self);
}

pub struct Wallet;

impl EventService for Wallet {
    fn stream_events(&self, _request: tonic::Request<u32>) -> Result<u32, String> {
        tokio::spawn(async move { // want: detached_task@warning
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                println!("event");
            }
        });
        Ok(1)
    }
}

impl Plugin for Wallet {
    fn start(&self) {
        tokio::spawn(async move { // want: detached_task@note
            loop {
                tokio::time::sleep(Duration::from_secs(1)).await;
                println!("plugin tick");
            }
        });
    }
}
