// A proxy client whose address type implements std's `ToSocketAddrs` itself (addr.rs). Its
// `to_socket_addrs()` is that impl, not std's resolver: the impl's body decides whether the
// call blocks.
mod addr;

use addr::{HostPort, Target};
use std::net::ToSocketAddrs;

pub struct Session<S> {
    io: S,
}

impl<S> Session<S> {
    pub async fn open(io: S) -> std::io::Result<Self> {
        Ok(Session { io })
    }

    pub async fn bound_target(&mut self) -> std::io::Result<Target> {
        Ok(Target::Name("relay".to_string(), 1080))
    }
}

// Quiet: `Target`'s impl hands back the IP it holds and refuses a name; no lookup happens.
pub async fn from_param(t: &Target) -> Option<std::net::SocketAddr> {
    t.to_socket_addrs().ok()?.next()
}

pub async fn from_method<S>(io: S) -> std::io::Result<std::net::SocketAddr> {
    let mut s = Session::open(io).await?;
    let bound = s.bound_target().await?;
    let first = bound.to_socket_addrs()?.next();
    first.ok_or_else(|| std::io::Error::other("no address"))
}

// Still reported: `HostPort`'s impl hands its name to std's resolver, so the call blocks on
// DNS, one fn down (a chain, at note level).
pub async fn host_port(hp: &HostPort) -> Option<std::net::SocketAddr> {
    hp.to_socket_addrs().ok()?.next() // want: blocking_in_async@note
}

// Still reported: a string and a generic bound by std's trait go to std's resolver.
pub async fn by_name(host: &str) -> Option<std::net::SocketAddr> {
    host.to_socket_addrs().ok()?.next() // want: blocking_in_async
}

pub async fn generic<A: ToSocketAddrs>(a: A) -> Option<std::net::SocketAddr> {
    a.to_socket_addrs().ok()?.next() // want: blocking_in_async
}

// Quiet: a type of this file whose impl builds the loopback address it stands for.
pub struct Loopback(pub u16);

impl ToSocketAddrs for Loopback {
    type Iter = std::option::IntoIter<std::net::SocketAddr>;

    fn to_socket_addrs(&self) -> std::io::Result<Self::Iter> {
        Ok(Some(std::net::SocketAddr::from(([127, 0, 0, 1], self.0))).into_iter())
    }
}

pub async fn loopback(port: u16) -> Option<std::net::SocketAddr> {
    let l = Loopback(port);
    l.to_socket_addrs().ok()?.next()
}
