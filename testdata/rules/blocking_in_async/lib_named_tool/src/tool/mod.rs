pub mod main;
mod subcommands;
