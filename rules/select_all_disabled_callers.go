package rules

import (
	"fmt"
	"path/filepath"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
)

// A helper's select! whose callers check first (issue 12).
//
// `async fn poll(&mut self) { select! { Some(r) = self.tasks.join_next(), if
// !self.tasks.is_empty() => .., t = self.timers.next(), if !self.timers.is_empty() => .. } }`
// panics when both sets are empty, but a crate-private helper runs only where the crate calls
// it. When every call in the crate is guarded by a test of the same receiver (`_ =
// orch.poll(), if !orch.is_empty() => ..` in the caller's select!, or `if !orch.is_empty() {
// orch.poll().await }`), the author checked before calling:
//   - quiet when the guard is `!recv.is_empty()` and the helper's own `is_empty` (in the same
//     impl) is a `&&` of emptiness tests of fields that each have a branch enabled whenever
//     that field is not empty (its precondition is that test, and its pattern cannot fail or
//     is `Some(..)` of a `join_next()` on that field): then some branch is always enabled;
//   - a note otherwise (a guard the rule cannot relate to the branches, such as a user method
//     `has_work()`).
// A helper with a call that is not guarded this way, or that nothing in the crate calls, keeps
// the warning. Calls are matched to the helper by name and number of arguments.

// sadCallFact records every call in the crate: its callee's name and the guard around it.
var sadCallFact = NewFactKey[sadCall]("select_all_disabled.call")

type sadCall struct {
	Name   string
	Arity  int
	Method bool
	// Guard is the precondition that tests the call's receiver before it runs ("" when there
	// is none); NotEmpty says it is `!recv.is_empty()` (or `recv.len() > 0`).
	Guard    string
	NotEmpty bool
	Path     string
	Line     int
}

var sadCallIndexKey = NewMemoKey[map[string][]sadCall]("select_all_disabled.calls")

// sadRecordCall records call n with the guard around it.
func sadRecordCall(p *Pass, n parser.NodeID) {
	t := p.Tree
	name, method := MethodName(t, n), true
	if name == "" {
		name, method = LastSegment(CalleePath(t, n)), false
	}
	if name == "" {
		return
	}
	c := sadCall{Name: name, Arity: len(Args(t, n)), Method: method, Path: p.Info.Path, Line: t.Span(n).Start.Line}
	if method {
		c.Guard, c.NotEmpty = sadCallGuard(t, n, compactText(t, sadUnref(t, Receiver(t, n))))
	}
	Record(p, sadCallFact, c)
}

// sadCallGuard returns the condition that must hold for call n to run and that calls a
// method of recv (the call's receiver, as text): the precondition of the select! branch
// whose future it is in, or the condition of an `if` or `while` whose body it is in.
func sadCallGuard(t *parser.Tree, n parser.NodeID, recv string) (string, bool) {
	guard := parser.None
	child := n
	t.Ancestors(n, func(a parser.NodeID) bool {
		if IsBodyBoundary(t, a) {
			return false
		}
		var cond parser.NodeID = parser.None
		switch t.Kind(a) {
		case parser.KSelectBranch:
			if t.Field(a, parser.FFuture) == child {
				cond = t.Field(a, parser.FCondition)
			}
		case parser.KIfExpression:
			if t.Field(a, parser.FConsequence) == child {
				cond = t.Field(a, parser.FCondition)
			}
		case parser.KWhileExpression:
			if t.Field(a, parser.FBody) == child {
				cond = t.Field(a, parser.FCondition)
			}
		}
		if cond >= 0 && sadTestsReceiver(t, cond, recv) {
			guard = cond
			return false
		}
		child = a
		return true
	})
	if guard < 0 {
		return "", false
	}
	s, ok := sadEmptinessTest(t, guard, false)
	return sadShort(t, guard), ok && s == recv
}

// sadTestsReceiver reports whether cond calls a method of recv (`!orch.is_empty()`,
// `orch.has_work()`).
func sadTestsReceiver(t *parser.Tree, cond parser.NodeID, recv string) bool {
	found := false
	t.Walk(cond, func(d parser.NodeID) bool {
		if !found && t.Is(d, parser.KCallExpression) && MethodName(t, d) != "" &&
			compactText(t, sadUnref(t, Receiver(t, d))) == recv {
			found = true
		}
		return !found
	})
	return found
}

// sadHelperOf returns the crate-private async fn (or inherent method) that runs select! m
// once, directly in its body (not in a loop, closure or async block), or None.
func sadHelperOf(t *parser.Tree, m parser.NodeID) parser.NodeID {
	fn := EnclosingBody(t, m)
	if !t.Is(fn, parser.KFunctionItem) || !IsAsyncFn(t, fn) || !pwwIsHelper(t, fn) || SelectLoop(t, m) >= 0 {
		return parser.None
	}
	return fn
}

// sadEmptyCovers reports whether the `is_empty` method of the impl around helper fn is a
// `&&` of emptiness tests of `self` fields, each with a branch of select! m that is enabled
// whenever that field is not empty: `!self.f.is_empty()` wins it a branch whose pattern cannot
// fail, or whose `Some(..)` fails only on an empty f (sadEmptyOnlyNone).
func sadEmptyCovers(t *parser.Tree, fn, m parser.NodeID) bool {
	decls := t.Parent(fn)
	if !t.Is(decls, parser.KDeclarationList) {
		return false
	}
	var fields []string
	for _, item := range t.NamedChildren(decls) {
		if !t.Is(item, parser.KFunctionItem) || !t.TextIs(t.Field(item, parser.FName), "is_empty") {
			continue
		}
		body := t.Field(item, parser.FBody)
		if body < 0 || len(t.NamedChildren(body)) != 1 {
			return false
		}
		for _, c := range sadOperands(t, t.NamedChild(body, 0), "&&") {
			s, ok := sadEmptinessTest(t, c, true)
			if !ok || len(s) < 6 || s[:5] != "self." {
				return false
			}
			fields = append(fields, s)
		}
	}
	if len(fields) == 0 {
		return false
	}
	for _, f := range fields {
		enabled := false
		for _, b := range SelectBranches(t, m) {
			cond, pat, fut := t.Field(b, parser.FCondition), t.Field(b, parser.FPattern), t.Field(b, parser.FFuture)
			if !t.Is(b, parser.KSelectBranch) || cond < 0 || pat < 0 || fut < 0 {
				continue
			}
			if s, ok := sadEmptinessTest(t, cond, false); !ok || s != f {
				continue
			}
			if PatternRefutability(t, pat) == Irrefutable {
				enabled = true
			} else if s, ok := sadEmptyOnlyNone(t, t.Unparen(fut)); ok && s == f && sadSomePattern(t, pat) {
				enabled = true
			}
		}
		if !enabled {
			return false
		}
	}
	return true
}

// sadSomePattern reports whether pat is `Some(x)` with an irrefutable x.
func sadSomePattern(t *parser.Tree, pat parser.NodeID) bool {
	if !t.Is(pat, parser.KTupleStructPattern) || LastSegment(compactText(t, t.Field(pat, parser.FType))) != "Some" {
		return false
	}
	args := t.NamedChildren(pat)
	return len(args) == 2 && PatternRefutability(t, args[1]) == Irrefutable
}

// sadSettleCallers settles the finding of a helper's select! against the crate's calls of
// the helper (see above). covers is sadEmptyCovers for the helper.
func sadSettleCallers(name string, arity int, covers, user bool) func(c *Crate, f *finding.Finding) bool {
	return func(c *Crate, f *finding.Finding) bool {
		index := Memo(c, sadCallIndexKey, func() map[string][]sadCall {
			idx := map[string][]sadCall{}
			for _, call := range Facts(c, sadCallFact) {
				idx[call.Name] = append(idx[call.Name], call)
			}
			return idx
		})
		var calls []sadCall
		for _, call := range index[name] {
			if (pwwCall{Name: call.Name, Arity: call.Arity, Method: call.Method}).calls(name, arity) {
				calls = append(calls, call)
			}
		}
		if len(calls) == 0 {
			return true
		}
		notEmpty := true
		for _, call := range calls {
			if call.Guard == "" {
				return true
			}
			notEmpty = notEmpty && call.NotEmpty
		}
		if covers && notEmpty {
			return false // some branch is enabled whenever the callers' guard holds
		}
		if !user {
			f.Level = LevelNote
		}
		first := calls[0]
		where := callSiteWhere(f.Path, first.Path, first.Line)
		f.Notes = append(f.Notes, fmt.Sprintf("note, not warning: every call of `%s` in the crate (%d) runs only under a test of its receiver (`%s` at %s): "+
			"the caller checks before calling, but the rule cannot tell that the test keeps one of these branches enabled", name, len(calls), first.Guard, where))
		return true
	}
}

// callSiteWhere names a call site for a finding's note: "line N" in the finding's own file,
// "path:N" relative to its directory elsewhere.
func callSiteWhere(from, path string, line int) string {
	if path == from {
		return fmt.Sprintf("line %d", line)
	}
	rel, err := filepath.Rel(filepath.Dir(from), path)
	if err != nil {
		rel = path
	}
	return fmt.Sprintf("%s:%d", filepath.ToSlash(rel), line)
}
