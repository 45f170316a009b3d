// Wake-ups consumed and dropped: a sub-poll checked once, whose `Ready` outcome registered
// nothing, followed by a `Pending`.
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::Stream;
use tokio::sync::mpsc;
use tokio::time::{Interval, Sleep};

// A housekeeping future that never completes: it checks its interval once per poll. After a
// tick, nothing is registered, and the next tick never wakes it.
pub struct Housekeeper {
    interval: Interval,
    sweeps: u64,
}

impl Future for Housekeeper {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.interval.poll_tick(cx).is_ready() {
            self.sweeps += 1;
        }
        Poll::Pending // want: pending_without_waker@warning
    }
}

// The fix: poll until the interval returns Pending. Quiet.
pub struct HousekeeperLoop {
    interval: Interval,
    sweeps: u64,
}

impl Future for HousekeeperLoop {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        while self.interval.poll_tick(cx).is_ready() {
            self.sweeps += 1;
        }
        Poll::Pending
    }
}

// The other fix: ask to be polled again at once. Quiet.
pub struct HousekeeperYield {
    interval: Interval,
    sweeps: u64,
}

impl Future for HousekeeperYield {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.interval.poll_tick(cx).is_ready() {
            self.sweeps += 1;
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    }
}

// A batcher that takes one message per poll and then says "not yet": after a message, the
// channel holds no waker.
pub struct OnePerPoll {
    rx: mpsc::Receiver<u32>,
    batch: Vec<u32>,
}

impl Stream for OnePerPoll {
    type Item = Vec<u32>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Vec<u32>>> {
        if let Poll::Ready(Some(v)) = self.rx.poll_recv(cx) {
            self.batch.push(v);
            if self.batch.len() < 8 {
                return Poll::Pending; // want: pending_without_waker@warning
            }
            return Poll::Ready(Some(std::mem::take(&mut self.batch)));
        }
        Poll::Pending
    }
}

// The same with a loop around the match: every Pending comes from the channel. Quiet.
pub struct Batched {
    rx: mpsc::Receiver<u32>,
    batch: Vec<u32>,
}

impl Stream for Batched {
    type Item = Vec<u32>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Vec<u32>>> {
        loop {
            match self.rx.poll_recv(cx) {
                Poll::Ready(Some(v)) => {
                    self.batch.push(v);
                    if self.batch.len() == 8 {
                        return Poll::Ready(Some(std::mem::take(&mut self.batch)));
                    }
                }
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

// A closed channel turned into "not ready": the or-pattern returns Pending after
// `Ready(None)`, and nothing will ever wake the task (the consumer hangs). The type is
// public, so its users may await its end: a warning (closed_forever.rs has the private one).
pub struct Forward {
    rx: mpsc::UnboundedReceiver<String>,
}

impl Stream for Forward {
    type Item = String;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<String>> {
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(line)) => Poll::Ready(Some(line)),
            Poll::Pending | Poll::Ready(None) => Poll::Pending, // want: pending_without_waker@warning
        }
    }
}

// Two sources; when the second returned Pending it holds the waker. The path where both
// returned Ready is the lost one.
pub struct TickOrMessage {
    interval: Interval,
    rx: mpsc::Receiver<u32>,
    seen: VecDeque<u32>,
}

impl Future for TickOrMessage {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.interval.poll_tick(cx).is_ready() {
            self.seen.clear();
        }
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(v)) => self.seen.push_back(v),
            Poll::Ready(None) => return Poll::Ready(()),
            Poll::Pending => {}
        }
        Poll::Pending // want: pending_without_waker@warning
    }
}

// The tick checked first, then a source that is always polled and returns its own result:
// the Pending comes from the receiver. Quiet.
pub struct TickThenDelegate {
    interval: Interval,
    rx: mpsc::Receiver<u32>,
    ticks: u64,
}

impl Future for TickThenDelegate {
    type Output = Option<u32>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        if self.interval.poll_tick(cx).is_ready() {
            self.ticks += 1;
        }
        self.rx.poll_recv(cx)
    }
}

// A fired timer records it in a flag that a later condition reads: the Ready path returns
// Ready. Quiet.
pub struct Deadline {
    sleep: Pin<Box<Sleep>>,
    expired: bool,
}

impl Future for Deadline {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.sleep.as_mut().poll(cx).is_ready() {
            self.expired = true;
        }
        if self.expired {
            return Poll::Ready(());
        }
        Poll::Pending
    }
}

// Ready returned on the Ready path. Quiet.
pub struct FirstTick {
    interval: Interval,
}

impl Future for FirstTick {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.interval.poll_tick(cx).is_pending() {
            return Poll::Pending;
        }
        Poll::Ready(())
    }
}

// A helper of the same value polled once: it may register on the paths where it returns
// Ready (it polls several sources). Quiet.
pub struct Driver {
    interval: Interval,
    rx: mpsc::Receiver<u32>,
}

impl Driver {
    pub fn poll_events(&mut self, cx: &mut Context<'_>) -> Poll<u32> {
        let _ = self.interval.poll_tick(cx);
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(v)) => Poll::Ready(v),
            _ => Poll::Pending,
        }
    }
}

impl Future for Driver {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.poll_events(cx).is_ready() {
            return Poll::Ready(());
        }
        Poll::Pending
    }
}

// A retry timer re-armed after it fired, then Pending. tokio's `Sleep` stores the waker on
// every poll, also the one that returns Ready, and `reset` puts it back in the timer wheel
// with that waker: the task is woken at the new deadline. Quiet.
pub struct Retry {
    sleep: Pin<Box<Sleep>>,
    attempts: u32,
}

impl Future for Retry {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        match self.sleep.as_mut().poll(cx) {
            Poll::Ready(()) => {
                self.attempts += 1;
                let next = tokio::time::Instant::now() + Duration::from_secs(1);
                self.sleep.as_mut().reset(next);
                Poll::Pending
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

// A `poll_fn` closure that checks the interval once per poll.
pub async fn sweep_forever(mut interval: Interval) {
    let mut n = 0u64;
    std::future::poll_fn(|cx| {
        if let Poll::Ready(_) = interval.poll_tick(cx) {
            n += 1;
        }
        Poll::<()>::Pending // want: pending_without_waker@warning
    })
    .await
}

// The permit taken on the Ready path is stored, and a later condition on that store returns
// Ready: the consumed path does not reach the Pending. Quiet.
pub struct Permits {
    sem: tokio_util::sync::PollSemaphore,
    held: Vec<tokio::sync::OwnedSemaphorePermit>,
}

impl Permits {
    pub fn poll_take(&mut self, cx: &mut Context<'_>) -> Poll<usize> {
        match self.sem.poll_acquire(cx) {
            Poll::Ready(Some(p)) => self.held.push(p),
            Poll::Ready(None) => return Poll::Ready(0),
            Poll::Pending => {}
        }
        if !self.held.is_empty() {
            return Poll::Ready(self.held.len());
        }
        Poll::Pending
    }
}

// A peek future made in this call over a stream shared with another consumer: its `Ready`
// leaves the item (and the stream's state) in place. Quiet.
pub struct Split<S> {
    inner: std::sync::Arc<std::sync::Mutex<futures::stream::Peekable<S>>>,
}

impl<S: Stream<Item = u32> + Unpin> Stream for Split<S> {
    type Item = u32;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        let mut guard = self.inner.lock().unwrap();
        let mut inner = Pin::new(&mut *guard);
        let peek = std::pin::pin!(inner.as_mut().peek());
        match peek.poll(cx) {
            Poll::Ready(Some(v)) if *v % 2 == 0 => inner.as_mut().poll_next(cx),
            Poll::Ready(Some(_)) => Poll::Pending,
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

// Futures taken out of a shared queue and polled once each: one that returns `Ready` is done
// and dropped, the others are put back after registering. Pending with nothing resolved is
// fine. Quiet.
pub struct Batch {
    queue: std::sync::Mutex<Vec<(u32, Pin<Box<dyn Future<Output = String> + Send>>)>>,
}

impl Stream for Batch {
    type Item = String;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<String>> {
        let mut out = String::new();
        let mut queue = self.queue.lock().unwrap();
        let taken = std::mem::take(&mut *queue);
        for (id, mut fut) in taken {
            match fut.as_mut().poll(cx) {
                Poll::Pending => queue.push((id, fut)),
                Poll::Ready(text) => out.push_str(&format!("{id}={text};")),
            }
        }
        if queue.is_empty() && out.is_empty() {
            return Poll::Ready(None);
        }
        if out.is_empty() {
            return Poll::Pending;
        }
        Poll::Ready(Some(out))
    }
}

// A future that stays in its field, borrowed by `if let` for this poll: its `Pending`
// registers like any sub-poll's, and a closed channel after it does not make the path a
// used-up one. Quiet.
pub struct Events {
    next: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
    rx: mpsc::Receiver<u32>,
}

impl Stream for Events {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        if let Some(next) = self.next.as_mut() {
            match next.as_mut().poll(cx) {
                Poll::Ready(_) => {
                    self.next = None;
                    return Poll::Ready(Some(0));
                }
                Poll::Pending => (),
            }
        }
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(m)) => return Poll::Ready(Some(m)),
            Poll::Ready(None) | Poll::Pending => {}
        }
        Poll::Pending
    }
}

// The harmful twin: a future kept in a field, whose `Ready` is counted and then answered
// with `Pending`: nothing registered a wake-up on that path.
pub struct Ticker {
    delay: Pin<Box<dyn Future<Output = ()> + Send>>,
    fired: u32,
}

impl Stream for Ticker {
    type Item = ();

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<()>> {
        if self.delay.as_mut().poll(cx).is_ready() {
            self.fired += 1;
        }
        Poll::Pending // want: pending_without_waker@warning
    }
}

// An item taken with `ready!` that fails to decode: `Pending` after the inner stream
// returned `Ready`, with nothing registered.
pub struct Decoded<S> {
    raw: S,
}

impl<S: Stream<Item = Vec<u8>> + Unpin> Stream for Decoded<S> {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        match std::task::ready!(Pin::new(&mut self.raw).poll_next(cx)) {
            Some(bytes) if bytes.len() == 4 => Poll::Ready(Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))),
            Some(_) => Poll::Pending, // want: pending_without_waker
            None => Poll::Ready(None),
        }
    }
}

// The same decoder that skips a bad item by polling again. Quiet.
pub struct DecodedLoop<S> {
    raw: S,
}

impl<S: Stream<Item = Vec<u8>> + Unpin> Stream for DecodedLoop<S> {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        loop {
            match std::task::ready!(Pin::new(&mut self.raw).poll_next(cx)) {
                Some(bytes) if bytes.len() == 4 => {
                    return Poll::Ready(Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])))
                }
                Some(_) => continue,
                None => return Poll::Ready(None),
            }
        }
    }
}

// A bad item that asks to be polled again at once. Quiet.
pub struct DecodedWake<S> {
    raw: S,
}

impl<S: Stream<Item = Vec<u8>> + Unpin> Stream for DecodedWake<S> {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        match std::task::ready!(Pin::new(&mut self.raw).poll_next(cx)) {
            Some(bytes) if bytes.len() == 4 => Poll::Ready(Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))),
            Some(_) => {
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            None => Poll::Ready(None),
        }
    }
}

// The closed channel's `None` after `ready!` turned into `Pending` on purpose (the owner shuts
// down on its own): no wake-up could help there. Quiet.
pub struct Errors {
    rx: mpsc::Receiver<String>,
}

impl Errors {
    pub fn poll_error(&mut self, cx: &mut Context<'_>) -> Poll<String> {
        let Some(e) = std::task::ready!(self.rx.poll_recv(cx)) else {
            return Poll::Pending;
        };
        Poll::Ready(e)
    }
}

// `poll_ready` returned `Ready(Ok)`: the send that follows has its slot reserved, so its
// full error (answered with `Pending`) is never reached. The twin sends on another channel,
// which `poll_ready` reserved nothing on.
pub struct MemWriter {
    sender: futures::channel::mpsc::Sender<Vec<u8>>,
    mirror: futures::channel::mpsc::Sender<Vec<u8>>,
}

impl tokio::io::AsyncWrite for MemWriter {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        match self.sender.poll_ready(cx) {
            Poll::Ready(Ok(())) => match self.sender.try_send(buf.to_vec()) {
                Ok(()) => Poll::Ready(Ok(buf.len())),
                Err(e) if e.is_full() => Poll::Pending,
                Err(_) => Poll::Ready(Err(std::io::ErrorKind::BrokenPipe.into())),
            },
            Poll::Ready(Err(_)) => Poll::Ready(Err(std::io::ErrorKind::BrokenPipe.into())),
            Poll::Pending => Poll::Pending,
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.sender.poll_ready(cx) {
            Poll::Ready(Ok(())) => match self.mirror.try_send(Vec::new()) {
                Ok(()) => Poll::Ready(Ok(())),
                Err(_) => Poll::Pending, // want: pending_without_waker
            },
            Poll::Ready(Err(_)) => Poll::Ready(Ok(())),
            Poll::Pending => Poll::Pending,
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

// The sub-poll's outcome is bound (`Ready` gives 0) and the condition that leads to the
// `Pending` reads that binding: on the path where the poll was `Ready`, `room < 64` holds and
// the closure returns `Ready`, so the `Pending` follows a registering `Pending` only. Quiet.
// Its twin tests something else: after `Ready`, it can return `Pending` with nothing
// registered.
pub async fn wait_for_room(pipe: &Pipe) -> usize {
    let mut full = std::pin::pin!(pipe.wait_full());
    std::future::poll_fn(|cx| {
        let room = match full.as_mut().poll(cx) {
            Poll::Ready(()) => 0,
            Poll::Pending => pipe.free(),
        };
        if room < 64 {
            Poll::Ready(room)
        } else {
            Poll::Pending
        }
    })
    .await
}

pub async fn wait_for_flag(pipe: &Pipe) -> usize {
    let mut full = std::pin::pin!(pipe.wait_full());
    std::future::poll_fn(|cx| {
        let room = match full.as_mut().poll(cx) {
            Poll::Ready(()) => 0,
            Poll::Pending => pipe.free(),
        };
        if pipe.flagged() {
            Poll::Ready(room)
        } else {
            Poll::Pending // want: pending_without_waker@warning
        }
    })
    .await
}

pub struct Pipe;

impl Pipe {
    pub async fn wait_full(&self) {}
    pub fn free(&self) -> usize {
        0
    }
    pub fn flagged(&self) -> bool {
        false
    }
}

// A readiness method of the crate that hands the waker to the driver before it checks the
// socket keeps the task registered when it returns `Ready` too: the `Pending` after a read
// that would block is woken by the driver. Quiet. The twin's readiness method registers only
// on its `Pending` path, so its `Ready` uses the registration up: reported.
pub struct Driver;

impl Driver {
    pub fn register_recv_waker(&self, _w: &std::task::Waker) {}
    pub fn can_recv(&self) -> bool {
        true
    }
    pub fn try_read(&self, _buf: &mut [u8]) -> Option<usize> {
        None
    }
}

pub struct DpdkStream {
    driver: Driver,
}

impl DpdkStream {
    pub fn poll_read_ready(&self, cx: &mut Context<'_>) -> Poll<()> {
        let waker = cx.waker();
        self.driver.register_recv_waker(waker);
        if self.driver.can_recv() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }

    pub fn poll_recv_ready(&self, cx: &mut Context<'_>) -> Poll<()> {
        if self.driver.can_recv() {
            return Poll::Ready(());
        }
        self.driver.register_recv_waker(cx.waker());
        Poll::Pending
    }
}

pub struct ReadHalf {
    stream: DpdkStream,
}

impl ReadHalf {
    pub fn poll_read(&mut self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<usize> {
        match self.stream.poll_read_ready(cx) {
            Poll::Ready(()) => {}
            Poll::Pending => return Poll::Pending,
        }
        match self.stream.driver.try_read(buf) {
            Some(n) => Poll::Ready(n),
            None => Poll::Pending,
        }
    }

    pub fn poll_read_twin(&mut self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<usize> {
        match self.stream.poll_recv_ready(cx) {
            Poll::Ready(()) => {}
            Poll::Pending => return Poll::Pending,
        }
        match self.stream.driver.try_read(buf) {
            Some(n) => Poll::Ready(n),
            None => Poll::Pending, // want: pending_without_waker
        }
    }
}

// A queue stream that stores the task's waker (handing it the Context) before it looks at
// its outputs keeps the task registered when it returns `Ready` too: its consumer's `Pending`
// after an item is woken when the next output lands. Quiet. The twin queue stores the
// waker only on its `Pending` path, so an item uses the registration up: reported. Both
// have a `poll_next`; the receiver's type says whose is called.
pub struct WakerSlot(Option<std::task::Waker>);

impl WakerSlot {
    pub fn store_waker(&mut self, cx: &Context<'_>) {
        self.0 = Some(cx.waker().clone());
    }
}

pub struct FetchQueue {
    waker: WakerSlot,
    outputs: VecDeque<u32>,
}

impl Stream for FetchQueue {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        self.waker.store_waker(cx);
        match self.outputs.pop_front() {
            Some(x) => Poll::Ready(Some(x)),
            None => Poll::Pending,
        }
    }
}

pub struct LazyFetchQueue {
    waker: WakerSlot,
    outputs: VecDeque<u32>,
}

impl Stream for LazyFetchQueue {
    type Item = u32;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u32>> {
        match self.outputs.pop_front() {
            Some(x) => Poll::Ready(Some(x)),
            None => {
                self.waker.store_waker(cx);
                Poll::Pending
            }
        }
    }
}

pub struct Syncer {
    queue: FetchQueue,
    lazy: LazyFetchQueue,
    seen: Vec<u32>,
}

impl Syncer {
    pub fn poll_queue(&mut self, cx: &mut Context<'_>) -> Poll<u32> {
        use futures::StreamExt;
        if let Poll::Ready(Some(x)) = self.queue.poll_next_unpin(cx) {
            self.seen.push(x);
        }
        Poll::Pending
    }

    pub fn poll_lazy(&mut self, cx: &mut Context<'_>) -> Poll<u32> {
        use futures::StreamExt;
        if let Poll::Ready(Some(x)) = self.lazy.poll_next_unpin(cx) {
            self.seen.push(x);
        }
        Poll::Pending // want: pending_without_waker
    }
}
