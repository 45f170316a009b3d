// Waiting for a child process (`Command::output`, `status`, `Child::wait`) in async code is
// a warning only where something shows that it runs per item: in a loop, below a loop of a
// caller, below a request handler or a task spawned per connection. Once per call with no
// such sign (a settings action, an installer step, a token refresh) it is a note.
use axum::routing::post;
use axum::Router;
use std::process::Command;

// An admin action that a UI calls now and then: once per call, no caller in sight.
pub async fn install_service(unit: &str) -> bool {
    let out = Command::new("systemctl").args(["enable", unit]).output(); // want: blocking_in_async@note
    out.map(|o| o.status.success()).unwrap_or(false)
}

pub async fn check_installed() -> bool {
    Command::new("which").arg("tool").status().map(|s| s.success()).unwrap_or(false) // want: blocking_in_async@note
}

// In a loop of its own body: once per item.
pub async fn convert_all(files: &[String]) {
    for f in files {
        let _ = Command::new("convert").arg(f).status(); // want: blocking_in_async@warning
    }
}

// Once per call, and a caller runs it for each item of a collection in hand (a `for`): a
// few configured things, judged on real code; a note. Its twin runs once per message a
// loop receives: a warning.
async fn thumbnail(path: &str) -> Vec<u8> {
    Command::new("ffmpeg").arg(path).output().map(|o| o.stdout).unwrap_or_default() // want: blocking_in_async@note
}

pub async fn thumbnails(paths: Vec<String>) -> usize {
    let mut n = 0;
    for p in &paths {
        n += thumbnail(p).await.len();
    }
    n
}

async fn requested_thumbnail(path: &str) -> Vec<u8> {
    Command::new("ffmpeg").arg(path).output().map(|o| o.stdout).unwrap_or_default() // want: blocking_in_async@warning
}

pub async fn serve_thumbnails(mut paths: tokio::sync::mpsc::Receiver<String>) -> usize {
    let mut n = 0;
    while let Some(p) = paths.recv().await {
        n += requested_thumbnail(&p).await.len();
    }
    n
}

// Below a request handler: a child process per request is on the data path.
pub fn router() -> Router {
    Router::new().route("/render", post(render))
}

async fn render() -> Vec<u8> {
    run_renderer().await
}

async fn run_renderer() -> Vec<u8> {
    let child = Command::new("renderer").spawn().unwrap();
    child.wait_with_output().map(|o| o.stdout).unwrap_or_default() // want: blocking_in_async@warning
}

// Below a task spawned per connection.
pub async fn serve(listener: tokio::net::TcpListener) {
    loop {
        let Ok((sock, _)) = listener.accept().await else { return };
        tokio::spawn(greet(sock));
    }
}

async fn greet(sock: tokio::net::TcpStream) {
    let _ = Command::new("logger").arg("connected").status(); // want: blocking_in_async@warning
    drop(sock);
}

// The async twin is quiet.
pub async fn install_service_async(unit: &str) -> bool {
    let out = tokio::process::Command::new("systemctl").args(["enable", unit]).output().await;
    out.map(|o| o.status.success()).unwrap_or(false)
}
