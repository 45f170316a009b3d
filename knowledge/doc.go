// Package knowledge is what rustaudit knows about the Rust async ecosystem, as data: which
// calls make timers, which operations are cancellation safe, which types are locks, which
// macros never return, which framework traits are polled again by their framework. Each
// table lives here once, each entry (or the table as a whole) names its Source: the
// documentation that states it, such as "tokio docs: AsyncReadExt::read_exact" or a URL.
//
// Rules read these tables (package rules keeps only how to match them against syntax), and
// the parser derives from them which macro bodies are worth parsing: every table declares
// its trigger words (MacroWords), so that adding an entry here is enough for a macro body
// that calls it to be seen by the rules. docs/knowledge.md says more.
//
// The tables:
//
//   - Timers (timers.go): timer constructors, whether they take a deadline and whether they
//     wrap a future (timeouts). Read by select_timer_in_loop, poll_after_ready and the
//     select summaries.
//   - CancelSafety and Timeouts (cancel.go): the cancellation safety of common async
//     operations, from the `# Cancel safety` sections of tokio's documentation. Read by
//     select_cancel_unsafe.
//   - LockTypes, LockTypeNames, AsyncLockModules (locks.go): lock and cell types by path
//     and what kind of lock each is, the type names that decide a receiver's flavor by text,
//     and the modules whose locks are awaited. Read by the lock rules.
//   - Spawns (spawn.go): tokio's spawn functions and runtime spawn methods. Read by
//     detached_task.
//   - BlockOnCrates (spawn.go): the executors whose free `block_on` runs a future on the
//     calling thread. Read by blocking_in_async (a project's own `block_on` is a note).
//   - DivergingMacros, ReturningMacros, SuspendingMacros, DivergingCalls (macros.go): how
//     macros and calls end a path. Read by the control-flow graph (rules/cfg).
//   - FrameworkPolled (framework.go): trait methods their framework polls again after every
//     event. Read by pending_without_waker.
//   - SyntaxWords (words.go): the Rust syntax and std names the rules look for that no
//     table above names (items, statements, `.await`, `Poll`, `Context` ...), by group.
//
// To add an entry: append it to its table with its Source, and run `go test ./knowledge
// ./parser ./rules`. Its trigger word joins the parser's macro word set by itself; a test in
// package rules fails if a word that a rule needs is missing from that set. To add a table:
// give it a doc comment, a Source per entry or per table, and a case in MacroWords saying
// which of its words are worth parsing a macro body for and where (Anywhere or AsyncOnly).
package knowledge
