// parking_lot's lock(), read() and write() return the guard itself: no unwrap.
use parking_lot::{Mutex, RwLock};
use std::collections::HashMap;
use std::sync::Arc;

struct Registry {
    peers: Mutex<HashMap<u64, Peer>>,
    config: RwLock<Config>,
}

#[derive(Clone)]
struct Peer;
#[derive(Clone, Default)]
struct Config {
    retries: u32,
}

impl Registry {
    async fn broadcast(&self, msg: &[u8]) {
        let peers = self.peers.lock(); // want: lock_across_await
        for peer in peers.values() {
            peer.send(msg).await;
        }
    }

    async fn broadcast_snapshot(&self, msg: &[u8]) {
        let peers: Vec<Peer> = self.peers.lock().values().cloned().collect();
        for peer in peers {
            peer.send(msg).await;
        }
    }

    async fn read_guard(&self) {
        let cfg = self.config.read(); // want: lock_across_await
        retry(cfg.retries).await;
    }

    async fn read_copied(&self) {
        let retries = self.config.read().retries;
        retry(retries).await;
    }

    async fn write_guard(&self, retries: u32) {
        let mut cfg = self.config.write(); // want: lock_across_await
        cfg.retries = retries;
        reload().await;
    }

    async fn write_scoped(&self, retries: u32) {
        {
            let mut cfg = self.config.write();
            cfg.retries = retries;
        }
        reload().await;
    }

    async fn same_statement(&self, id: u64, msg: &[u8]) {
        if let Some(p) = self.peers.lock().get(&id) { // want: lock_across_await
            p.send(msg).await;
        }
    }

    async fn deref_in_match(&self) {
        match self.config.read().retries { // want: lock_across_await
            0 => reload().await,
            _ => {}
        }
    }
}

impl Peer {
    async fn send(&self, _m: &[u8]) {}
}

async fn shared(state: Arc<Mutex<Vec<u8>>>) {
    let mut v = state.lock(); // want: lock_across_await
    v.push(1);
    reload().await;
}

struct Timeline {
    // declared elsewhere as tokio::sync::Mutex<()>
    compaction_lock: CompactionLock,
}

async fn lock_future_handed_to_a_helper(timeline: &Timeline) {
    let lock_fut = timeline.compaction_lock.lock();
    let _guard = timed(lock_fut, "compaction lock").await;
    reload().await;
}

type SharedPeers = Arc<Mutex<HashMap<u64, Peer>>>;

async fn through_a_type_alias(peers: SharedPeers) {
    let p = peers.lock(); // want: lock_across_await
    reload().await;
    drop(p);
}

async fn timed<F: std::future::Future>(f: F, _what: &str) -> F::Output {
    f.await
}

async fn io_read_is_not_a_lock(file: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<()> {
    use std::io::Read;
    let n = file.read(buf)?;
    retry(n as u32).await;
    Ok(())
}

async fn retry(_n: u32) {}
async fn reload() {}

struct Device {
    regs: DeviceRegs,
}
struct DeviceRegs;
struct RegVal(u32);
impl DeviceRegs {
    fn ctrl(&self) -> &Self { self }
    fn read(&self) -> RegVal { RegVal(0) }
}

// a register read in a file that also uses parking_lot's RwLock
async fn register_read(dev: &Device) -> u32 {
    let v = dev.regs.ctrl().read();
    reload().await;
    v.0
}
