package rules

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"unicode"

	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

//go:embed select_all_disabled.md
var selectAllDisabledDoc string

// SelectAllDisabled is the `select_all_disabled` rule.
var SelectAllDisabled = &Rule{
	ID:        "select_all_disabled",
	Summary:   "has a `select!` without `else` (or `complete`) whose every branch can be disabled, so it panics once all are",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness"},
	Precision: "high",
	Doc:       selectAllDisabledDoc,
	// A panic in a test fails that test, which is what a test should do.
	Contexts: map[ContextKind]Level{CtxTest: LevelAllow},
	// Not a Local check: every call is recorded, for helpers whose callers guard them
	// (select_all_disabled_callers.go).
	Kinds: []parser.Kind{parser.KSourceFile, parser.KMacroInvocation, parser.KCallExpression},
	Check: checkSelectAllDisabled,
}

// sadBranch is a branch that can be disabled, and why.
type sadBranch struct {
	at     parser.NodeID // the pattern, condition or future to point at
	reason string
	// ends: disabled only when its source has ended (a channel closed, a stream ended, a
	// broadcast receiver's error), not by a precondition or a value that may not match.
	ends bool
	// byGuard: only its precondition (at) disables it; its pattern always matches.
	byGuard bool
	// fixed: disabled only while a local the loop never changes is `None`, so it is
	// disabled on every turn or on none (select_all_disabled_optional.go).
	fixed bool
}

func checkSelectAllDisabled(p *Pass, m parser.NodeID) {
	t := p.Tree
	switch t.Kind(m) {
	case parser.KSourceFile:
		Record(p, sadCallFact, &sadFileCalls{})
		return
	case parser.KCallExpression:
		sadRecordCall(p, m)
		return
	}
	if !MacroIs(t, m, "select", "select_biased") {
		return
	}
	flavor := sadFlavor(t, m)
	if flavor == "" {
		return
	}
	branches := SelectBranches(t, m)
	if len(branches) == 0 || SelectFallback(t, m) >= 0 {
		return
	}
	loop := SelectLoop(t, m)
	var guards, nonEmpty map[string]bool
	if loop >= 0 && flavor == "tokio" {
		guards = sadLoopGuards(t, loop)
		nonEmpty = sadLoopNonEmpty(t, loop, m)
	}
	if flavor == "futures" && loop < 0 {
		// A one-shot futures select! panics only when every future it is given has already
		// terminated before it runs, which a loop makes happen and straight-line code rarely
		// does.
		return
	}
	var why []sadBranch
	for _, b := range branches {
		if !t.Is(b, parser.KSelectBranch) {
			if flavor == "tokio" {
				return // `complete =>` or `default =>`: not a tokio select! after all
			}
			continue // futures' `default =>` does not run when every future has terminated
		}
		var s sadBranch
		var ok bool
		if flavor == "tokio" {
			s, ok = sadTokioBranch(t, b, loop, guards, nonEmpty)
		} else {
			s, ok = sadFuturesBranch(t, b, loop, m)
		}
		if !ok {
			return
		}
		why = append(why, s)
	}
	if len(why) == 0 || sadGuardsCover(t, why) || flavor == "tokio" && loop >= 0 && sadIdleExitCovers(t, branches, loop, m) {
		return
	}
	if flavor == "tokio" {
		// Branches enabled by options of a required clap argument group: one is always on.
		var srcs []sadOptionSource
		for _, b := range branches {
			if src, ok := sadOptionFutureSource(t, b); ok {
				srcs = append(srcs, src)
			}
		}
		if sadGroupKeepsOne(t, srcs) {
			return
		}
	}
	d := sadDiagnostic(t, m, loop, flavor, why)
	aborts := p.Info.Package != nil && p.Info.Package.PanicAborts()
	if sadAllFixed(why) {
		// Each branch is off exactly while a value the loop never changes is `None`: the
		// select! panics on its first turn or never, a start-up precondition.
		d.Level = LevelNote
		d.Notes = append(d.Notes, "note here, not warning: every branch is disabled only while a value set before the loop is `None`, and the loop never changes those values: the `select!` panics on its first turn if all are `None` when the loop starts, or never. Worth a check (or an `else` branch) where the code that sets them can leave all of them `None`")
	} else if end, all := sadEnds(why); loop >= 0 && end >= 0 && !aborts {
		// A branch waits for a source that ends: all are disabled together only once that
		// source is gone, when the owner has shut the task down. The panic then ends a task
		// at its end (unless the build aborts on panic).
		d.Level = LevelNote
		if all {
			d.Notes = append(d.Notes, "note here, not warning: every branch is disabled only by its source ending (channels closed, streams ended), so all are disabled together only once every source is gone, usually when the task's owner shuts it down: the panic then ends a task that had nothing left to wait for, with a panic message instead of a clean exit. It is a warning where the build aborts on panic (`panic = \"abort\"` in a profile), which turns it into the end of the process")
		} else {
			d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: the branch at line %d is disabled only by its source ending (it is %s), so all branches are disabled together only after that source is gone, usually when the task's owner shuts it down: the panic then ends the task at its shutdown, with a panic message instead of a clean exit. It is a warning where the build aborts on panic (`panic = \"abort\"` in a profile), which turns it into the end of the process, and where every branch can be disabled while its source is live", t.Nodes[why[end].at].StartRow+1, why[end].reason))
		}
	}
	if fn := sadHelperOf(t, m); fn >= 0 && flavor == "tokio" {
		name := t.Text(t.Field(fn, parser.FName))
		p.ReportLater(d, sadSettleCallers(name, pwwArity(t, fn), sadEmptyCovers(t, fn, m), p.userLevel))
		return
	}
	p.Report(d)
}

// sadGuardsCover reports whether two branches that only their preconditions disable have
// complementary preconditions (`if lingering` and `if !lingering`): one of them is enabled
// on every turn.
func sadGuardsCover(t *parser.Tree, why []sadBranch) bool {
	for i, a := range why {
		for _, b := range why[i+1:] {
			if a.byGuard && b.byGuard && Complementary(t, a.at, b.at) {
				return true
			}
		}
	}
	return false
}

// sadIdleExitCovers reports whether two branches cover each other through one set: a
// `Some(..) = set.join_next()` branch, disabled only when the set is empty, beside a
// `Some(..) = idle` branch whose OptionFuture holds a future exactly while that set is
// empty (`let idle = OptionFuture::from(set.is_empty().then_some(sleep(ttl)));` in the loop
// before the select!, or the same inline): an "exit when idle" loop, where one of them is
// always enabled.
func sadIdleExitCovers(t *parser.Tree, branches []parser.NodeID, loop, m parser.NodeID) bool {
	sets, idle := map[string]bool{}, map[string]bool{}
	for _, b := range branches {
		pat, fut := t.Field(b, parser.FPattern), t.Field(b, parser.FFuture)
		if !t.Is(b, parser.KSelectBranch) || t.Field(b, parser.FCondition) >= 0 || PatternHead(t, pat) != "Some" ||
			!t.Is(pat, parser.KTupleStructPattern) {
			continue
		}
		if kids := t.NamedChildren(pat); len(kids) != 2 || PatternRefutability(t, kids[1]) == Refutable {
			continue
		}
		core := StripFuture(t, false, fut)
		if set, ok := sadEmptyOnlyNone(t, core); ok {
			sets[set] = true
			continue
		}
		if t.Is(core, parser.KIdentifier) {
			if let := LetInLoop(t, t.Text(core), loop, m); let >= 0 {
				core = t.Field(let, parser.FValue)
			}
		}
		if set := sadSomeWhileEmpty(t, core); set != "" {
			idle[set] = true
		}
	}
	for set := range idle {
		if sets[set] {
			return true
		}
	}
	return false
}

// sadSomeWhileEmpty returns the set an `OptionFuture::from(..)` holds a future for exactly
// while it is empty: `set.is_empty().then_some(f)`, `set.is_empty().then(|| f)`, `if
// set.is_empty() { Some(f) } else { None }`; "" for anything else.
func sadSomeWhileEmpty(t *parser.Tree, e parser.NodeID) string {
	e = t.Unparen(e)
	if !t.Is(e, parser.KCallExpression) || !strings.HasSuffix(CalleePath(t, e), "OptionFuture::from") || len(Args(t, e)) != 1 {
		return ""
	}
	v := t.Unparen(Args(t, e)[0])
	var cond parser.NodeID = parser.None
	switch {
	case t.Is(v, parser.KCallExpression) && (MethodName(t, v) == "then_some" || MethodName(t, v) == "then"):
		cond = t.Unparen(Receiver(t, v))
	case t.Is(v, parser.KIfExpression):
		yes, alt := t.Field(v, parser.FConsequence), t.Field(v, parser.FAlternative)
		if !strings.HasPrefix(joinFields(t.Text(yes), ""), "{Some(") || !strings.Contains(joinFields(t.Text(alt), ""), "{None}") {
			return ""
		}
		cond = t.Unparen(t.Field(v, parser.FCondition))
	}
	if !t.Is(cond, parser.KCallExpression) || MethodName(t, cond) != "is_empty" || len(Args(t, cond)) != 0 {
		return ""
	}
	return compactText(t, sadUnref(t, Receiver(t, cond)))
}

// sadAllFixed reports whether every branch is disabled only by a value fixed before the loop.
func sadAllFixed(why []sadBranch) bool {
	for _, w := range why {
		if !w.fixed {
			return false
		}
	}
	return len(why) > 0
}

// sadEnds returns the first branch that is disabled only by its source ending (-1 when
// none is), and whether every branch is.
func sadEnds(why []sadBranch) (first int, all bool) {
	first, all = -1, len(why) > 0
	for i, w := range why {
		switch {
		case !w.ends:
			all = false
		case first < 0:
			first = i
		}
	}
	return first, all
}

// sadFlavor tells whose select! m is: "tokio", "futures" or "" (another crate's).
// select_biased! is futures' (tokio writes `biased;` instead).
func sadFlavor(t *parser.Tree, m parser.NodeID) string {
	flavor := selectFlavor(t, m)
	if t.MacroName(m) == "select_biased" {
		path := t.Imports.Resolve(compactText(t, t.Field(m, parser.FMacro)))
		if flavor == "futures" || path == "select_biased" {
			return "futures"
		}
		return ""
	}
	return flavor
}

// sadTokioBranch reports whether a tokio::select! branch can be disabled: its pattern can
// fail to match, or it has an `if` precondition (other than `if true`).
//
// In a loop, a precondition whose every name the loop tests before it runs the select!
// again (guards: `while a_open || b_open`, `if done { break }`) is taken to hold: such a loop
// ends before it would run the select! with all its branches disabled. Likewise a
// `Some(..) = set.join_next()` branch in a loop that runs the select! only while set is
// not empty (nonEmpty, see sadLoopNonEmpty): `None` never comes.
func sadTokioBranch(t *parser.Tree, b, loop parser.NodeID, guards, nonEmpty map[string]bool) (sadBranch, bool) {
	pat := t.Field(b, parser.FPattern)
	fut := t.Field(b, parser.FFuture)
	if pat < 0 || fut < 0 {
		return sadBranch{}, false // not understood
	}
	refutable := PatternRefutability(t, pat) == Refutable
	if cond := t.Field(b, parser.FCondition); cond >= 0 {
		c := t.Unparen(cond)
		switch {
		case t.Is(c, parser.KBooleanLiteral) && t.TextIs(c, "true"):
			// `if true` never disables
		case sadHoldsNonEmpty(t, c, nonEmpty):
			// `if !set.is_empty()` while the loop runs the select! only then
		case !refutable && sadNamesIn(t, cond, guards):
			return sadBranch{}, false
		case sadOpenWhileReceiving(t, c, fut):
			// `msg = rx.recv(), if !rx.is_closed()`: the precondition turns false only
			// once the channel it receives from is closed, an end like `None` is.
			why := sadBranch{at: cond, reason: "disabled once the channel is closed (its precondition `" + sadShort(t, cond) + "` is then false)", ends: true}
			if refutable {
				if pw, ok := sadPatternReason(t, pat, fut, loop, nonEmpty); ok {
					why.reason += ", or " + strings.TrimPrefix(pw.reason, "disabled ")
					why.ends = pw.ends
				}
			}
			return why, true
		default:
			why := sadBranch{at: cond, reason: "disabled whenever its precondition `" + sadShort(t, cond) + "` is false", byGuard: !refutable}
			// A refutable pattern disables the branch too, whatever the precondition says
			// (`Some(Ok(x)) = futs.next(), if !futs.is_empty()` is off after an `Err`):
			// the message names both ways.
			if refutable {
				if pw, ok := sadPatternReason(t, pat, fut, loop, nonEmpty); ok {
					why.reason += ", or " + strings.TrimPrefix(pw.reason, "disabled ")
				}
			}
			return why, true
		}
	}
	if !refutable {
		return sadBranch{}, false
	}
	if why, never, ok := sadOptionalHelper(t, pat, StripFuture(t, true, sadAwaitedIn(t, fut)), loop, nonEmpty); ok {
		return why, !never
	}
	return sadPatternReason(t, pat, fut, loop, nonEmpty)
}

// sadOpenWhileReceiving reports whether cond is `!rx.is_closed()` on the receiver the branch's
// future receives from (`rx.recv()`, `rx.recv_many(..)`): a channel closes only once every
// sender is gone (or `rx.close()` was called), so the precondition fails at the channel's end.
func sadOpenWhileReceiving(t *parser.Tree, cond, fut parser.NodeID) bool {
	if !t.Is(cond, parser.KUnaryExpression) || t.FirstChildOfKind(cond, parser.TBang) < 0 {
		return false
	}
	test := t.Unparen(t.NamedChild(cond, 0))
	if !t.Is(test, parser.KCallExpression) || MethodName(t, test) != "is_closed" || len(Args(t, test)) != 0 {
		return false
	}
	core := StripFuture(t, true, fut)
	if m := MethodName(t, core); m != "recv" && m != "recv_many" {
		return false
	}
	return compactText(t, sadUnref(t, Receiver(t, core))) == compactText(t, sadUnref(t, Receiver(t, test)))
}

// sadPatternReason says when a refutable branch pattern disables its branch (ok false when
// it cannot: the future's value always matches while the loop runs).
func sadPatternReason(t *parser.Tree, pat, fut, loop parser.NodeID, nonEmpty map[string]bool) (sadBranch, bool) {
	why, ok := sadHeadReason(t, pat, fut, loop, nonEmpty)
	// `Some(Ok(x)) = futs.next()`: an item that is an `Err` disables the branch too.
	if kids, some := TupleVariant(t, pat, "Some"); ok && some {
		if len(kids) == 1 && PatternRefutability(t, kids[0]) == Refutable {
			why.reason += ", or when an item does not match `" + sadShort(t, kids[0]) + "`"
			why.ends = false
		}
	}
	return why, ok
}

// sadHeadReason is sadPatternReason by the pattern's head (`Some`, `Ok`, `Err`).
func sadHeadReason(t *parser.Tree, pat, fut, loop parser.NodeID, nonEmpty map[string]bool) (sadBranch, bool) {
	head := PatternHead(t, pat)
	core := StripFuture(t, true, sadAwaitedIn(t, fut))
	method, recv := sadMethodCall(t, core)
	if set, ok := sadEmptyOnlyNone(t, core); ok && head == "Some" && nonEmpty[set] {
		return sadBranch{}, false // the loop runs the select! only while set has an element
	}
	switch {
	case head == "Ok" && method == "" && LastSegment(CalleePath(t, core)) == "ctrl_c":
		// tokio::signal::ctrl_c() fails only when the process cannot install its signal
		// handler (the first call; later calls share it): not a state the loop reaches.
		return sadBranch{}, false
	case head == "Some" && (method == "recv" || method == "recv_many") && sadSenderHeldBySelf(t, recv):
		return sadBranch{}, false // its own struct holds a sender: never closed while it runs
	case head == "Some" && (method == "recv" || method == "recv_many") && sadSenderUsedInLoop(t, recv, loop):
		return sadBranch{}, false // the loop itself keeps a sender: never closed while it runs
	case head == "Some" && (method == "recv" || method == "next") && sadNeverEnds(t, recv) != "":
		return sadBranch{}, false // a source that never ends: `None` never comes
	case head == "Some" && (method == "recv" || method == "recv_many"):
		return sadBranch{at: pat, reason: "disabled once the channel is closed (`" + method + "()` then returns `None`)", ends: true}, true
	case head == "Some" && (method == "next" || method == "try_next"):
		return sadBranch{at: pat, reason: "disabled once the stream has ended (`" + method + "()` then returns `None`)", ends: true}, true
	case head == "Ok" && method == "recv" && sadOneIrrefutable(t, pat, "Ok"):
		// `Ok(ev) = events.recv()` of a broadcast receiver: an error is its end (or a lag).
		return sadBranch{at: pat, reason: "disabled when the future returns an error (a broadcast receiver's `recv()` fails once the channel is closed)", ends: true}, true
	case head == "Some":
		return sadBranch{at: pat, reason: "disabled when the future returns `None`"}, true
	case head == "Ok":
		return sadBranch{at: pat, reason: "disabled when the future returns an error"}, true
	case head == "Err":
		return sadBranch{at: pat, reason: "disabled when the future returns `Ok`"}, true
	}
	return sadBranch{at: pat, reason: "disabled when the value does not match `" + sadShort(t, pat) + "`"}, true
}

// sadMethodCall returns the method core calls and its receiver: `rx.next()`, or the same
// written as a path call, `StreamExt::next(&mut rx)` (a trait's method named by its trait:
// the first argument is the receiver).
func sadMethodCall(t *parser.Tree, core parser.NodeID) (string, parser.NodeID) {
	if m := MethodName(t, core); m != "" || !t.Is(core, parser.KCallExpression) {
		return m, Receiver(t, core)
	}
	f := t.Field(core, parser.FFunction)
	args := Args(t, core)
	if !t.Is(f, parser.KScopedIdentifier) || len(args) == 0 {
		return "", parser.None
	}
	path := strings.Split(compactText(t, f), "::")
	if len(path) < 2 || !strings.HasSuffix(path[len(path)-2], "Ext") && path[len(path)-2] != "Receiver" && path[len(path)-2] != "UnboundedReceiver" {
		return "", parser.None
	}
	recv := t.Unparen(args[0])
	if t.Is(recv, parser.KReferenceExpression) {
		recv = t.Unparen(t.Field(recv, parser.FValue))
	}
	return path[len(path)-1], recv
}

// sadFuturesBranch reports whether the future of a futures::select! branch in a loop can be
// terminated when the select! runs again: a future polled by name (`a`, `&mut a`) that is
// not re-created in the loop and whose handler goes on with the loop, or a fused stream's
// `select_next_some()` (its handler never sees the end) or `next()` (when its handler does
// not leave the loop on `None`). A future made in the branch (`rx.recv().fuse()`) is new
// on every turn and never terminated.
func sadFuturesBranch(t *parser.Tree, b, loop, m parser.NodeID) (sadBranch, bool) {
	fut := t.Field(b, parser.FFuture)
	if fut < 0 || loop < 0 {
		return sadBranch{}, false
	}
	h := t.Field(b, parser.FHandler)
	f := sadUnref(t, fut)
	switch t.Kind(f) {
	case parser.KIdentifier, parser.KFieldExpression:
		if sadFreshInLoop(t, f, loop, m) || exitsLoop(t, h) >= 0 {
			return sadBranch{}, false
		}
		return sadBranch{at: fut, reason: "`" + sadShort(t, f) + "` is terminated once it has completed"}, true
	case parser.KCallExpression:
		method := MethodName(t, f)
		if method != "select_next_some" && method != "next" {
			return sadBranch{}, false
		}
		if len(Args(t, f)) != 0 {
			return sadBranch{}, false
		}
		recv := sadUnref(t, Receiver(t, f))
		if !t.Is(recv, parser.KIdentifier) && !t.Is(recv, parser.KFieldExpression) {
			return sadBranch{}, false
		}
		if sadFreshInLoop(t, recv, loop, m) {
			return sadBranch{}, false
		}
		if method == "next" && exitsLoop(t, h) >= 0 {
			return sadBranch{}, false // assumed to leave on `None`
		}
		if sadNeverEnds(t, recv) != "" || sadSenderHeldBySelf(t, recv) {
			// `IntervalStream::new(..).fuse()`, or `self.rx` beside the struct's own `tx`:
			// a stream that does not end while the loop runs.
			return sadBranch{}, false
		}
		return sadBranch{at: fut, reason: "terminated once the stream `" + sadShort(t, recv) + "` has ended", ends: true}, true
	}
	return sadBranch{}, false
}

// sadLoopGuards returns the names a loop tests each time before its body runs again: those
// of a `while` condition and of the condition of an `if` at the top of the loop body whose
// branch leaves the loop (`if a_done && b_done { break; }`), wherever it sits in the body.
func sadLoopGuards(t *parser.Tree, loop parser.NodeID) map[string]bool {
	names := map[string]bool{}
	add := func(n parser.NodeID) {
		t.Walk(n, func(d parser.NodeID) bool {
			if sadReadName(t, d) {
				names[t.Text(d)] = true
			}
			return true
		})
	}
	if t.Is(loop, parser.KWhileExpression) {
		add(t.Field(loop, parser.FCondition))
	}
	body := t.Field(loop, parser.FBody)
	if body < 0 {
		return names
	}
	for _, st := range t.NamedChildren(body) {
		if t.Is(st, parser.KExpressionStatement) {
			st = t.NamedChild(st, 0)
		}
		if t.Is(st, parser.KIfExpression) && t.Field(st, parser.FAlternative) < 0 &&
			HandlerDiverges(t, t.Field(st, parser.FConsequence), loop, false, 0) {
			add(t.Field(st, parser.FCondition))
		}
	}
	return names
}

// sadNamesIn reports whether every name that expression n reads is in names.
func sadNamesIn(t *parser.Tree, n parser.NodeID, names map[string]bool) bool {
	if len(names) == 0 {
		return false
	}
	all, seen := true, false
	t.Walk(n, func(d parser.NodeID) bool {
		if sadReadName(t, d) {
			seen = true
			if !names[t.Text(d)] {
				all = false
			}
		}
		return all
	})
	return all && seen
}

// sadReadName reports whether d names a value an expression reads: a variable or a field,
// not the method of a method call (`is_none` in `a_err.is_none()`, `as_mut` in a guard's
// `a_err.as_mut()`), which says nothing about which state the two test.
func sadReadName(t *parser.Tree, d parser.NodeID) bool {
	if !t.Is(d, parser.KIdentifier) && !t.Is(d, parser.KFieldIdentifier) {
		return false
	}
	f := t.Parent(d)
	if t.Is(f, parser.KFieldExpression) && t.Field(f, parser.FField) == d {
		if c := t.Parent(f); t.Is(c, parser.KCallExpression) && t.Field(c, parser.FFunction) == f {
			return false
		}
	}
	return true
}

// sadUnref strips parentheses, `&mut` and `.as_mut()`: what still names the same future.
func sadUnref(t *parser.Tree, n parser.NodeID) parser.NodeID {
	for i := 0; i < 4; i++ {
		n = t.Unparen(n)
		switch {
		case t.Is(n, parser.KReferenceExpression):
			n = t.Field(n, parser.FValue)
		case MethodName(t, n) == "as_mut" && len(Args(t, n)) == 0:
			n = Receiver(t, n)
		default:
			return n
		}
	}
	return n
}

// sadFreshInLoop reports whether a future or stream polled by name is made again in each
// turn of the loop: bound by a `let` in the loop body before the select!, or assigned
// (`fut = ..`, `fut.set(..)`) somewhere in the loop, which brings it back after it ended.
func sadFreshInLoop(t *parser.Tree, name, loop, m parser.NodeID) bool {
	text := compactText(t, name)
	if t.Is(name, parser.KIdentifier) && LetInLoop(t, text, loop, m) >= 0 {
		return true
	}
	if t.Is(name, parser.KIdentifier) && sadArmBinding(t, text, loop, m) {
		return true
	}
	found := false
	WalkBody(t, loop, func(d parser.NodeID) bool {
		if found {
			return false
		}
		switch {
		case t.Is(d, parser.KAssignmentExpression):
			if compactText(t, t.Field(d, parser.FLeft)) == text {
				found = true
			}
		case t.Is(d, parser.KCallExpression) && MethodName(t, d) == "set":
			if compactText(t, sadUnref(t, Receiver(t, d))) == text {
				found = true
			}
		}
		return !found
	})
	return found
}

// sadArmBinding reports whether the select! m sits, inside the loop's body, in a match arm
// (or an `if let` body) whose pattern binds name: `State::Ingestion(fut) => select! { r =
// fut => .. }` takes the future out of the state on every turn, so it is a new binding of
// whatever the state holds then, not a future the loop keeps polling after it completed.
func sadArmBinding(t *parser.Tree, name string, loop, m parser.NodeID) bool {
	found := false
	for a := t.Parent(m); a >= 0 && a != loop && !found; a = t.Parent(a) {
		switch {
		case t.Is(a, parser.KMatchArm):
			found = patternBinding(t, t.Field(a, parser.FPattern), name) >= 0
		case t.Is(a, parser.KIfExpression):
			if c := t.Field(a, parser.FCondition); t.Is(c, parser.KLetCondition) && t.IsAncestor(t.Field(a, parser.FConsequence), m) {
				found = patternBinding(t, t.Field(c, parser.FPattern), name) >= 0
			}
		}
	}
	return found
}

// sadShort is a node's text on one line, cut when long.
func sadShort(t *parser.Tree, n parser.NodeID) string {
	s := compactText(t, n)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return s
}

func sadDiagnostic(t *parser.Tree, m, loop parser.NodeID, flavor string, why []sadBranch) Diagnostic {
	macro := "`" + compactText(t, t.Field(m, parser.FMacro)) + "!`"
	n := "its branch"
	if len(why) > 1 {
		n = fmt.Sprintf("each of its %d branches", len(why))
	}
	allRecv := true
	for _, w := range why {
		if !strings.HasPrefix(w.reason, "disabled once the channel is closed") {
			allRecv = false
		}
	}
	d := Diagnostic{Node: t.Field(m, parser.FMacro)}
	inCond := loop >= 0 && t.Is(loop, parser.KWhileExpression) && t.IsAncestor(t.Field(loop, parser.FCondition), m)
	if flavor == "futures" {
		d.Message = fmt.Sprintf("this %s has no `complete` branch, and %s polls a future that stays terminated once it has completed: "+
			"when all have, the next turn of the loop panics with \"all futures in select! were completed, but no `complete =>` handler was provided\"", macro, n)
		d.Help = "add `complete => break,` as the last branch, so that the loop ends once every future has completed"
		if inCond {
			d.Help = "add a `complete =>` branch whose value ends the loop (`complete => None,` in `while let Some(..) = select! { .. }`)"
		}
	} else {
		when := "when all are disabled at the same time"
		if allRecv {
			when = "once every channel it receives from is closed"
		}
		d.Message = fmt.Sprintf("this %s has no `else` branch, and %s can be disabled: %s, it panics with \"all branches are disabled and there is no else branch\"", macro, n, when)
		switch {
		case inCond:
			d.Help = "add an `else` branch whose value ends the loop (`else => None,` in `while let Some(..) = select! { .. }`)"
		case loop >= 0:
			d.Help = "add `else => break,` as the last branch, so that the loop ends once nothing is left to wait for"
		default:
			d.Help = "add an `else` branch as the last branch that returns (`else => return,`, or an error) or gives the value for the case where nothing matched"
		}
	}
	if fx, ok := sadFix(t, m, loop, flavor, inCond); ok {
		d.Fixes = append(d.Fixes, fx)
	}
	for _, w := range why {
		d.Related = append(d.Related, RelatedNode{Node: w.at, Message: w.reason})
	}
	if loop >= 0 {
		d.Related = append(d.Related, RelatedNode{Node: LoopHead(t, loop), Message: "this loop runs the `select!` again and again, also once every branch is disabled"})
	}
	return d
}

// sadFix adds the missing last branch: `else => break,` (`complete => break,` for futures)
// when the select! is a statement of a loop, which is certain: the loop then ends once nothing
// is left to wait for instead of panicking. In a `while let` condition the branch gives
// `None`, which needs review (the loop's pattern may not be `Some(..)`). Outside a loop no
// fix is offered: what to return is the author's choice.
func sadFix(t *parser.Tree, m, loop parser.NodeID, flavor string, inCond bool) (Fix, bool) {
	if loop < 0 {
		return Fix{}, false
	}
	body, bs := t.MacroBody(m), SelectBranches(t, m)
	if body < 0 || len(bs) == 0 {
		return Fix{}, false
	}
	closeAt := t.Nodes[body].End - 1
	if c := t.Src[closeAt]; c != '}' && c != ')' && c != ']' {
		return Fix{}, false
	}
	keyword, value, appl := "else", "break", Certain
	if flavor == "futures" {
		keyword = "complete"
	}
	if inCond {
		value, appl = "None", NeedsReview
	}
	branch := keyword + " => " + value + ","
	fx := Fix{Applicability: appl, Description: "Add `" + branch + "` as the last branch of the `select!`"}
	// A comma after the last branch unless it has one or ends with a block.
	last := bytes.TrimRight(t.Src[t.Nodes[bs[len(bs)-1]].Start:closeAt], " \t\r\n")
	if n := len(last); n > 0 && last[n-1] != ',' && last[n-1] != '}' {
		at := t.Nodes[bs[len(bs)-1]].Start + uint32(n)
		fx.Edits = append(fx.Edits, Edit{Start: at, End: at, New: ","})
	}
	row := int(t.Nodes[body].EndRow)
	lineStart := uint32(t.Lines[row])
	if len(bytes.TrimSpace(t.Src[lineStart:closeAt])) == 0 && row > int(t.Nodes[bs[len(bs)-1]].StartRow) {
		// The closing brace has its own line: the new branch goes on a line above it.
		fx.Edits = append(fx.Edits, Edit{Start: lineStart, End: lineStart, New: IndentOf(t, bs[len(bs)-1]) + branch + lineEnding(t, row)})
	} else {
		text := branch + " "
		if c := t.Src[closeAt-1]; c != ' ' && c != '\t' {
			text = " " + text
		}
		fx.Edits = append(fx.Edits, Edit{Start: closeAt, End: closeAt, New: text})
	}
	return fx, true
}

// sadSenderHeldBySelf reports whether recv is `self.rx` and the struct of the impl around it
// (declared in this file) also has a field that is a sender of the same item type
// (`rx: mpsc::UnboundedReceiver<T>` beside `tx: mpsc::UnboundedSender<T>`): while the method
// runs, self holds a sender, so the channel cannot close. The same holds one field down,
// `self.core.rx`, where self's field `core` is (or borrows) such a struct: a state object
// that borrows the core for the whole loop (`core: &'a mut Core`) keeps the core's sender
// alive too.
func sadSenderHeldBySelf(t *parser.Tree, recv parser.NodeID) bool {
	recv = t.Unparen(recv)
	if !t.Is(recv, parser.KFieldExpression) {
		return false
	}
	field := t.Text(t.Field(recv, parser.FField))
	owner := t.Unparen(t.Field(recv, parser.FValue))
	typ := implTypeAround(t, recv)
	if typ == "" || field == "" {
		return false
	}
	if t.Is(owner, parser.KFieldExpression) && t.Is(t.Unparen(t.Field(owner, parser.FValue)), parser.KSelf) {
		// `self.core.rx`: the struct named by the type of self's field `core`.
		typ = sadOwnedStruct(sadStructFields(t, typ)[t.Text(t.Field(owner, parser.FField))])
	} else if !t.Is(owner, parser.KSelf) {
		return false
	}
	if typ == "" {
		return false
	}
	fields := sadStructFields(t, typ)
	rt, ok := fields[field]
	if !ok {
		return false
	}
	rt = strings.ReplaceAll(rt, " ", "")
	if !strings.Contains(rt, "Receiver<") {
		return false
	}
	want := strings.Replace(rt, "Receiver<", "Sender<", 1) // the same channel kind and item
	for name, ft := range fields {
		if name != field && strings.ReplaceAll(ft, " ", "") == want {
			return true
		}
	}
	return false
}

// sadSenderUsedInLoop reports whether recv is a local made with its sender by one `let (tx,
// rx) = ..channel(..)` (`mpsc::channel`, `unbounded_channel`, `bounded`, `unbounded`) and the
// loop around the select! uses that same tx by reference (`&tx`, `tx.clone()`,
// `tx.send(..)`) and never gives it away (`drop(tx)`, `f(tx)`, `tx.into_..()`): a sender the
// loop still uses on every turn is alive while it runs, so the channel cannot close.
func sadSenderUsedInLoop(t *parser.Tree, recv, loop parser.NodeID) bool {
	recv = sadUnref(t, t.Unparen(recv))
	if loop < 0 || !t.Is(recv, parser.KIdentifier) {
		return false
	}
	tdecl, let := ChannelPairSender(t, recv)
	if tdecl < 0 {
		return false
	}
	value := t.Unparen(t.Field(let, parser.FValue))
	if !t.Is(value, parser.KCallExpression) {
		return false
	}
	switch LastSegment(CalleePath(t, value)) {
	case "channel", "unbounded_channel", "bounded", "unbounded":
	default:
		return false
	}
	used, given := false, false
	t.Walk(loop, func(d parser.NodeID) bool {
		if given || !t.Is(d, parser.KIdentifier) || !t.TextIs(d, t.Text(tdecl)) {
			return !given
		}
		if decl, _ := ResolveBinding(t, d); decl != tdecl {
			return true
		}
		x, par := ParenParent(t, d)
		switch {
		case t.Is(par, parser.KReferenceExpression):
			used = true
		case t.Is(par, parser.KFieldExpression) && t.Field(par, parser.FValue) == x && !strings.HasPrefix(MethodName(t, t.Parent(par)), "into"):
			used = true
		default:
			given = true
		}
		return true
	})
	return used && !given
}

// sadStructFields maps the fields of the struct named typ declared in this file to their
// type text, its words joined by single spaces; nil when the file declares no such struct.
func sadStructFields(t *parser.Tree, typ string) map[string]string {
	st := FileItem(t, parser.KStructItem, typ)
	if st < 0 {
		return nil
	}
	fields := map[string]string{}
	t.Walk(st, func(f parser.NodeID) bool {
		if t.Is(f, parser.KFieldDeclaration) {
			fields[t.Text(t.Field(f, parser.FName))] = strings.Join(strings.Fields(t.Text(t.Field(f, parser.FType))), " ")
		}
		return true
	})
	return fields
}

// sadOwnedStruct gives the struct name a field's type text owns or borrows: `&'a mut
// Core<D, N>`, `&Core`, `Box<Core>` and `Core<T>` give "Core"; "" for anything else (shared
// pointers, options, paths).
func sadOwnedStruct(ft string) string {
	words := strings.Fields(strings.Replace(ft, "&", "& ", 1))
	if len(words) > 0 && words[0] == "&" {
		words = words[1:]
		if len(words) > 0 && strings.HasPrefix(words[0], "'") {
			words = words[1:]
		}
		if len(words) > 0 && words[0] == "mut" {
			words = words[1:]
		}
	}
	ft = strings.Join(words, "")
	if inner, ok := strings.CutPrefix(ft, "Box<"); ok && strings.HasSuffix(inner, ">") {
		ft = inner[:len(inner)-1]
	}
	if i := strings.IndexByte(ft, '<'); i >= 0 {
		ft = ft[:i]
	}
	if ft == "" || !unicode.IsUpper(rune(ft[0])) || strings.ContainsAny(ft, ":()[]&'") {
		return ""
	}
	return ft
}

// sadNeverEnds returns the constructor of recv when recv is a local bound (in this fn) from
// a source that never ends: a constructor of EndlessCtors, or rdkafka's consumer
// `.stream()` (its MessageStream never yields `None`) in a file that uses rdkafka; "" when
// not known to be one.
func sadNeverEnds(t *parser.Tree, recv parser.NodeID) string {
	recv = sadUnref(t, t.Unparen(recv))
	v := recv // made right there: `signal(kind).unwrap().recv()`
	if t.Is(recv, parser.KIdentifier) {
		_, let := ResolveBinding(t, recv)
		if let < 0 || stripMutPattern(t, t.Field(let, parser.FPattern)) < 0 {
			return ""
		}
		v = t.Unparen(t.Field(let, parser.FValue))
	}
	v = StripSourceWrappers(t, v)
	if !t.Is(v, parser.KCallExpression) {
		return ""
	}
	if MethodName(t, v) == "stream" && bytes.Contains(t.Src, []byte("rdkafka")) {
		return "rdkafka's `stream()`"
	}
	return EndlessCtorCall(t, v)
}

// sadAwaitedIn returns what an async block written as a branch's future awaits last
// (`async move { signal(kind).unwrap().recv().await }` gives the `recv()` call), when
// nothing but `let`s comes before it: its value is the branch's value. Any other future
// is returned as it is.
func sadAwaitedIn(t *parser.Tree, fut parser.NodeID) parser.NodeID {
	f := t.Unparen(fut)
	if !t.Is(f, parser.KAsyncBlock) {
		return fut
	}
	body := t.FirstChildOfKind(f, parser.KBlock)
	if body < 0 {
		return fut
	}
	tail := cfg.BlockTail(t, body)
	if !t.Is(t.Unparen(tail), parser.KAwaitExpression) {
		return fut
	}
	for _, c := range t.NamedChildren(body) {
		if c != tail && !t.IsComment(c) && !t.Is(c, parser.KLetDeclaration) && !t.Is(c, parser.KAttributeItem) {
			return fut // statements that may leave the block early
		}
	}
	return t.NamedChild(t.Unparen(tail), 0)
}
