// A value of the crate's own `Future` type raced by reference in a `select!` loop: what a
// poll after `Ready` does is that type's design. `Batch` goes back to its empty state when
// it hands out a result (polling it again just pends), so the loop is fine; `Reply` takes
// its value out and panics when polled again, so its loop is reported. The types live in
// another file than the loops.
pub mod batch;
pub mod worker;
