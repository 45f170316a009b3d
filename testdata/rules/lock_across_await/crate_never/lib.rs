// A crate of several files: fns declared `-> !` in fail.rs (and a `fatal` method of `Job`),
// called from tasks.rs and named.rs. A path through such a call never reaches the `.await`,
// so the guard dropped on every other path is not held across it. Paths through fns that
// return go on with the guard held: fail.rs's `warn_only`, `Job::report` (beside a
// `Report::report` that never returns), quiet.rs's own `die`, and in unsure.rs a `die`
// that glob imports leave ambiguous.
mod fail;
mod named;
mod quiet;
mod tasks;
mod unsure;

pub async fn flush() {}
