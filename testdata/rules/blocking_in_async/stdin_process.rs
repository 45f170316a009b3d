// Standard input and child processes.
use std::io::{self, BufRead, Read};
use std::process::Command;
use tokio::io::AsyncBufReadExt;

async fn read_answer() -> String {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).unwrap(); // want: blocking_in_async@note
    io::stdin().read_line(&mut line).unwrap(); // want: blocking_in_async@note
    let stdin = io::stdin();
    stdin.read_line(&mut line).unwrap(); // want: blocking_in_async@note
    for l in stdin.lock().lines() { // want: blocking_in_async@note
        line.push_str(&l.unwrap());
    }
    let mut all = String::new();
    io::stdin().read_to_string(&mut all).unwrap(); // want: blocking_in_async@note
    let reader = std::io::BufReader::new(std::io::stdin());
    for l in reader.lines() { // want: blocking_in_async@note
        drop(l);
    }
    line
}

async fn read_answer_async() -> String {
    let mut line = String::new();
    let mut reader = tokio::io::BufReader::new(tokio::io::stdin());
    reader.read_line(&mut line).await.unwrap();
    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    while let Some(l) = lines.next_line().await.unwrap() {
        line.push_str(&l);
    }
    line
}

async fn read_other_sources(file: std::fs::File, text: &str) {
    // `.lines()` and `.read_line` on things that are not stdin.
    for l in text.lines() {
        drop(l);
    }
    let mut reader = std::io::BufReader::new(std::io::Cursor::new(text.as_bytes()));
    let mut s = String::new();
    reader.read_line(&mut s).unwrap();
    drop(file);
}

async fn run_git() -> std::io::Result<String> {
    let out = Command::new("git").arg("rev-parse").arg("HEAD").output()?; // want: blocking_in_async
    let status = std::process::Command::new("true").status()?; // want: blocking_in_async
    let mut child = Command::new("sleep").arg("1").spawn()?;
    child.wait()?; // want: blocking_in_async
    let mut cmd = Command::new("ls");
    cmd.arg("-l");
    let _listing = cmd.output()?; // want: blocking_in_async
    let _ = status;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

// Utilities that look something up and exit at once: a short wait each time, even once per
// item of a loop. Notes. `find` (which walks a tree) is not among them, nor a program named
// by a variable: per item, they stay warnings.
async fn instant_lookups(pids: Vec<u32>, prog: &str) -> std::io::Result<usize> {
    let mut alive = 0;
    for pid in pids {
        let out = Command::new("ps").args(["-p", &pid.to_string()]).output()?; // want: blocking_in_async@note
        let mut ip = Command::new("/sbin/ip");
        ip.args(["addr", "show", "dev", "lo"]);
        let _lo = ip.output()?; // want: blocking_in_async@note
        let found = Command::new("which").arg("ffmpeg").status()?; // want: blocking_in_async@note
        let _walk = Command::new("find").arg("/proc").output()?; // want: blocking_in_async@warning
        let _any = Command::new(prog).output()?; // want: blocking_in_async@warning
        if out.status.success() && found.success() {
            alive += 1;
        }
    }
    Ok(alive)
}

async fn run_git_async() -> std::io::Result<String> {
    let out = tokio::process::Command::new("git").arg("rev-parse").output().await?;
    let status = tokio::process::Command::new("true").status().await?;
    let mut child = tokio::process::Command::new("sleep").arg("1").spawn()?;
    child.wait().await?;
    let _ = status;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

async fn output_of_something_else(resp: Response) -> u16 {
    // `.status()` and `.output()` on other types.
    let code = resp.status();
    let _o = resp.output();
    code
}

fn sync_helper() -> std::process::Output {
    Command::new("uname").output().unwrap()
}

struct Response;
impl Response {
    fn status(&self) -> u16 {
        200
    }
    fn output(&self) {}
}
