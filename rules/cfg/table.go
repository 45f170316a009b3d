package cfg

import (
	"strings"

	"github.com/rustaudit/rustaudit/knowledge"
)

// The one table of what ends a path is the knowledge base's (knowledge/macros.go). Every
// rule reads it from here, so that the same Rust means the same thing to all of them.

// DivergingMacros never return: the path through them ends (in Panic).
var DivergingMacros = names(knowledge.DivergingMacros)

// ReturningMacros may return from the body and otherwise go on, as `?` does.
var ReturningMacros = names(knowledge.ReturningMacros)

// SuspendingMacros suspend the task where they run.
var SuspendingMacros = names(knowledge.SuspendingMacros)

func names(tbl []knowledge.Named) map[string]bool {
	m := make(map[string]bool, len(tbl))
	for _, e := range tbl {
		m[e.Name] = true
	}
	return m
}

// DivergingCall reports whether the resolved path of a call names a fn that never returns
// (knowledge.DivergingCalls; a path written with fewer segments counts when it has at least
// two: `process::exit`). (Fns of the file and, through CrateFns, of the crate declared `-> !` are known to the
// graph as well.)
func DivergingCall(path string) bool {
	for _, e := range knowledge.DivergingCalls {
		w := e.Name
		if path == w || strings.Contains(path, "::") && strings.HasSuffix(w, "::"+path) {
			return true
		}
	}
	return false
}

// DivergingMacro reports whether a macro of this name never returns: one of
// DivergingMacros, or a project's own `bail!` (BailLike).
func DivergingMacro(name string) bool { return DivergingMacros[name] || BailLike(name) }

// BailLike reports whether a macro's name says it is a project's own `bail!`: `bail_*` or
// `*_bail` (`crucible_bail!(Unsupported, ..)`), which by the name anyhow gave it returns an
// error early and never goes on (knowledge.BailLikePrefix and BailLikeSuffix).
func BailLike(name string) bool {
	return strings.HasPrefix(name, knowledge.BailLikePrefix) || strings.HasSuffix(name, knowledge.BailLikeSuffix)
}
