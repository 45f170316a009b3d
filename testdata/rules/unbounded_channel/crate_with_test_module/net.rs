// An ordinary module beside the test module: still reported.
use futures::channel::mpsc;

pub fn connections() -> mpsc::UnboundedReceiver<u32> {
    let (_tx, rx) = mpsc::unbounded(); // want: unbounded_channel
    rx
}
