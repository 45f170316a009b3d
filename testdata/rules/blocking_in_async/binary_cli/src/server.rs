use axum::routing::get;
use axum::Router;
use tokio::net::{TcpListener, TcpStream};

pub async fn serve(cert: String) -> std::io::Result<()> {
    // Warm the cache once before serving: load_page is also a handler's, so it stays a
    // warning (it runs on a worker for every request).
    let _ = load_page().await;
    let app: Router = Router::new().route("/", get(index));
    // A callback that returns respond's future: the service runs it per request.
    let _ = respond(String::new()).await;
    let svc = hyper::service::service_fn(move |req: String| respond(req));
    drop(svc);
    tokio::spawn(async move { axum::serve(TcpListener::bind("0.0.0.0:8080").await.unwrap(), app).await });
    let listener = TcpListener::bind("0.0.0.0:9000").await?;
    drop(cert);
    loop {
        let (sock, _) = listener.accept().await?;
        tokio::spawn(handle(sock));
    }
}

async fn handle(sock: TcpStream) {
    let banner = std::fs::read("static/banner.txt"); // want: blocking_in_async@warning
    drop((sock, banner));
}

async fn index() -> String {
    load_page().await
}

async fn load_page() -> String {
    std::fs::read_to_string("static/index.html").unwrap_or_default() // want: blocking_in_async@warning
}

#[actix_web::get("/report")]
async fn report() -> String {
    std::fs::read_to_string("report.json").unwrap_or_default() // want: blocking_in_async@warning
}

async fn respond(req: String) -> String {
    let body = std::fs::read_to_string("static/reply.txt").unwrap_or_default(); // want: blocking_in_async@warning
    req + &body
}
