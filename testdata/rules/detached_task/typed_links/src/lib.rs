// A method call is linked to the methods of its receiver's type, also when another file
// declares that type. The reconnect loop of `ProxyServer` calls `serve()` on an RPC server
// (rpc.rs) that has no method of that name (a macro generates it): not `ProxyServer::serve`,
// so the loop does not spawn itself again, and the task it runs is started once: a note.
// The twin's reconnect loop calls `serve()` on a `Relay`, whose own `serve` starts the
// relay's loop: one more forever task per turn, a warning.
pub mod rpc;
pub mod server;
