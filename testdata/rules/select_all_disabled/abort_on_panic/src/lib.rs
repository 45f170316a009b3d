// The source-ending shape of source_ends.rs in a build that aborts on panic: once every
// source is gone, the panic takes the whole process down. A warning.
use tokio::sync::mpsc;

pub async fn service(mut jobs: mpsc::Receiver<u32>, mut acks: mpsc::Receiver<u32>) {
    loop {
        tokio::select! { // want: select_all_disabled@warning
            Some(job) = jobs.recv() => println!("job {job}"),
            Some(ack) = acks.recv() => println!("ack {ack}"),
        }
    }
}
