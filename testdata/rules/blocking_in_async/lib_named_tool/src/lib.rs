// A daemon and its dev toolbox in one package whose library goes by another name than the
// package (`[lib] name = "node"`): the toolbox's binary runs the library's command-line main,
// re-exported under a name of its own.
mod daemon;
mod tool;

pub use daemon::start as node_main;
pub use tool::main::main as node_tool_main;
