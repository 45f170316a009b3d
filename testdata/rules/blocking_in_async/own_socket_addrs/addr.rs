use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::vec::IntoIter;

pub enum Target {
    Ip(SocketAddr),
    Name(String, u16),
}

// The address it holds, or an error for a name: the caller must resolve names itself.
impl ToSocketAddrs for Target {
    type Iter = IntoIter<SocketAddr>;

    fn to_socket_addrs(&self) -> io::Result<IntoIter<SocketAddr>> {
        match self {
            Target::Ip(a) => Ok(vec![*a].into_iter()),
            Target::Name(..) => Err(io::Error::other("resolve the name first")),
        }
    }
}

pub struct HostPort {
    pub host: String,
    pub port: u16,
}

// Hands the name to std's resolver: a blocking DNS lookup.
impl ToSocketAddrs for HostPort {
    type Iter = IntoIter<SocketAddr>;

    fn to_socket_addrs(&self) -> io::Result<IntoIter<SocketAddr>> {
        (self.host.as_str(), self.port).to_socket_addrs()
    }
}
