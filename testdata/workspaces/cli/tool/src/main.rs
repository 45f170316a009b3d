// A command-line tool by its name: one command runs and the process exits.
#[derive(clap::Parser)]
enum Command {
    Show { path: String },
}

#[tokio::main]
async fn main() {
    let cmd = <Command as clap::Parser>::parse();
    // The command runs as a task of its own (a task root): still one command of one process.
    tokio::spawn(dispatch(cmd)).await.unwrap();
}

pub async fn dispatch(cmd: Command) {
    match cmd {
        Command::Show { path } => {
            let text = std::fs::read_to_string(&path).unwrap(); // want: blocking_in_async@note
            println!("{text}");
        }
    }
}
