pub mod gc;
pub mod stats;
