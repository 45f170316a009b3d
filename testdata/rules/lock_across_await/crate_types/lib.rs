// A crate of several files: the receivers' types are declared in net.rs and state.rs.
// readers.rs holds look-alikes (a reader with its own `read()`, `lock()`, `write(..)`),
// twins.rs the real locks (a parking_lot RwLock field, aliases of `Arc<Mutex<..>>`) that
// nothing in twins.rs names.
mod net;
mod readers;
mod state;
mod twins;

pub async fn flush() {}
