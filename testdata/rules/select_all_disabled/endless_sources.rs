// Sources that never end: a `Some(..)` pattern on them cannot fail, so the branch is
// never disabled. Their look-alikes that do end (a channel, a stream of unknown kind)
// still count.
use futures::stream::{self, StreamExt};
use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::mpsc;
use tokio_stream::wrappers::IntervalStream;

pub async fn signals_and_jobs(mut jobs: mpsc::Receiver<u32>) {
    let mut term = signal(SignalKind::terminate()).unwrap();
    let mut hup = tokio::signal::unix::signal(SignalKind::hangup()).expect("hangup handler");
    loop {
        tokio::select! {
            Some(_) = term.recv() => break,
            Some(_) = hup.recv() => reload(),
            Some(job) = jobs.recv() => run(job),
        }
    }
}

pub async fn ticks_and_jobs(mut jobs: mpsc::Receiver<u32>) {
    let mut ticks = IntervalStream::new(tokio::time::interval(std::time::Duration::from_secs(1)));
    let mut beats = stream::repeat(7u32);
    loop {
        tokio::select! {
            Some(_) = ticks.next() => flush(),
            Some(n) = beats.next() => run(n),
            Some(job) = jobs.recv() => run(job),
        }
    }
}

// The twin: both sources end (a channel closes, a stream handed in may end).
pub async fn jobs_and_stream(mut jobs: mpsc::Receiver<u32>, mut events: impl futures::Stream<Item = u32> + Unpin) {
    loop {
        tokio::select! { // want: select_all_disabled
            Some(job) = jobs.recv() => run(job),
            Some(e) = events.next() => run(e),
        }
    }
}

// A channel named like a signal is still a channel.
pub async fn channel_named_term(mut term: mpsc::Receiver<()>, mut jobs: mpsc::Receiver<u32>) {
    loop {
        tokio::select! { // want: select_all_disabled
            Some(_) = term.recv() => break,
            Some(job) = jobs.recv() => run(job),
        }
    }
}

// A listener made inside an async block written as the branch's future: the block's value
// is the listener's `recv()`, which never returns `None`.
pub async fn inline_listeners(mut jobs: mpsc::Receiver<u32>) {
    loop {
        tokio::select! {
            Some(()) = async move { signal(SignalKind::hangup()).unwrap().recv().await } => reload(),
            Some(()) = async move {
                let kind = SignalKind::user_defined1();
                #[allow(clippy::unwrap_used)]
                signal(kind).unwrap().recv().await
            } => reload(),
            Some(job) = jobs.recv() => run(job),
        }
    }
}

// The twin: an async block around a channel's `recv()` still ends when the channel closes.
pub async fn inline_channels(mut jobs: mpsc::Receiver<u32>, mut more: mpsc::Receiver<u32>) {
    loop {
        tokio::select! { // want: select_all_disabled
            Some(job) = async { jobs.recv().await } => run(job),
            Some(job) = more.recv() => run(job),
        }
    }
}

fn reload() {}
fn flush() {}
fn run(_: u32) {}

// `Ok(()) = ctrl_c()`: tokio's ctrl_c fails only when the process cannot install its signal
// handler, which is no state a loop reaches; a lone branch on it is no disabled select.
pub async fn wait_for_ctrl_c() {
    loop {
        tokio::select! {
            Ok(()) = tokio::signal::ctrl_c() => break,
        }
    }
}

// The twin: a lone `Ok(..)` branch on a call that fails for real (the connection drops).
pub async fn wait_for_reply(conn: &mut Conn) {
    loop {
        tokio::select! { // want: select_all_disabled
            Ok(reply) = conn.read_reply() => run(reply),
        }
    }
}

pub struct Conn;

impl Conn {
    pub async fn read_reply(&mut self) -> std::io::Result<u32> {
        Ok(1)
    }
}
