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

// sadCallFact records, once per file, the calls in it (sadFileCalls, filled in as the
// engine dispatches each call: the file's node comes first).
var sadCallFact = NewFactKey[*sadFileCalls]("select_all_disabled.calls")

// sadFileCalls is one file's calls: the unguarded ones by callee, the guarded ones each.
type sadFileCalls struct {
	Unguarded map[sadCallee]bool
	Guarded   []sadCall
}

// sadCallee is a call's callee: name, number of arguments, and whether it is a method call.
type sadCallee struct {
	Name   string
	Arity  int
	Method bool
}

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

// sadUbiquitous are std methods called everywhere, whose calls are not recorded (a fifth of
// all calls): a helper of one of these names keeps its warning.
var sadUbiquitous = map[string]bool{
	"clone": true, "unwrap": true, "expect": true, "to_string": true, "to_owned": true, "into": true,
	"iter": true, "as_ref": true, "as_str": true, "len": true, "is_empty": true, "is_some": true,
	"is_none": true, "unwrap_or": true, "unwrap_or_default": true, "map_err": true, "collect": true,
	"map": true, "ok_or": true, "ok_or_else": true, "and_then": true, "from": true,
}

// sadRecordCall records call n with the guard around it.
func sadRecordCall(p *Pass, n parser.NodeID) {
	t := p.Tree
	name, method := MethodName(t, n), true
	if name == "" {
		name, method = LastSegment(CalleePath(t, n)), false
	}
	if name == "" || name[0] >= 'A' && name[0] <= 'Z' || sadUbiquitous[name] {
		return // a variant or struct (`Some(x)`), or a std method no helper is named after
	}
	c := sadCall{Name: name, Arity: len(Args(t, n)), Method: method}
	// Only a plain receiver (`orch`, `self.orch`) is matched to a guard: its text is short,
	// where a chain's would be rebuilt for every call in it.
	if recv := sadUnref(t, Receiver(t, n)); method && (t.Is(recv, parser.KIdentifier) || t.Is(recv, parser.KSelf) ||
		t.Is(recv, parser.KFieldExpression) && t.N(recv).End-t.N(recv).Start <= 64) {
		if c.Guard, c.NotEmpty = sadCallGuard(t, n, recv); c.Guard != "" {
			c.Path, c.Line = p.Info.Path, int(t.N(n).StartRow)+1
		}
	}
	rec := Recorded(p, sadCallFact)
	if len(rec) == 0 {
		return
	}
	calls := rec[len(rec)-1]
	if c.Guard != "" {
		calls.Guarded = append(calls.Guarded, c)
		return
	}
	if calls.Unguarded == nil {
		calls.Unguarded = map[sadCallee]bool{}
	}
	calls.Unguarded[sadCallee{c.Name, c.Arity, c.Method}] = true
}

// sadCallGuard returns the condition that must hold for call n to run and that calls a
// method of recvNode (the call's receiver): the precondition of the select! branch whose
// future it is in, or the condition of an `if` or `while` whose body it is in. The
// receiver's text is made only when such a condition is found (most calls have none).
func sadCallGuard(t *parser.Tree, n, recvNode parser.NodeID) (string, bool) {
	guard := parser.None
	child := n
	recv, haveRecv := "", false
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
		if cond >= 0 && !haveRecv {
			recv, haveRecv = compactText(t, recvNode), true
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
	args, some := TupleVariant(t, pat, "Some")
	return some && len(args) == 1 && PatternRefutability(t, args[0]) == Irrefutable
}

// sadOneIrrefutable reports whether pat is the tuple variant name with one field that is not
// refutable (`Ok(ev)`).
func sadOneIrrefutable(t *parser.Tree, pat parser.NodeID, name string) bool {
	args, ok := TupleVariant(t, pat, name)
	return ok && len(args) == 1 && PatternRefutability(t, args[0]) != Refutable
}

// sadSettleCallers settles the finding of a helper's select! against the crate's calls of
// the helper (see above). covers is sadEmptyCovers for the helper.
func sadSettleCallers(name string, arity int, covers, user bool) func(c *Crate, f *finding.Finding) bool {
	return func(c *Crate, f *finding.Finding) bool {
		if sadUbiquitous[name] {
			return true
		}
		// A method call passes arity arguments, a path call arity, or arity+1 with the
		// receiver (`Self::poll(self)`).
		unguarded := []sadCallee{{name, arity, true}, {name, arity, false}, {name, arity + 1, false}}
		var calls []sadCall
		for _, fc := range Facts(c, sadCallFact) {
			for _, k := range unguarded {
				if fc.Unguarded[k] {
					return true
				}
			}
			for _, call := range fc.Guarded {
				if (pwwCall{Name: call.Name, Arity: call.Arity, Method: call.Method}).calls(name, arity) {
					calls = append(calls, call)
				}
			}
		}
		if len(calls) == 0 {
			return true
		}
		notEmpty := true
		for _, call := range calls {
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
