// An interactive console: each turn reads a line from the terminal (a blocking
// `readline`), then dispatches it. Its `!edit` command waits for the user's editor and reads
// the file back: blocking, but paced by the user, who is the only thing this loop serves.
// Notes.
pub mod dispatcher;
pub use dispatcher::Dispatcher;

pub async fn run_console() {
    let mut rl = rustyline::DefaultEditor::new().unwrap();
    let mut d = Dispatcher::default();
    loop {
        let prompt = d.prompt();
        match rl.readline(&prompt) {
            Ok(line) => {
                if let Err(e) = d.dispatch(&line).await {
                    eprintln!("{e}");
                }
            }
            Err(_) => break,
        }
    }
}
