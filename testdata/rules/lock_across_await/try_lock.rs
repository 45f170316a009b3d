use std::sync::Mutex;

struct Limiter {
    slot: Mutex<Option<u64>>,
}

impl Limiter {
    async fn if_let_holds(&self) {
        if let Ok(mut slot) = self.slot.try_lock() { // want: lock_across_await
            *slot = Some(1);
            tick().await;
        }
    }

    async fn dropped_in_the_body(&self) {
        if let Ok(mut slot) = self.slot.try_lock() {
            *slot = None;
            drop(slot);
            tick().await;
        }
    }

    async fn else_branch_has_no_guard(&self) {
        if let Ok(mut slot) = self.slot.try_lock() {
            *slot = None;
        } else {
            tick().await;
        }
    }

    async fn wildcard_keeps_the_temporary(&self) {
        if let Ok(_) = self.slot.try_lock() { // want: lock_across_await
            tick().await;
        }
    }

    async fn is_ok_in_a_condition(&self) {
        if self.slot.try_lock().is_ok() {
            tick().await;
        }
    }

    async fn match_arm(&self) {
        match self.slot.try_lock() { // want: lock_across_await
            Ok(slot) => {
                println!("{:?}", *slot);
                tick().await;
            }
            Err(_) => tick().await,
        }
    }

    // A retry loop that waits after a failed try: the error is bound and used after the
    // wait, but a failed try took no guard.
    async fn retry_after_failure(&self) {
        loop {
            match self.slot.try_lock() {
                Ok(mut slot) => {
                    *slot = Some(2);
                    break;
                }
                Err(err) => {
                    tick().await;
                    println!("busy: {err}");
                }
            }
        }
        if let Err(e) = self.slot.try_lock() {
            tick().await;
            println!("{e}");
        }
    }

    // Twin: a plain lock's `Err` is a poisoned lock, and it carries the guard.
    async fn poisoned_guard_kept(&self) {
        match self.slot.lock() { // want: lock_across_await
            Ok(_) => {}
            Err(poisoned) => {
                tick().await;
                drop(poisoned);
            }
        }
    }

    async fn let_bound_result(&self) {
        let slot = self.slot.try_lock(); // want: lock_across_await
        tick().await;
        drop(slot);
    }
}

async fn tick() {}
