mod addr;

use addr::{get_socket_addrs, write_project_config, ServerAddr};

pub async fn connect(server: &ServerAddr) -> std::io::Result<tokio::net::TcpStream> {
    let addrs = server.socket_addrs()?; // want: blocking_in_async@note
    tokio::net::TcpStream::connect(&addrs[..]).await
}

pub async fn connect_simple(host: &str, port: u16) -> std::io::Result<tokio::net::TcpStream> {
    let addr = get_socket_addrs(host, port)?; // want: blocking_in_async@note
    tokio::net::TcpStream::connect(addr).await
}

pub async fn save(dir: &str, text: String) -> std::io::Result<()> {
    write_project_config(dir, &text)?; // want: blocking_in_async@note
    tokio::task::yield_now().await;
    Ok(())
}

// A url's socket_addrs resolves with std's resolver (shape of jsonrpsee #1642), in the
// async fn itself: the rule's level.
pub async fn try_connect(uri: url::Url) -> std::io::Result<tokio::net::TcpStream> {
    let addrs = uri.socket_addrs(|| None)?; // want: blocking_in_async
    tokio::net::TcpStream::connect(&addrs[..]).await
}

// The fixes: the lookup moved to Tokio's resolver or to the blocking pool.
pub async fn fixed(host: String, port: u16, dir: String, text: String) -> std::io::Result<()> {
    let _addrs: Vec<_> = tokio::net::lookup_host((host.as_str(), port)).await?.collect();
    let h = host.clone();
    let _one = tokio::task::spawn_blocking(move || get_socket_addrs(&h, port)).await.unwrap()?;
    tokio::task::spawn_blocking(move || write_project_config(&dir, &text)).await.unwrap()?;
    let server = ServerAddr::new(&host, port);
    drop(server);
    Ok(())
}
