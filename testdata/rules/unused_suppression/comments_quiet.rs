//! Directives in documentation and prose are not directives:
//! write `// rustaudit:allow(detached_task) reason` above the statement.

/// Use rustaudit:allow(detached_task) on the spawn.
/// rustaudit:allow(detached_task) in a doc comment is documentation.
pub fn documented() {}

// To silence a finding, see rustaudit:allow in docs/configuration.md.
/* rustaudit:allow(detached_task) block comments are not directives */
pub async fn serve(listener: tokio::net::TcpListener) -> std::io::Result<()> {
    loop {
        let (socket, _) = listener.accept().await?;
        // rustaudit:allow(select_unbiased_priority) off by default, so not judged
        handle(socket).await;
    }
}

async fn handle(_socket: tokio::net::TcpStream) {}
