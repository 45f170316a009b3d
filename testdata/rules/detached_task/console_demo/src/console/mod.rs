mod demo;
pub mod watch;

pub use demo::run_demo;
pub use watch::watch_all;
