// A channel's receive future made once before a loop and raced by reference: what a poll
// after `Ready` does is the channel's. async-channel's `Recv` keeps no finished state (each
// poll tries the channel again and re-arms its listener), so the next turn gets the next
// command, or the closed error. Quiet. The twin's future is tokio's `recv()`, an `async fn`
// whose future panics when resumed after completion: reported.
use async_channel::Receiver;
use tokio::sync::mpsc;

pub enum Command {
    Pause,
    Resume,
}

pub async fn supervise(work: tokio::task::JoinHandle<u32>, commands: Receiver<Command>) -> u32 {
    let commands_fut = commands.recv();
    tokio::pin!(work);
    tokio::pin!(commands_fut);
    loop {
        tokio::select! {
            done = &mut work => return done.unwrap_or(0),
            Ok(cmd) = &mut commands_fut => match cmd {
                Command::Pause => println!("pause"),
                Command::Resume => println!("resume"),
            },
        }
    }
}

pub async fn supervise_made_here(work: tokio::task::JoinHandle<u32>) -> u32 {
    let (_tx, rx) = async_channel::unbounded::<Command>();
    let commands_fut = rx.recv();
    tokio::pin!(work);
    tokio::pin!(commands_fut);
    loop {
        tokio::select! {
            done = &mut work => return done.unwrap_or(0),
            Ok(_cmd) = &mut commands_fut => println!("command"),
        }
    }
}

pub async fn supervise_tokio(work: tokio::task::JoinHandle<u32>, mut commands: mpsc::Receiver<Command>) -> u32 {
    let commands_fut = commands.recv();
    tokio::pin!(work);
    tokio::pin!(commands_fut);
    loop {
        tokio::select! {
            done = &mut work => return done.unwrap_or(0),
            Some(_cmd) = &mut commands_fut => println!("command"), // want: poll_after_ready
        }
    }
}
