package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// What the branches that restart a timer are: a bounded number of completions, or the
// timer's own work under another name. Both make the restart harmless (select_timer_in_loop.go).

// stilBoundedRestarts returns why the branches that restart a timer can win only a bounded
// number of times, or "":
//   - the loop is `while n > 0` (or `n != 0`, `0 < n`) and every restarting branch's handler
//     counts `n -= 1` as a statement of its own block: one win per task started before the
//     loop (a start-up wait for N workers, with a progress line on a timer);
//   - every restarting branch takes the next result of a local collection of futures
//     (`FuturesUnordered`, `FuturesOrdered`, `JoinSet`) made before the loop, which the
//     loop only drains: it holds as many futures as were pushed before, and then is empty.
//
// Either way the timer is restarted at most that many times and then fires on its period.
func stilBoundedRestarts(t *parser.Tree, restarters []parser.NodeID, loop, sel parser.NodeID) string {
	if len(restarters) == 0 {
		return ""
	}
	if n := stilCountdown(t, loop); n != "" {
		all := true
		for _, o := range restarters {
			all = all && stilCountsDown(t, t.Field(o, parser.FHandler), n)
		}
		if all {
			return fmt.Sprintf("every branch that restarts it counts `%s` down, and the loop ends when it reaches zero: it can restart the timer only that many times", n)
		}
	}
	coll := ""
	for _, o := range restarters {
		c := stilDrainedCollection(t, t.Field(o, parser.FFuture), loop, sel)
		if c == "" || coll != "" && c != coll {
			return ""
		}
		coll = c
	}
	return fmt.Sprintf("the branch that restarts it takes the next result of `%s`, a collection of futures filled before the loop that the loop only drains: it can win only as many times as futures were pushed, and then the timer runs on its period", coll)
}

// stilCountdown is the counter a `while` loop tests against zero (`while n > 0`,
// `while n != 0`, `while 0 < n`), or "".
func stilCountdown(t *parser.Tree, loop parser.NodeID) string {
	if !t.Is(loop, parser.KWhileExpression) {
		return ""
	}
	c := t.Unparen(t.Field(loop, parser.FCondition))
	if !t.Is(c, parser.KBinaryExpression) {
		return ""
	}
	l, r, op := t.Unparen(t.Field(c, parser.FLeft)), t.Unparen(t.Field(c, parser.FRight)), t.Text(t.Field(c, parser.FOperator))
	switch {
	case t.Is(l, parser.KIdentifier) && t.TextIs(r, "0") && (op == ">" || op == "!="):
		return t.Text(l)
	case t.Is(r, parser.KIdentifier) && t.TextIs(l, "0") && (op == "<" || op == "!="):
		return t.Text(r)
	}
	return ""
}

// stilCountsDown reports whether handler h has `n -= 1` as a statement of its own block (not
// under a condition).
func stilCountsDown(t *parser.Tree, h parser.NodeID, n string) bool {
	h = t.Unparen(h)
	stmts := []parser.NodeID{h}
	if t.Is(h, parser.KBlock) {
		stmts = t.NamedChildren(h)
	}
	for _, st := range stmts {
		if t.Is(st, parser.KExpressionStatement) {
			st = t.NamedChild(st, 0)
		}
		if t.Is(st, parser.KCompoundAssignment) && t.TextIs(t.Field(st, parser.FOperator), "-=") &&
			t.TextIs(t.Unparen(t.Field(st, parser.FLeft)), n) && t.TextIs(t.Field(st, parser.FRight), "1") {
			return true
		}
	}
	return false
}

// stilDrainMethods take results out of a collection of futures without adding to it.
var stilDrainMethods = map[string]bool{"next": true, "join_next": true, "try_next": true, "select_next_some": true,
	"join_next_with_id": true, "try_join_next": true, "len": true, "is_empty": true}

// stilFutureSets are the collections of futures that end: empty once every future pushed
// into them completed.
var stilFutureSets = []string{"FuturesUnordered", "FuturesOrdered", "JoinSet"}

// stilDrainedCollection returns the name of the local collection of futures that branch
// future fut takes the next result of (`clients.next()`, `tasks.join_next()`), when it was
// made before the loop and every mention of it in the loop only takes results out; "" else.
func stilDrainedCollection(t *parser.Tree, fut, loop, sel parser.NodeID) string {
	call := StripFuture(t, false, fut)
	if !t.Is(call, parser.KCallExpression) || !stilDrainMethods[MethodName(t, call)] {
		return ""
	}
	recv := t.Unparen(Receiver(t, call))
	if !t.Is(recv, parser.KIdentifier) {
		return ""
	}
	_, let := ResolveBinding(t, recv)
	if let < 0 || t.IsAncestor(loop, let) {
		return ""
	}
	if !TextMentions(t, let, stilFutureSets...) {
		return ""
	}
	name := t.Text(recv)
	only := true
	t.Walk(loop, func(d parser.NodeID) bool {
		if !only {
			return false
		}
		if t.Is(d, parser.KIdentifier) && t.TextIs(d, name) {
			p := t.Parent(d)
			// `clients.next()`: the receiver of a field-expression callee that drains.
			if !t.Is(p, parser.KFieldExpression) || t.Field(p, parser.FValue) != d {
				only = false
				return false
			}
			c := t.Parent(p)
			if !t.Is(c, parser.KCallExpression) || t.Field(c, parser.FFunction) != p || !stilDrainMethods[MethodName(t, c)] {
				only = false
			}
		}
		// A macro body (`select!` around us) is parsed: identifiers in it are seen above.
		return true
	})
	if !only {
		return ""
	}
	return name
}

// stilTakenArm returns the place a timer's length is taken out of in the loop
// (`if let Some(t) = app.next_render.take() { select! { _ = sleep(t) => .. } }`), or "": the
// timer exists only on turns where something armed that place again, so it is a deferred
// action that each arming schedules anew, not periodic work. A restarting branch that puts
// the very value back (`slot = Some(t)`) keeps it periodic, and is not counted.
func stilTakenArm(t *parser.Tree, tm stilTimer, restarters []parser.NodeID, loop parser.NodeID) string {
	args := Args(t, tm.call)
	if len(args) == 0 {
		return ""
	}
	a := t.Unparen(args[0])
	if !t.Is(a, parser.KIdentifier) {
		return ""
	}
	name := t.Text(a)
	v := t.Unparen(stilIfLetValue(t, a, name))
	if v < 0 || !t.IsAncestor(loop, v) || !t.Is(v, parser.KCallExpression) || MethodName(t, v) != "take" || len(Args(t, v)) != 0 {
		return ""
	}
	place := compactText(t, Receiver(t, v))
	for _, o := range restarters {
		back := false
		WalkBody(t, t.Field(o, parser.FHandler), func(d parser.NodeID) bool {
			if t.Is(d, parser.KAssignmentExpression) && compactText(t, t.Field(d, parser.FLeft)) == place &&
				strings.Contains(compactText(t, t.Field(d, parser.FRight)), "("+name+")") {
				back = true
			}
			return !back
		})
		if back {
			return ""
		}
	}
	return place
}

// stilSameCallee returns the fn that the timer's handler calls as its one piece of work
// (its statements, log lines aside, are that call, awaited or `?`-ed) when every branch that
// restarts the timer calls the same fn as a statement of its own block, with whatever
// arguments (`check_refresh(&epoch, false)` on the timer, `check_refresh(&epoch, true)` on
// an epoch change): the work runs on each of those events, "" otherwise.
func stilSameCallee(t *parser.Tree, timerHandler parser.NodeID, restarters []parser.NodeID) string {
	if len(restarters) == 0 || timerHandler < 0 {
		return ""
	}
	want := ""
	for _, st := range stilWorkStatements(t, timerHandler) {
		c := stilStatementCall(t, st)
		if c < 0 || want != "" {
			return ""
		}
		want = compactText(t, t.Field(c, parser.FFunction))
	}
	if want == "" {
		return ""
	}
	for _, o := range restarters {
		found := false
		for _, st := range stilWorkStatements(t, t.Field(o, parser.FHandler)) {
			if c := stilStatementCall(t, st); c >= 0 && compactText(t, t.Field(c, parser.FFunction)) == want {
				found = true
				break
			}
		}
		if !found {
			return ""
		}
	}
	return want
}

// stilWorkStatements are the statements of handler h (h itself when it is no block),
// without comments and log lines.
func stilWorkStatements(t *parser.Tree, h parser.NodeID) []parser.NodeID {
	h = t.Unparen(h)
	if h < 0 {
		return nil
	}
	stmts := []parser.NodeID{h}
	if t.Is(h, parser.KBlock) {
		stmts = t.NamedChildren(h)
	}
	var out []parser.NodeID
	for _, st := range stmts {
		e := st
		if t.Is(e, parser.KExpressionStatement) {
			e = t.NamedChild(e, 0)
		}
		if t.IsComment(st) || t.Is(e, parser.KMacroInvocation) && stilLogMacros[t.MacroName(e)] {
			continue
		}
		out = append(out, st)
	}
	return out
}

// stilStatementCall is the call statement st makes, through `.await`, `?` and `let _ =`, or
// None.
func stilStatementCall(t *parser.Tree, st parser.NodeID) parser.NodeID {
	e := st
	switch {
	case t.Is(e, parser.KExpressionStatement):
		e = t.NamedChild(e, 0)
	case t.Is(e, parser.KLetDeclaration):
		if !t.TextIs(t.Field(e, parser.FPattern), "_") {
			return parser.None
		}
		e = t.Field(e, parser.FValue)
	}
	for {
		e = t.Unparen(e)
		switch {
		case t.Is(e, parser.KAwaitExpression), t.Is(e, parser.KTryExpression):
			e = t.NamedChild(e, 0)
			continue
		case t.Is(e, parser.KCallExpression):
			return e
		}
		return parser.None
	}
}

// stilDueCheck returns the clock test under which every branch that restarts the timer runs
// the timer's work itself (`if now.duration_since(last).as_secs() > 10 || buf.len() > 5000 {
// flush(..) }` beside `_ = sleep(10s) => if !buf.is_empty() { flush(..) }`): the work's
// statements (those of the handler, or of its one `if` without `else`) in a row of a block
// under an `if` whose condition reads the clock. Traffic that restarts the timer runs the
// work when it is due; the timer only covers the quiet spells. None when a restarting branch
// has no such test.
func stilDueCheck(t *parser.Tree, timerHandler parser.NodeID, restarters []parser.NodeID, loop parser.NodeID) parser.NodeID {
	if len(restarters) == 0 || timerHandler < 0 {
		return parser.None
	}
	work := stilWorkStatements(t, timerHandler)
	if len(work) == 1 {
		e := work[0]
		if t.Is(e, parser.KExpressionStatement) {
			e = t.NamedChild(e, 0)
		}
		if t.Is(e, parser.KIfExpression) && t.Field(e, parser.FAlternative) < 0 {
			work = stilWorkStatements(t, t.Field(e, parser.FConsequence))
		}
	}
	var want []string
	for _, st := range work {
		want = append(want, compactText(t, st))
	}
	if len(want) == 0 {
		return parser.None
	}
	test := parser.None
	for _, o := range restarters {
		found := parser.None
		WalkBody(t, t.Field(o, parser.FHandler), func(d parser.NodeID) bool {
			if found >= 0 {
				return false
			}
			if !t.Is(d, parser.KIfExpression) {
				return true
			}
			var mine []string
			for _, st := range stilWorkStatements(t, t.Field(d, parser.FConsequence)) {
				mine = append(mine, compactText(t, st))
			}
			has := false
			for i := 0; i+len(want) <= len(mine) && !has; i++ {
				has = slices.Equal(mine[i:i+len(want)], want)
			}
			if has && stilUsesClock(t, t.Field(d, parser.FCondition), loop, d, 0) {
				found = t.Field(d, parser.FCondition)
			}
			return found < 0
		})
		if found < 0 {
			return parser.None
		}
		if test < 0 {
			test = found
		}
	}
	return test
}
