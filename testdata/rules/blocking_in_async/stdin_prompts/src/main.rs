// Reads of standard input. A confirmation prompt on the program's own path waits for its
// user on purpose (a note); a task spawned beside the server that reads commands from stdin
// in a loop holds a worker thread for as long as no line comes (a warning), and so does a
// prompt on a current-thread runtime after a task was spawned on it (current_thread_cli).
use std::io::BufRead;

#[tokio::main]
async fn main() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    if !confirm("serve on the public interface?").await {
        return;
    }
    tokio::spawn(console());
    loop {
        let (sock, _) = listener.accept().await.unwrap();
        tokio::spawn(async move { drop(sock) });
    }
}

async fn confirm(question: &str) -> bool {
    println!("{question} [y/N]");
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).unwrap(); // want: blocking_in_async@note
    answer.trim() == "y"
}

async fn console() {
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() { // want: blocking_in_async@warning
        let line = line.unwrap();
        if line == "stats" {
            report().await;
        }
    }
}

async fn report() {
    tokio::task::yield_now().await;
}
