package knowledge

// How macros and calls end a path through a function body: what the control-flow graph
// (rules/cfg) knows of them, so that the same Rust means the same thing to every rule.

// Named is a macro or function named in a table, with the documentation that states it.
type Named struct {
	Name   string // a macro's name (without `!`), or a function's full path
	Source string
}

// DivergingMacros never return: the path through them ends (in a panic or an early return).
var DivergingMacros = []Named{
	{"panic", "std docs: panic!"},
	{"unreachable", "std docs: unreachable!"},
	{"todo", "std docs: todo!"},
	{"unimplemented", "std docs: unimplemented!"},
	{"bail", "anyhow docs: bail! (`return Err(..)`); eyre docs: bail!"},
}

// A project's own early-return macros are named after anyhow's `bail!`: a macro named
// `bail_*` or `*_bail` (`crucible_bail!(Unsupported, "..")`, defined as `return Err(..)`)
// is taken to diverge like it. (Judged on real code: a storage project's error macro, used
// in a match arm that otherwise would have kept a lock guard alive.)
const (
	BailLikePrefix = "bail_"
	BailLikeSuffix = "_bail"
)

// ReturningMacros may return from the body and otherwise go on, as `?` does.
var ReturningMacros = []Named{
	{"ensure", "anyhow docs: ensure!"},
	{"ready", "std docs: std::task::ready! (returns Poll::Pending)"},
	{"try_ready", "futures 0.1 docs: try_ready!"},
}

// SuspendingMacros suspend the task where they run.
var SuspendingMacros = []Named{
	{"select", "tokio docs: select!; futures docs: select!"},
	{"select_biased", "futures docs: select_biased!"},
	{"join", "tokio docs: join!; futures docs: join!"},
	{"try_join", "tokio docs: try_join!; futures docs: try_join!"},
}

// DivergingCalls are functions that never return, by full path (a path written with fewer
// segments counts when it has at least two: `process::exit`).
var DivergingCalls = []Named{
	{"std::process::exit", "std docs: std::process::exit (-> !)"},
	{"std::process::abort", "std docs: std::process::abort (-> !)"},
}
