package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// Branches that poll an optional source through a helper of the file:
//
//	let mut metrics = if cfg.metrics { Some(Metrics::new()) } else { None };
//	loop {
//	    tokio::select! {
//	        Some(ev) = next_event(&mut metrics) => ..,
//	        ..
//	    }
//	}
//	async fn next_event(m: &mut Option<Metrics>) -> Option<Event> {
//	    match m { Some(m) => Some(m.tick().await), None => None }
//	}
//
// The helper's `None` comes only from its `None` arm, so the branch is disabled exactly while
// the local is `None`; a local the loop never writes is what it was when the loop started.
// When every branch is disabled that way, the select! panics on its first turn (all were
// `None` when the loop started) or never: a start-up precondition, not a state the loop
// drifts into. The helper's `Some` arm is judged as a branch future is (`rx.recv().await`
// ends with its channel), and a `None` arm that waits forever (`pending().await`) never
// disables the branch.

// sadOptionalHelper returns the reason the `Some(..) = helper(&mut local)` branch is disabled
// when helper is a fn of this file that matches on its one `Option` parameter (see above);
// ok is false when the call is not such a helper. A branch the helper never disables gives
// never true.
func sadOptionalHelper(t *parser.Tree, pat, core, loop parser.NodeID, nonEmpty map[string]bool) (why sadBranch, never, ok bool) {
	if PatternHead(t, pat) != "Some" || MethodName(t, core) != "" {
		return sadBranch{}, false, false
	}
	path := CalleePath(t, core)
	if path == "" || strings.Contains(path, "::") {
		return sadBranch{}, false, false
	}
	args := Args(t, core)
	body := FileFnBody(t, path, false)
	if len(args) != 1 || body < 0 || !IsAsyncFn(t, t.Parent(body)) {
		return sadBranch{}, false, false
	}
	param := sadOnlyParam(t, t.Parent(body))
	local := sadOptionalArg(t, args[0])
	if param == "" || local < 0 {
		return sadBranch{}, false, false
	}
	someArm, noneArm := sadMatchOnOption(t, body, param)
	if someArm < 0 || noneArm < 0 || sadWrittenIn(t, body, param) {
		return sadBranch{}, false, false
	}
	// What the `Some` arm gives: `Some(..)` never disables; else it is judged like a
	// branch future whose `None` would disable the branch.
	var some sadBranch
	someNever := false
	switch v := t.Unparen(someArm); {
	case t.Is(v, parser.KCallExpression) && CalleePath(t, v) == "Some":
		someNever = true
	default:
		// `rx.recv().await.map(Event::Job)`: `map` keeps the awaited call's `None`
		for t.Is(v, parser.KCallExpression) && MethodName(t, v) == "map" && len(Args(t, v)) == 1 {
			v = t.Unparen(Receiver(t, v))
		}
		if !t.Is(v, parser.KAwaitExpression) {
			return sadBranch{}, false, false
		}
		inner := StripFuture(t, true, t.NamedChild(v, 0))
		w, can := sadHeadReason(t, pat, inner, loop, nonEmpty)
		if !can {
			someNever = true
		} else if !w.ends {
			return sadBranch{}, false, false // not understood: keep the plain reason
		}
		some = w
	}
	noneNever := false
	switch v := t.Unparen(noneArm); {
	case t.Is(v, parser.KIdentifier) && t.TextIs(v, "None"):
	case t.Is(v, parser.KAwaitExpression) && t.Is(t.Unparen(t.NamedChild(v, 0)), parser.KCallExpression) && parPendingForever(t, t.Unparen(t.NamedChild(v, 0))):
		noneNever = true
	default:
		return sadBranch{}, false, false
	}
	name := t.Text(local)
	switch {
	case someNever && noneNever:
		return sadBranch{}, true, true
	case noneNever:
		some.reason += " (through `" + path + "`)"
		return some, false, true
	}
	fixed := loop >= 0 && !sadWrittenIn(t, loop, name)
	why = sadBranch{at: pat, reason: "disabled while `" + name + "` is `None` (`" + path + "` returns `None` only then)"}
	if fixed {
		why.reason += ", a value set before the loop that the loop never changes"
		why.fixed = true
	}
	if !someNever {
		why.reason += ", or " + strings.TrimPrefix(some.reason, "disabled ")
		why.fixed = false
		why.ends = fixed // an end, or a precondition fixed at the start
	}
	return why, false, true
}

// sadOnlyParam is the name of fn's one parameter when it is a plain name, else "".
func sadOnlyParam(t *parser.Tree, fn parser.NodeID) string {
	var names []string
	for _, c := range t.NamedChildren(t.Field(fn, parser.FParameters)) {
		switch {
		case t.Is(c, parser.KSelfParameter):
			return ""
		case t.Is(c, parser.KParameter):
			p := stripMutPattern(t, t.Field(c, parser.FPattern))
			if !t.Is(p, parser.KIdentifier) {
				return ""
			}
			names = append(names, t.Text(p))
		}
	}
	if len(names) != 1 {
		return ""
	}
	return names[0]
}

// sadOptionalArg returns the local an argument hands over: `&mut x`, `&x`, `x.as_mut()`,
// `x.as_ref()` or `x` for a name x bound by a `let` or a parameter of the enclosing fn; else
// None.
func sadOptionalArg(t *parser.Tree, arg parser.NodeID) parser.NodeID {
	a := t.Unparen(arg)
	if t.Is(a, parser.KReferenceExpression) {
		a = t.Unparen(t.Field(a, parser.FValue))
	}
	if t.Is(a, parser.KCallExpression) && len(Args(t, a)) == 0 {
		if m := MethodName(t, a); m == "as_mut" || m == "as_ref" {
			a = t.Unparen(Receiver(t, a))
		}
	}
	if !t.Is(a, parser.KIdentifier) {
		return parser.None
	}
	if decl, _ := ResolveBinding(t, a); decl < 0 {
		return parser.None
	}
	return a
}

// sadMatchOnOption returns the values of the `Some(..)` and `None` arms when the tail of body
// is a `match` on param (`param`, `*param`, `param.as_mut()`, `&mut *param`) with just those two
// arms, or `if let Some(..) = param { .. } else { .. }`.
func sadMatchOnOption(t *parser.Tree, body parser.NodeID, param string) (some, none parser.NodeID) {
	tail := t.Unparen(selTail(t, body))
	onParam := func(v parser.NodeID) bool {
		v = t.Unparen(v)
		for i := 0; i < 3; i++ {
			switch {
			case t.Is(v, parser.KReferenceExpression):
				v = t.Unparen(t.Field(v, parser.FValue))
			case t.Is(v, parser.KUnaryExpression):
				v = t.Unparen(t.NamedChild(v, 0))
			case t.Is(v, parser.KCallExpression) && len(Args(t, v)) == 0 && (MethodName(t, v) == "as_mut" || MethodName(t, v) == "as_ref"):
				v = t.Unparen(Receiver(t, v))
			}
		}
		return t.Is(v, parser.KIdentifier) && t.TextIs(v, param)
	}
	armValue := func(v parser.NodeID) parser.NodeID {
		if t.Is(v, parser.KBlock) {
			if n := len(t.NamedChildren(v)); n != 1 {
				return parser.None
			}
			return t.Unparen(selTail(t, v))
		}
		return v
	}
	some, none = parser.None, parser.None
	switch {
	case t.Is(tail, parser.KMatchExpression):
		if !onParam(t.Field(tail, parser.FValue)) {
			return parser.None, parser.None
		}
		var arms []parser.NodeID
		for _, a := range t.NamedChildren(t.Field(tail, parser.FBody)) {
			if t.Is(a, parser.KMatchArm) {
				arms = append(arms, a)
			}
		}
		if len(arms) != 2 {
			return parser.None, parser.None
		}
		for _, a := range arms {
			pat := sadArmPattern(t, a)
			switch PatternHead(t, pat) {
			case "Some":
				some = armValue(t.Field(a, parser.FValue))
			case "None":
				none = armValue(t.Field(a, parser.FValue))
			}
		}
	case t.Is(tail, parser.KIfExpression):
		cond := t.Field(tail, parser.FCondition)
		alt := t.Field(tail, parser.FAlternative)
		if !t.Is(cond, parser.KLetCondition) || PatternHead(t, t.Field(cond, parser.FPattern)) != "Some" || !onParam(t.Field(cond, parser.FValue)) || alt < 0 {
			return parser.None, parser.None
		}
		some = armValue(t.Field(tail, parser.FConsequence))
		none = armValue(t.NamedChild(alt, 0))
	}
	return some, none
}

// sadWrittenIn reports whether n may change the `Option` local name: an assignment to it (or
// through it), or a method that replaces its value (`take`, `replace`, `insert`,
// `get_or_insert*`, `set`).
func sadWrittenIn(t *parser.Tree, n parser.NodeID, name string) bool {
	return t.Find(n, func(d parser.NodeID) (bool, bool) {
		if !t.Is(d, parser.KIdentifier) || !t.TextIs(d, name) {
			return false, true
		}
		x, par := ParenParent(t, d)
		if t.Is(par, parser.KUnaryExpression) {
			x, par = ParenParent(t, par)
		}
		switch {
		case t.Is(par, parser.KAssignmentExpression), t.Is(par, parser.KCompoundAssignment):
			return t.Field(par, parser.FLeft) == x, true
		case t.Is(par, parser.KFieldExpression) && t.Field(par, parser.FValue) == x:
			switch m := MethodName(t, t.Parent(par)); {
			case m == "take", m == "replace", m == "insert", m == "set", strings.HasPrefix(m, "get_or_insert"):
				return true, true
			}
		}
		return false, true
	}) >= 0
}
