package cfg

import "strings"

// The one table of what ends a path. Every rule reads it from here, so that the same Rust
// means the same thing to all of them.

// DivergingMacros never return: the path through them ends (in Panic).
var DivergingMacros = map[string]bool{
	"panic": true, "unreachable": true, "todo": true, "unimplemented": true,
	"bail": true, // anyhow / eyre: `return Err(..)`
}

// ReturningMacros may return from the body and otherwise go on, as `?` does.
var ReturningMacros = map[string]bool{
	"ensure": true, "ready": true, "try_ready": true,
}

// SuspendingMacros suspend the task where they run.
var SuspendingMacros = map[string]bool{
	"select": true, "select_biased": true, "join": true, "try_join": true,
}

// divergingCalls never return (full paths; a path written with fewer segments counts when
// it has at least two: `process::exit`).
var divergingCalls = []string{"std::process::exit", "std::process::abort"}

// DivergingCall reports whether the resolved path of a call names a fn that never returns.
// (Fns of the file declared `-> !` are known to the graph as well.)
func DivergingCall(path string) bool {
	for _, w := range divergingCalls {
		if path == w || strings.Contains(path, "::") && strings.HasSuffix(w, "::"+path) {
			return true
		}
	}
	return false
}
