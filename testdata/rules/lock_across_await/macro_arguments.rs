// A lock taken in the arguments of a macro this rule does not know, with the `.await` in the
// same arguments: the macro's expansion decides the order and where the temporary drops
// (here it binds the value in an inner `if let` and awaits after that statement), so the
// finding is a note. The same shapes without the macro, or with an `.await` outside it, warn.
use std::collections::HashMap;
use std::sync::Mutex;

macro_rules! drain_then {
    ($source: expr, $item: ident, $then: expr) => {{
        let mut items = Vec::new();
        if let Some(queue) = $source {
            items.extend(queue.iter().copied());
        }
        for $item in items {
            $then;
        }
        Ok::<(), ()>(())
    }};
}

struct Monitors {
    queues: Mutex<HashMap<u32, Vec<u8>>>,
}

async fn handle(_b: u8) {}

impl Monitors {
    async fn process(&self, id: u32) {
        let mut ev;
        match drain_then!(
            self.queues.lock().unwrap().get(&id), // want: lock_across_await@note
            ev,
            handle(ev).await
        ) {
            Ok(()) => {}
            Err(()) => {}
        }
    }

    // Without the macro: the scrutinee's temporary guard lives through the arms.
    async fn process_plain(&self, id: u32) {
        match self.queues.lock().unwrap().get(&id) { // want: lock_across_await@warning
            Some(q) => handle(q[0]).await,
            None => {}
        }
    }

    // A known macro keeps its arguments in place: `vec!` builds the value in the statement.
    async fn process_known(&self, id: u32) {
        let v = vec![self.queues.lock().unwrap().len(), handle(1).await.len()]; // want: lock_across_await@warning
        drop((v, id));
    }
}

trait Len {
    fn len(&self) -> usize;
}
impl Len for () {
    fn len(&self) -> usize {
        0
    }
}
