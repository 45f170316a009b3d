use std::io::BufRead;

pub async fn import(path: &str) -> std::io::Result<()> {
    let text = std::fs::read_to_string(path)?; // want: blocking_in_async@note
    if !confirm().await? {
        return Ok(());
    }
    upload(&text).await;
    Ok(())
}

async fn confirm() -> std::io::Result<bool> {
    println!("upload? [y/N]");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?; // want: blocking_in_async@note
    Ok(line.trim() == "y")
}

async fn upload(_text: &str) {}
