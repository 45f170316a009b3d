use std::future::Future;
use std::pin::Pin;
use std::task::{Context, RawWaker, RawWakerVTable, Waker};

const VTABLE: RawWakerVTable = RawWakerVTable::new(|p| RawWaker::new(p, &VTABLE), |_| {}, |_| {}, |_| {});

// Polls every task on each tick, woken or not.
pub fn tick(tasks: &mut [Pin<Box<dyn Future<Output = ()>>>]) {
    let waker = unsafe { Waker::from_raw(RawWaker::new(std::ptr::null(), &VTABLE)) };
    let mut cx = Context::from_waker(&waker);
    for t in tasks.iter_mut() {
        let _ = t.as_mut().poll(&mut cx);
    }
}
