// A crate's own future whose poll keeps no state of its own (it reads the next packet off
// the connection it holds) may be polled again after `Ready`: the stream that polls it once
// per item is fine. The twin's future takes its value out and panics when polled again.
pub mod futs;
pub mod streams;
