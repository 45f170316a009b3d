// `.read()?` on a value of a type the file does not show is no lock: std's `read()` returns a
// `LockResult` whose error holds a borrowed guard (no error type of a `?` takes it), and
// parking_lot's and tokio's return the guard itself. A command builder's `read()` (a macro
// makes the value) or a reader's. Quiet. The twins: a std `RwLock` the file declares, read
// with a custom error that takes the poison, and an unknown value read with `.unwrap()`.
use std::sync::{PoisonError, RwLock};

macro_rules! cmd {
    ($($t:tt)*) => {
        Cmd
    };
}

pub struct Cmd;
impl Cmd {
    pub fn read(self) -> Result<String, std::io::Error> {
        Ok(String::new())
    }
}

async fn format_file(_f: &str) {}

pub async fn fmt_all() -> Result<(), std::io::Error> {
    let output = cmd!(shell, "git ls-files").read()?;
    for file in output.lines() {
        format_file(file).await;
    }
    Ok(())
}

pub async fn from_param(reader: xshell::Cmd) -> Result<(), std::io::Error> {
    let data = reader.read()?;
    format_file(&data).await;
    Ok(())
}

pub struct Error;
impl<T> From<PoisonError<T>> for Error {
    fn from(_: PoisonError<T>) -> Self {
        Error
    }
}

pub struct Config {
    names: RwLock<Vec<String>>,
}

impl Config {
    pub async fn each(&self) -> Result<(), Error> {
        let names = self.names.read()?; // want: lock_across_await
        for n in names.iter() {
            format_file(n).await;
        }
        Ok(())
    }
}

pub async fn unknown_unwrapped(state: &crate_external::State) {
    let names = state.names.read().unwrap(); // want: lock_across_await
    format_file(&names[0]).await;
}

mod crate_external {
    pub struct State;
}
