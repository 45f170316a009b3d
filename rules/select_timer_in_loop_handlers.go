package rules

import (
	"fmt"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// What the timer's handler does, when the restart costs nothing that matters: it only logs
// (a "nothing happened for d" diagnostic), it only resets state to literal values while the
// loop's work runs on every turn anyway (an idle reset), or every call it makes is made on
// every turn of the loop outside the select! too (the work does not depend on the timer).

// stilDiagMacros are the macros whose output is a diagnostic, besides the logging macros:
// `eprintln!` writes to stderr. (`println!` is left out: for a command-line tool, printing
// is the work.)
var stilDiagMacros = map[string]bool{"eprintln": true, "eprint": true}

// stilMetricMacros are the `metrics` crate's recording macros (`counter!(..).increment(1)`).
var stilMetricMacros = map[string]bool{"counter": true, "gauge": true, "histogram": true}

// stilLogStmt reports whether a handler statement only records a diagnostic: a logging
// macro, `eprintln!`, or a metric (`counter!(NAME).increment(1)`).
func stilLogStmt(t *parser.Tree, c parser.NodeID) bool {
	c = t.Unparen(c)
	if t.Is(c, parser.KMacroInvocation) {
		name := t.MacroName(c)
		return stilLogMacros[name] || stilDiagMacros[name]
	}
	if t.Is(c, parser.KCallExpression) {
		r := t.Unparen(Receiver(t, c))
		return t.Is(r, parser.KMacroInvocation) && stilMetricMacros[t.MacroName(r)] && !stilDoesWork(t, t.Field(c, parser.FArguments))
	}
	return false
}

// stilHandlerLogsOnly reports whether a timer's handler does nothing but log (at least one
// log line) and maybe `continue`: `_ = sleep(d) => info!("still waiting for {}", ..)`.
func stilHandlerLogsOnly(t *parser.Tree, h, loop parser.NodeID) bool {
	logs := 0
	only := stilHandlerOnly(t, h, loop, func(c parser.NodeID) bool {
		if stilLogStmt(t, c) {
			logs++
			return true
		}
		return false
	})
	return only && logs > 0
}

// stilLiteralValue reports whether e is a literal: a number, a bool, a string or char,
// `None`, `()`, or a tuple or array of those.
func stilLiteralValue(t *parser.Tree, e parser.NodeID) bool {
	e = t.Unparen(e)
	switch t.Kind(e) {
	case parser.KIntegerLiteral, kFloatLiteral, parser.KBooleanLiteral, parser.KStringLiteral, kCharLiteral, parser.KUnitExpression:
		return true
	case parser.KIdentifier:
		return t.TextIs(e, "None")
	case parser.KTupleExpression, parser.KArrayExpression:
		for _, k := range t.NamedChildren(e) {
			if !t.IsComment(k) && !stilLiteralValue(t, k) {
				return false
			}
		}
		return true
	case parser.KUnaryExpression: // `-1`
		return stilLiteralValue(t, t.NamedChild(e, 0))
	}
	return false
}

// stilTagsWakeup reports whether a select! only says what woke the loop, and the loop does
// the same work whatever it says: `let reason = select! { _ = changed.changed() =>
// Reason::Changed, _ = sleep(d) => Reason::Poll };` where the timer's handler h is a
// constant (`Reason::Poll`, `None`, `false`), and the rest of the loop body names `reason`
// only in the value of a `return` or `break`, or in the condition of an `if` (no `else`)
// whose body only logs (`if timed_out { warn!("no change for {d:?}") }`), or, when the timer
// gives `None`, as the value of an `if let Some(ev) = tag { .. }` without `else`, whose body
// handles the other branches' events. The timer bounds how long the loop waits
// before that work, which any other wake-up does too (a notify-or-poll fallback). A loop
// that matches on the value (`Ev::Flush => flush().await`) does the timer's work only when
// the timer wins: other wake-ups can starve it, and it stays reported.
func stilTagsWakeup(t *parser.Tree, m, h, loop parser.NodeID) bool {
	let := t.Parent(m)
	if !t.Is(let, parser.KLetDeclaration) || t.Field(let, parser.FValue) != m {
		return false
	}
	pat := t.Field(let, parser.FPattern)
	if !t.Is(pat, parser.KIdentifier) || t.Parent(let) != t.Field(loop, parser.FBody) {
		return false
	}
	if !stilConstantTag(t, h) {
		return false
	}
	name := t.Text(pat)
	none := t.TextIs(t.Unparen(h), "None")
	ok := true
	var check func(n parser.NodeID)
	check = func(n parser.NodeID) {
		t.Walk(n, func(d parser.NodeID) bool {
			if !ok {
				return false
			}
			if t.Is(d, parser.KReturnExpression) || t.Is(d, parser.KBreakExpression) {
				return false // handing the tag out of the loop decides nothing here
			}
			if stilLogsOnTag(t, d, name) {
				return false // a log line is no work the other wake-ups starve
			}
			if none && stilSomeOfTag(t, d, name) {
				// `if let Some(ev) = event { .. }`: the body handles the other branches'
				// events; on the timer's `None` nothing runs
				check(t.Field(d, parser.FConsequence))
				return false
			}
			if t.Is(d, parser.KIdentifier) && t.TextIs(d, name) {
				ok = false
			}
			return true
		})
	}
	for s := t.Nodes[let].Next; s >= 0 && ok; s = t.Nodes[s].Next {
		check(s)
	}
	return ok
}

// stilSomeOfTag reports whether d is an `if let Some(..) = tag { .. }` without `else`.
func stilSomeOfTag(t *parser.Tree, d parser.NodeID, tag string) bool {
	if !t.Is(d, parser.KIfExpression) || t.Field(d, parser.FAlternative) >= 0 {
		return false
	}
	c := t.Field(d, parser.FCondition)
	if !t.Is(c, parser.KLetCondition) || !t.TextIs(t.Unparen(t.Field(c, parser.FValue)), tag) {
		return false
	}
	_, some := TupleVariant(t, t.Field(c, parser.FPattern), "Some")
	return some
}

// stilLogsOnTag reports whether d is an `if` without `else` whose condition is the tag
// (`if timed_out`, `if !timed_out`) and whose body only logs (stilLogStmt).
func stilLogsOnTag(t *parser.Tree, d parser.NodeID, tag string) bool {
	if !t.Is(d, parser.KIfExpression) || t.Field(d, parser.FAlternative) >= 0 {
		return false
	}
	cond := t.Unparen(t.Field(d, parser.FCondition))
	if t.Is(cond, parser.KUnaryExpression) {
		cond = t.Unparen(t.NamedChild(cond, 0))
	}
	if !t.Is(cond, parser.KIdentifier) || !t.TextIs(cond, tag) {
		return false
	}
	logs := false
	for _, st := range t.NamedChildren(t.Field(d, parser.FConsequence)) {
		if t.IsComment(st) {
			continue
		}
		e := st
		if t.Is(e, parser.KExpressionStatement) {
			e = t.NamedChild(e, 0)
		}
		if !stilLogStmt(t, e) {
			return false
		}
		logs = true
	}
	return logs
}

// stilArmedDebounce reports whether timer branch b is armed by a flag that its handler
// clears: `_ = sleep(d), if self.update_state => { self.update_state = false; .. }`. The
// precondition is a place (a variable or a field); the handler assigns it `false` on its way.
func stilArmedDebounce(t *parser.Tree, b parser.NodeID) bool {
	cond := t.Unparen(t.Field(b, parser.FCondition))
	if !t.Is(cond, parser.KIdentifier) && !t.Is(cond, parser.KFieldExpression) {
		return false
	}
	flag := compactText(t, cond)
	cleared := false
	t.Walk(t.Field(b, parser.FHandler), func(d parser.NodeID) bool {
		if cleared {
			return false
		}
		if t.Is(d, parser.KAssignmentExpression) && t.TextIs(t.Field(d, parser.FRight), "false") &&
			compactText(t, t.Field(d, parser.FLeft)) == flag {
			cleared = true
		}
		return !cleared
	})
	return cleared
}

// stilConstantTag reports whether a select handler is a constant value that names what
// happened: `Reason::Poll`, `Tick`, `None`, `false`, `()`.
func stilConstantTag(t *parser.Tree, h parser.NodeID) bool {
	h = t.Unparen(h)
	if t.Is(h, parser.KBlock) {
		kids := t.NamedChildren(h)
		if len(kids) != 1 {
			return false
		}
		h = t.Unparen(kids[0])
	}
	switch t.Kind(h) {
	case parser.KScopedIdentifier:
		name := t.Text(t.Field(h, parser.FName))
		return name != "" && name[0] >= 'A' && name[0] <= 'Z'
	case parser.KIdentifier:
		name := t.Text(h)
		return name != "" && name[0] >= 'A' && name[0] <= 'Z'
	}
	return stilLiteralValue(t, h)
}

// stilHandlerResetsOnly reports whether a timer's handler only assigns literal values to
// variables or fields (and maybe logs and continues): `(allow_create, allow_drop) = (false,
// false)`, `self.backoff = 0`: a reset of state after a quiet period.
func stilHandlerResetsOnly(t *parser.Tree, h, loop parser.NodeID) bool {
	sets := 0
	only := stilHandlerOnly(t, h, loop, func(c parser.NodeID) bool {
		switch {
		case stilLogStmt(t, c):
			return true
		case t.Is(c, parser.KAssignmentExpression) && !stilDoesWork(t, t.Field(c, parser.FLeft)) &&
			stilLiteralValue(t, t.Field(c, parser.FRight)):
			sets++
			return true
		}
		return false
	})
	return only && sets > 0
}

// stilHandlerCalls returns the calls a timer's handler makes, as normalized text, when the
// handler is nothing but calls (awaited or `?`-ed or not), log lines and `continue`.
func stilHandlerCalls(t *parser.Tree, h, loop parser.NodeID) ([]string, bool) {
	var calls []string
	only := stilHandlerOnly(t, h, loop, func(c parser.NodeID) bool {
		if stilLogStmt(t, c) {
			return true
		}
		if call, ok := stilBareCall(t, c); ok {
			calls = append(calls, call)
			return true
		}
		return false
	})
	return calls, only && len(calls) > 0
}

// stilBareCall returns the text of a statement that is one call (`self.tick()`,
// `self.flush().await?`), without the `.await` and `?`, whitespace removed.
func stilBareCall(t *parser.Tree, e parser.NodeID) (string, bool) {
	for i := 0; i < 4; i++ {
		e = t.Unparen(e)
		switch {
		case t.Is(e, parser.KTryExpression), t.Is(e, parser.KAwaitExpression):
			e = t.NamedChild(e, 0)
			continue
		case t.Is(e, parser.KCallExpression):
			return strings.Join(strings.Fields(t.Text(e)), ""), true
		}
		break
	}
	return "", false
}

// stilWorkElsewhere returns a note when every call the timer's handler makes is also a
// statement of the loop body of its own, outside the select! and outside any `if` or
// `match`: the work runs on the turns that other branches win too, so restarting the timer
// does not starve it (the timer only bounds how long the loop waits before running it).
// A call after the select! is skipped by branches that `continue`; the note names them.
func stilWorkElsewhere(t *parser.Tree, b, m, loop parser.NodeID, restarters []parser.NodeID) (string, bool) {
	calls, ok := stilHandlerCalls(t, t.Field(b, parser.FHandler), loop)
	if !ok {
		return "", false
	}
	body, stmt := stilLoopStmt(t, m, loop)
	if stmt < 0 {
		return "", false
	}
	where := map[string]string{} // call -> "before" or "after"
	side := "before"
	for s := t.N(body).FirstChild; s >= 0; s = t.N(s).Next {
		if s == stmt {
			side = "after"
			continue
		}
		if !t.IsNamed(s) || t.IsComment(s) {
			continue
		}
		e := s
		if t.Is(e, parser.KExpressionStatement) {
			e = t.NamedChild(e, 0)
		}
		if call, ok := stilBareCall(t, e); ok {
			if _, seen := where[call]; !seen || side == "before" {
				where[call] = side
			}
		}
	}
	after := false
	for _, c := range calls {
		switch where[c] {
		case "":
			return "", false
		case "after":
			after = true
		}
	}
	turns := "on every turn, before the `select!`"
	if after {
		turns = "after the `select!`, on every turn that gets past it"
	}
	note := fmt.Sprintf("the timer's handler only calls `%s`, and the loop body calls it too, %s: "+
		"the work does not wait for the timer, which only bounds how long the loop waits before running it again, so restarting the timer does not starve it", calls[0], turns)
	if after {
		var skip []string
		for _, o := range restarters {
			if stilAnyContinues(t, []parser.NodeID{o}, parser.None, loop) {
				skip = append(skip, "`"+strings.Join(strings.Fields(t.Text(stilBranchHead(t, o))), "")+"`")
			}
		}
		if len(skip) > 0 {
			note += fmt.Sprintf("; the branch on %s `continue`s past that call: if that branch alone keeps winning, the work still waits", strings.Join(skip, ", "))
		}
	}
	return note, true
}

// stilLoopStmt returns loop's body and the statement of that body that holds the select! m,
// or None when m is not in the body.
func stilLoopStmt(t *parser.Tree, m, loop parser.NodeID) (body, stmt parser.NodeID) {
	body = t.Field(loop, parser.FBody)
	stmt = m
	for stmt >= 0 && t.Parent(stmt) != body {
		stmt = t.Parent(stmt)
	}
	return body, stmt
}
