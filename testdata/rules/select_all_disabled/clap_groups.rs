// Listeners made from command-line options, each polled through an OptionFuture: a branch
// is disabled exactly when its listener is None. A required clap argument group over the
// options keeps one of them given, so one branch is always enabled.
use clap::{ArgGroup, Parser};
use futures::future::OptionFuture;
use std::net::SocketAddr;
use tokio::net::TcpListener;

#[derive(Parser)]
#[clap(group(
    ArgGroup::new("listen-addresses")
        .required(true)
        .multiple(true)
        .args(&["listen_addr", "listen_https_addr"]),
))]
struct Args {
    #[arg(long)]
    listen_addr: Option<SocketAddr>,
    #[arg(long)]
    listen_https_addr: Option<SocketAddr>,
    #[arg(long)]
    admin_addr: Option<SocketAddr>,
}

async fn serve(_c: std::io::Result<(tokio::net::TcpStream, SocketAddr)>, _tls: bool) {}

pub async fn main_loop() -> std::io::Result<()> {
    let args = Args::parse();
    let http = match &args.listen_addr {
        Some(addr) => Some(TcpListener::bind(addr).await?),
        None => None,
    };
    let (https, tls) = match &args.listen_https_addr {
        Some(addr) => {
            let l = TcpListener::bind(addr).await?;
            (Some(l), Some(()))
        }
        None => (None, None),
    };
    let _ = tls;
    loop {
        let (conn, is_tls) = tokio::select! {
            Some(c) = OptionFuture::from(http.as_ref().map(|l| l.accept())) => (c, false),
            Some(c) = OptionFuture::from(https.as_ref().map(|l| l.accept())) => (c, true),
        };
        serve(conn, is_tls).await;
    }
}

// Harmful twin: the admin option is not in the group; with only it and the HTTP option
// polled, neither may be given.
pub async fn outside_group() -> std::io::Result<()> {
    let args = Args::parse();
    let http = match &args.listen_addr {
        Some(addr) => Some(TcpListener::bind(addr).await?),
        None => None,
    };
    let admin = match &args.admin_addr {
        Some(addr) => Some(TcpListener::bind(addr).await?),
        None => None,
    };
    loop {
        tokio::select! { // want: select_all_disabled
            Some(c) = OptionFuture::from(http.as_ref().map(|l| l.accept())) => serve(c, false).await,
            Some(c) = OptionFuture::from(admin.as_ref().map(|l| l.accept())) => serve(c, false).await,
        }
    }
}

#[derive(Parser)]
#[clap(group(ArgGroup::new("addrs").args(&["a", "b"])))]
struct Optional {
    #[arg(long)]
    a: Option<SocketAddr>,
    #[arg(long)]
    b: Option<SocketAddr>,
}

// Harmful twin: the group is not required, so both options may be missing.
pub async fn group_not_required() -> std::io::Result<()> {
    let args = Optional::parse();
    let a = match &args.a {
        Some(addr) => Some(TcpListener::bind(addr).await?),
        None => None,
    };
    let b = match &args.b {
        Some(addr) => Some(TcpListener::bind(addr).await?),
        None => None,
    };
    loop {
        tokio::select! { // want: select_all_disabled
            Some(c) = OptionFuture::from(a.as_ref().map(|l| l.accept())) => serve(c, false).await,
            Some(c) = OptionFuture::from(b.as_ref().map(|l| l.accept())) => serve(c, false).await,
        }
    }
}

// Harmful twin: a listener that is mutable may be taken away in the loop.
pub async fn mutable_listener() -> std::io::Result<()> {
    let args = Args::parse();
    let mut http = match &args.listen_addr {
        Some(addr) => Some(TcpListener::bind(addr).await?),
        None => None,
    };
    let https = match &args.listen_https_addr {
        Some(addr) => Some(TcpListener::bind(addr).await?),
        None => None,
    };
    loop {
        tokio::select! { // want: select_all_disabled
            Some(c) = OptionFuture::from(http.as_ref().map(|l| l.accept())) => {
                serve(c, false).await;
                http = None;
            }
            Some(c) = OptionFuture::from(https.as_ref().map(|l| l.accept())) => serve(c, true).await,
        }
    }
}
