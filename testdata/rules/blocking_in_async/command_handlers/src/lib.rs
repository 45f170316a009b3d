// A server and its toolbox in one binary, as many databases ship: `vault start` serves, the
// other commands do one job and exit. The package depends on axum, so it is not a
// command-line tool as a whole; only the handlers of one-shot commands are command-line code.
mod cli;
mod grammar;

pub use cli::init;
