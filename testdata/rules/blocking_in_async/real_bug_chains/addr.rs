// Minimal reproductions (own code) of the shapes of publicly fixed bugs where the blocking
// call sat one or two sync calls below async code.
use std::net::{SocketAddr, ToSocketAddrs};

// A server address type whose sync method resolves host names (shape of nats.rs #1191).
pub struct ServerAddr {
    host: String,
    port: u16,
}

impl ServerAddr {
    pub fn new(host: &str, port: u16) -> ServerAddr {
        ServerAddr { host: host.to_string(), port }
    }

    pub fn socket_addrs(&self) -> std::io::Result<Vec<SocketAddr>> {
        Ok((self.host.as_str(), self.port).to_socket_addrs()?.collect())
    }
}

// A free helper that resolves (shape of redis-rs #591, deno #8743, ohttp-relay #51).
pub fn get_socket_addrs(host: &str, port: u16) -> std::io::Result<SocketAddr> {
    let mut it = (host, port).to_socket_addrs()?;
    it.next().ok_or_else(|| std::io::Error::other("no address"))
}

// Config written with std::fs by a helper of the async tool (shape of selfware #44 and
// orch #1821).
pub fn write_atomic(path: &str, data: &[u8]) -> std::io::Result<()> {
    let tmp = format!("{path}.tmp");
    std::fs::write(&tmp, data)?;
    std::fs::rename(tmp, path)
}

pub fn write_project_config(dir: &str, text: &str) -> std::io::Result<()> {
    write_atomic(&format!("{dir}/project.toml"), text.as_bytes())
}
