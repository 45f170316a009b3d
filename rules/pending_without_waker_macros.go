package rules

import (
	"github.com/rustaudit/rustaudit/parser"
)

// Local macros that poll with the Context (issue 12).
//
// A `macro_rules!` written inside the poll function can use its Context without being
// handed it: a local variable named in a macro body resolves where the macro is defined, so
// `macro_rules! poll_one { ($s:expr) => { match $s.poll_recv(cx, buf) { .. } } }` polls with
// the function's `cx` at every `poll_one!(source)`. The invocation does not mention `cx`, and
// the body is not Rust the parser can read (`$s` is a metavariable), so without this the rule
// saw no registration at all. An invocation of such a macro counts as a sub-poll whose
// outcome is not known at the call site (pwwSubPolled): the macro's own arms handle it.
// A macro defined outside the function cannot name the Context this way (it would have to be
// passed in, and then the invocation mentions it), so only the blocks around the invocation,
// up to the body walked, are searched.

// localMacroPolls reports whether macro invocation m calls a `macro_rules!` defined earlier
// in a block around it, inside the body walked, whose rules pass the Context to a call or
// read its waker.
func (a *pwwFlow) localMacroPolls(m parser.NodeID) bool {
	t := a.t
	if a.name == "" || !t.Is(m, parser.KMacroInvocation) {
		return false
	}
	name := t.MacroName(m)
	if name == "" || t.Is(t.Field(m, parser.FMacro), parser.KScopedIdentifier) {
		return false
	}
	start := t.N(m).Start
	found := false
	t.Ancestors(m, func(anc parser.NodeID) bool {
		if t.Is(anc, parser.KBlock) {
			for c := t.N(anc).FirstChild; c >= 0 && t.N(c).Start < start; c = t.N(c).Next {
				if t.Is(c, parser.KMacroDefinition) && t.TextIs(t.Field(c, parser.FName), name) {
					found = a.macroRulesPoll(c)
				}
			}
		}
		return !found && anc != a.body && !IsBodyBoundary(t, anc)
	})
	return found
}

// macroRulesPoll reports whether a macro definition's rules hand the Context to a call
// (`$s.poll_recv(cx, buf)`, `Pin::new(&mut $f).poll(cx)`) or use its waker (`cx.waker()`):
// a Context only formatted (`debug!(?cx)`) is not such a use.
func (a *pwwFlow) macroRulesPoll(def parser.NodeID) bool {
	t := a.t
	found := false
	t.Walk(def, func(d parser.NodeID) bool {
		if found {
			return false
		}
		if !t.Is(d, parser.KIdentifier) || !t.TextIs(d, a.name) {
			return true
		}
		if next := t.N(d).Next; next >= 0 && t.TextIs(next, ".") {
			if w := t.N(next).Next; w >= 0 && t.TextIs(w, "waker") {
				found = true
				return false
			}
		}
		group := t.Parent(d)
		if !t.Is(group, parser.KTokenTree) || t.Src[t.N(group).Start] != '(' {
			return false
		}
		// A call's arguments: the group follows the callee's name (`poll_recv(`, `poll::<T>(`
		// is rare enough to leave out), not a macro's `!`.
		var prev parser.NodeID = parser.None
		for c := t.N(t.Parent(group)).FirstChild; c >= 0 && c != group; c = t.N(c).Next {
			prev = c
		}
		found = prev >= 0 && t.Is(prev, parser.KIdentifier)
		return false
	})
	return found
}
