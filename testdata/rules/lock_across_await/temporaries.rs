// Temporaries: a guard that is never bound lives to the end of its temporary scope.
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

struct Cache {
    map: Mutex<HashMap<u32, String>>,
    queue: Arc<Mutex<VecDeque<Job>>>,
    hits: Mutex<u64>,
}

impl Cache {
    async fn match_scrutinee(&self, k: u32) {
        match self.map.lock().unwrap().get(&k) { // want: lock_across_await
            Some(v) => send(v.clone()).await,
            None => {}
        }
    }

    async fn match_on_a_copy_still_holds(&self, k: u32) {
        // the value is cloned, but the scrutinee's temporaries live until the end of the match
        match self.map.lock().unwrap().get(&k).cloned() { // want: lock_across_await
            Some(v) => send(v).await,
            None => {}
        }
    }

    async fn bind_first_then_match(&self, k: u32) {
        let v = self.map.lock().unwrap().get(&k).cloned();
        match v {
            Some(v) => send(v).await,
            None => {}
        }
    }

    async fn if_let_body(&self, k: u32) {
        if let Some(v) = self.map.lock().unwrap().get(&k).cloned() { // want: lock_across_await
            send(v).await;
        }
    }

    async fn if_let_then_await_after(&self, k: u32) {
        if let Some(v) = self.map.lock().unwrap().get(&k).cloned() {
            println!("{v}");
        }
        send(String::new()).await;
    }

    async fn while_let_queue(&self) {
        while let Some(job) = self.queue.lock().unwrap().pop_front() { // want: lock_across_await
            job.run().await;
        }
    }

    async fn while_let_bound_in_loop(&self) {
        loop {
            let next = self.queue.lock().unwrap().pop_front();
            let Some(job) = next else { break };
            job.run().await;
        }
    }

    async fn let_else_drops_before_the_else_block(&self, k: u32) {
        let Some(v) = self.map.lock().unwrap().get(&k).cloned() else {
            send(String::new()).await;
            return;
        };
        send(v).await;
    }

    async fn for_iterator(&self) {
        for (k, v) in self.map.lock().unwrap().iter() { // want: lock_across_await
            store(*k, v).await;
        }
    }

    async fn for_over_a_snapshot(&self) {
        let snapshot: Vec<(u32, String)> = self.map.lock().unwrap().iter().map(|(k, v)| (*k, v.clone())).collect();
        for (k, v) in snapshot {
            store(k, &v).await;
        }
    }

    async fn if_condition_is_its_own_scope(&self) {
        if self.map.lock().unwrap().is_empty() {
            send(String::new()).await;
        }
    }

    async fn while_condition_is_its_own_scope(&self) {
        while self.queue.lock().unwrap().len() > 100 {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }

    async fn lazy_operand_is_its_own_scope(&self, force: bool) {
        if force || self.map.lock().unwrap().len() > 3 {
            send(String::new()).await;
        }
    }

    async fn statement_temporary(&self, k: u32, v: String) {
        self.map.lock().unwrap().insert(k, v);
        *self.hits.lock().unwrap() += 1;
        send(String::new()).await;
    }

    async fn same_statement(&self, k: u32) {
        send(self.map.lock().unwrap().get(&k).cloned().unwrap_or_default()).await; // want: lock_across_await
    }

    async fn same_let_statement(&self, k: u32) -> usize {
        let n = store(k, &self.map.lock().unwrap()[&k]).await; // want: lock_across_await
        n
    }

    async fn lock_after_the_await_in_the_statement(&self) {
        let total = fetch().await + *self.hits.lock().unwrap();
        println!("{total}");
    }

    async fn assignment_evaluates_the_right_side_first(&self) {
        // the await runs before the lock is taken
        *self.hits.lock().unwrap() = fetch().await;
        *self.hits.lock().unwrap() += fetch().await;
    }

    async fn method_argument_runs_after_the_receiver(&self, k: u32) {
        self.map.lock().unwrap().insert(k, name(k).await); // want: lock_across_await
    }

    async fn moved_into_a_sync_call(&self) {
        reset(self.hits.lock().unwrap());
        send(String::new()).await;
    }

    async fn extended_by_a_reference(&self, k: u32) {
        let v = &self.map.lock().unwrap()[&k]; // want: lock_across_await
        store(k, v).await;
    }

    async fn reference_to_a_copy_is_not_extended(&self) {
        let n = &self.hits.lock().unwrap().clone();
        report(*n).await;
    }

    async fn match_arm_body_is_its_own_scope(&self, k: u32) {
        match k {
            0 => reset(self.hits.lock().unwrap()),
            1 => println!("{}", self.hits.lock().unwrap()),
            _ => send(String::new()).await,
        }
    }

    async fn format_drops_inside_the_macro(&self) {
        send(format!("{:?}", self.map.lock().unwrap())).await;
    }

    async fn vec_elements_do_not(&self) {
        send_all(vec![self.hits.lock().unwrap().to_string()]).await; // want: lock_across_await
    }
}

// A std lock taken on what an awaited tokio lock returned: the `.await` sits inside the read
// call's receiver, so it completes before the read guard exists, and nothing awaits after it
// in the condition.
struct Registry {
    jobs: tokio::sync::Mutex<HashMap<u32, Arc<Status>>>,
    current: Arc<Status>,
}

struct Status {
    state: std::sync::RwLock<String>,
}

impl Registry {
    async fn running(&self, id: u32) -> bool {
        if self.jobs.lock().await.get(&id).unwrap().state.read().unwrap().as_str() != "Running" {
            return false;
        }
        true
    }

    // Twin: the guard is taken first, and the same condition awaits after it.
    async fn running_then_fetch(&self) -> bool {
        if self.current.state.read().unwrap().len() as u64 > fetch().await { // want: lock_across_await
            return false;
        }
        true
    }
}

struct Job;
impl Job {
    async fn run(self) {}
}

async fn send(_v: String) {}
async fn send_all(_v: Vec<String>) {}
async fn store(_k: u32, _v: &str) -> usize { 0 }
async fn fetch() -> u64 { 0 }
async fn name(_k: u32) -> String { String::new() }
async fn report(_v: u64) {}
fn reset<T>(_g: T) {}
