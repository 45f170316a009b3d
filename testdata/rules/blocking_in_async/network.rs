// std::net connects and blocking DNS, beside tokio::net.
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::time::Duration;

async fn connect_std(addr: &str) -> std::io::Result<()> {
    let _s = TcpStream::connect(addr)?; // want: blocking_in_async
    let _t = std::net::TcpStream::connect(("db.internal", 5432))?; // want: blocking_in_async
    let sa: std::net::SocketAddr = "10.0.0.1:80".parse().unwrap();
    let _u = TcpStream::connect_timeout(&sa, Duration::from_secs(1))?; // want: blocking_in_async
    Ok(())
}

async fn connect_tokio(addr: &str) -> std::io::Result<()> {
    let _s = tokio::net::TcpStream::connect(addr).await?;
    let _l = tokio::net::TcpListener::bind("0.0.0.0:0").await?;
    for a in tokio::net::lookup_host(addr).await? {
        let _ = a;
    }
    Ok(())
}

async fn resolve(host: &str, port: u16) -> Option<std::net::SocketAddr> {
    let first = format!("{host}:{port}").to_socket_addrs().ok()?.next(); // want: blocking_in_async
    let second = (host, port).to_socket_addrs().ok()?.next(); // want: blocking_in_async
    let _third = "backend.svc:8080".to_socket_addrs(); // want: blocking_in_async
    first.or(second)
}

async fn ip_literals_need_no_dns() {
    // std parses an IP address without asking a resolver.
    let _a = "127.0.0.1:8080".to_socket_addrs().unwrap().next();
    let _b = "[::1]:50051".to_socket_addrs().unwrap().next();
    let _c = ("10.1.2.3", 443).to_socket_addrs();
}

// A record type's own `to_socket_addrs()` that lists the addresses it holds: its result is
// used as the addresses at once, which std's `io::Result` cannot be.
pub struct Endpoint {
    addrs: Vec<std::net::SocketAddr>,
}

impl Endpoint {
    pub fn to_socket_addrs(&self) -> Vec<std::net::SocketAddr> {
        self.addrs.clone()
    }
}

async fn record_addresses(eps: Vec<Endpoint>) -> Vec<std::net::SocketAddr> {
    let mut out = Vec::new();
    for ep in &eps {
        out.extend(ep.to_socket_addrs());
        for a in ep.to_socket_addrs() {
            out.push(a);
        }
        if ep.to_socket_addrs().is_empty() {
            continue;
        }
    }
    out
}

// The twin: std's lookup, unwrapped before use, in the same shapes.
async fn resolved_addresses(hosts: Vec<String>) -> Vec<std::net::SocketAddr> {
    let mut out = Vec::new();
    for h in &hosts {
        out.extend(h.to_socket_addrs().unwrap()); // want: blocking_in_async
        for a in h.as_str().to_socket_addrs().into_iter().flatten() { // want: blocking_in_async
            out.push(a);
        }
    }
    out
}

async fn awaited_to_socket_addrs<A: tokio::net::ToSocketAddrs>(addr: A) {
    // an async trait method of the same name, awaited
    let _ = addr.to_socket_addrs().await;
}

async fn std_listener() -> std::io::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let (_sock, _peer) = listener.accept()?; // want: blocking_in_async
    for conn in listener.incoming() { // want: blocking_in_async
        drop(conn);
    }
    Ok(())
}

async fn std_listener_param(listener: &std::net::TcpListener) {
    let _ = listener.accept(); // want: blocking_in_async
}

async fn tokio_listener() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let (_sock, _peer) = listener.accept().await?;
    Ok(())
}

async fn converting_std_listener() -> std::io::Result<()> {
    // Binding a std listener and handing it to tokio does not block.
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    std_listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(std_listener)?;
    let _ = listener.accept().await?;
    Ok(())
}

fn sync_client(addr: &str) -> std::io::Result<TcpStream> {
    let _ = addr.to_socket_addrs()?;
    TcpStream::connect(addr)
}

async fn ip_literal_through_bindings(v6: bool) {
    let client_addr = match v6 {
        false => "127.0.0.1:0",
        true => "[::1]:0",
    };
    let _a = client_addr.to_socket_addrs().unwrap().next();
    let bind = if v6 { "[::]:0" } else { "0.0.0.0:0" };
    let _b = bind.to_socket_addrs();
    let host = if v6 { "localhost:0" } else { "0.0.0.0:0" };
    let _c = host.to_socket_addrs(); // want: blocking_in_async
}

// The address a listener is bound to, resolved once when the server starts. Note.
async fn listen_on(addr: String) -> std::io::Result<tokio::net::TcpListener> {
    let addr = addr.to_socket_addrs()?.next().expect("an address"); // want: blocking_in_async@note
    tokio::net::TcpListener::bind(addr).await
}

// The same, with the listener bound by the server task the address is moved into. Note.
async fn serve_on(host: String, port: u16) -> std::io::Result<()> {
    let addr = (host.as_str(), port).to_socket_addrs()?.next().expect("an address"); // want: blocking_in_async@note
    tokio::spawn(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let _ = listener.accept().await;
    });
    Ok(())
}

// Twin: the task the address is moved into connects to it: one lookup per connection made.
async fn dial_in_task(host: String, port: u16) -> std::io::Result<()> {
    let addr = (host.as_str(), port).to_socket_addrs()?.next().expect("an address"); // want: blocking_in_async@warning
    tokio::spawn(async move {
        let _ = tokio::net::TcpStream::connect(addr).await;
    });
    Ok(())
}

// The same lookup for a connection: once per connection made. Warning.
async fn dial(addr: String) -> std::io::Result<tokio::net::TcpStream> {
    let addr = addr.to_socket_addrs()?.next().expect("an address"); // want: blocking_in_async@warning
    tokio::net::TcpStream::connect(addr).await
}

pub enum Location {
    Address(String),
    Path(std::path::PathBuf),
}

async fn run_server(_addr: std::net::SocketAddr) {}

// An address named as the one a server listens on, resolved once as the server starts and
// handed to the tasks that bind it (in another fn). Note.
async fn start_servers(bind_location: Location, listen_addr: String) -> std::io::Result<()> {
    let addrs = match bind_location {
        Location::Address(a) => a.to_socket_addrs()?, // want: blocking_in_async@note
        Location::Path(_) => return Ok(()),
    };
    for addr in addrs {
        tokio::spawn(run_server(addr));
    }
    let _extra = listen_addr.to_socket_addrs()?; // want: blocking_in_async@note
    let bind_addrs = format!("{}:80", "host").to_socket_addrs()?; // want: blocking_in_async@note
    drop(bind_addrs);
    Ok(())
}

// Twin: the address of a peer to connect to, matched the same way. Warning.
async fn connect_all(upstream: Location) -> std::io::Result<()> {
    let addrs = match upstream {
        Location::Address(a) => a.to_socket_addrs()?, // want: blocking_in_async@warning
        Location::Path(_) => return Ok(()),
    };
    for addr in addrs {
        let _ = tokio::net::TcpStream::connect(addr).await;
    }
    Ok(())
}

pub struct ServerOpts {
    pub listen: std::net::SocketAddr,
    pub upstream: std::net::SocketAddr,
}

// A listen address read from the environment, or filling a field named for it: once, as the
// server starts. Note. The upstream filled the same way is a peer to connect to. Warning.
pub async fn opts_from_env() -> ServerOpts {
    let health = std::env::var("HEALTH_LISTEN_URL").expect("set HEALTH_LISTEN_URL").to_socket_addrs().unwrap().next(); // want: blocking_in_async@note
    drop(health);
    ServerOpts {
        listen: std::env::var("ADDR").expect("expected ADDR to be set").to_socket_addrs().unwrap().next().unwrap(), // want: blocking_in_async@note
        upstream: std::env::var("UPSTREAM").expect("expected UPSTREAM to be set").to_socket_addrs().unwrap().next().unwrap(), // want: blocking_in_async@warning
    }
}

// A call whose result is bound and then awaited is an async method (smol's
// `AsyncToSocketAddrs::to_socket_addrs` returns a future): quiet. The twin binds the
// resolved addresses and never awaits them.
pub async fn connect_any<A: smol::net::AsyncToSocketAddrs>(addr: A) -> std::io::Result<usize> {
    let fut = addr.to_socket_addrs();
    Ok(fut.await?.count())
}

pub async fn resolve_later(host: &str) -> usize {
    let addrs = host.to_socket_addrs(); // want: blocking_in_async
    addrs.map(|a| a.count()).unwrap_or(0)
}

// A std Unix-domain listener blocks in `accept` as a TCP one does; tokio's, awaited, and a
// std listener handed to tokio after `set_nonblocking(true)` do not.
#[cfg(unix)]
async fn std_unix_listener(path: &str) -> std::io::Result<()> {
    let listener = std::os::unix::net::UnixListener::bind(path)?;
    let (_sock, _addr) = listener.accept()?; // want: blocking_in_async
    for conn in listener.incoming() { // want: blocking_in_async
        drop(conn);
    }
    Ok(())
}

#[cfg(unix)]
async fn tokio_unix_listener(path: &str) -> std::io::Result<()> {
    let listener = tokio::net::UnixListener::bind(path)?;
    let (_sock, _addr) = listener.accept().await?;
    let std_listener = std::os::unix::net::UnixListener::bind(path)?;
    std_listener.set_nonblocking(true)?;
    let converted = tokio::net::UnixListener::from_std(std_listener)?;
    let _ = converted.accept().await?;
    Ok(())
}

// A std listener in non-blocking mode returns `WouldBlock` from `accept` at once: polling it
// in a loop with a sleep between tries does not block. The twin never sets the mode.
#[cfg(unix)]
async fn polled_unix_listener(path: &str) -> std::io::Result<()> {
    let listener = std::os::unix::net::UnixListener::bind(path)?;
    listener.set_nonblocking(true)?;
    tokio::spawn(async move {
        loop {
            match listener.accept() {
                Ok((sock, _)) => drop(sock),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await
                }
                Err(_) => break,
            }
        }
    });
    Ok(())
}

#[cfg(unix)]
async fn waiting_unix_listener(path: &str) -> std::io::Result<()> {
    let listener = std::os::unix::net::UnixListener::bind(path)?;
    listener.set_nonblocking(false)?;
    tokio::spawn(async move {
        loop {
            match listener.accept() { // want: blocking_in_async
                Ok((sock, _)) => drop(sock),
                Err(_) => break,
            }
        }
    });
    Ok(())
}
