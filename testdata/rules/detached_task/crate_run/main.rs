// A crate whose spawned async fns live in another file.
mod worker;
mod methods;

use tokio::sync::mpsc;

use crate::worker::{pump, Worker};
use some_server::listen;

#[tokio::main]
async fn main() {
    let (tx, rx) = mpsc::channel(16);
    let (_otx, orx) = mpsc::channel::<u32>(16);

    tokio::spawn(worker::run(rx)); // want: detached_task
    tokio::spawn(worker::run_until_closed(orx));

    let (_ptx, prx) = mpsc::channel::<u32>(16);
    tokio::spawn(async move { pump(prx).await }); // want: detached_task

    let w = Worker::new();
    tokio::spawn(Worker::serve(w.clone())); // want: detached_task
    tokio::spawn(w.clone().serve_once());
    tokio::spawn(worker::supervise()); // want: detached_task
    tokio::spawn(worker::supervise_once());

    // `listen` comes from another crate; the test helper of the same name does not count
    tokio::spawn(listen("127.0.0.1:0"));

    // two fns named `poll`, one forever and one not: the path names the module, `fast`
    tokio::spawn(worker::fast::poll());
    // ... but its module does: `slow::poll` is the one that loops forever
    tokio::spawn(worker::slow::poll()); // want: detached_task

    tx.send(1).await.unwrap();
}
