package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// poll_after_ready, poll functions: the guards that keep a poll from running again, and
// which arms and patterns of a `match` on a poll's result see `Ready`.

// parInnermostLoop returns the innermost loop around n inside body, or None.
func parInnermostLoop(t *parser.Tree, n, body parser.NodeID) parser.NodeID {
	found := parser.None
	t.Ancestors(n, func(a parser.NodeID) bool {
		if a == body || IsBodyBoundary(t, a) {
			return false
		}
		if IsLoop(t, a) {
			found = a
			return false
		}
		return true
	})
	return found
}

// parPollish reports whether n contains a poll of something (a call whose name starts
// with `poll`) or a `ready!`: a condition on such a value is about readiness, not about
// state that records completion.
func parPollish(t *parser.Tree, n parser.NodeID) bool {
	found := false
	WalkBody(t, n, func(d parser.NodeID) bool {
		if found {
			return false
		}
		switch t.Kind(d) {
		case parser.KCallExpression:
			name := MethodName(t, d)
			if name == "" {
				name = LastSegment(CalleePath(t, d))
			}
			if strings.HasPrefix(name, "poll") {
				found = true
			}
		case parser.KMacroInvocation:
			if m := t.MacroName(d); m == "ready" || m == "try_ready" {
				found = true
			}
		}
		return true
	})
	return found
}

// parGuarded reports whether the poll is reached only under some condition between it and
// stop (a body or loop body): an enclosing if / match arm / while / for body / `let ..
// else` or `&&` operand, or an earlier statement that may leave early. Conditions that are
// themselves polls do not count. At function level (join form), `for` and `while` bodies
// count as guarded; within a loop body only the conditions inside it do. The binding of
// the poll's alias (an `Option` field's `Some(x)`, parPoll.aliasAt) is not a guard: that
// `Option` records the end only where it is emptied, which the path analysis sees.
func parGuarded(t *parser.Tree, poll, stop parser.NodeID, fnLevel bool, alias parser.NodeID) bool {
	child := poll
	for anc := t.Parent(poll); anc >= 0 && child != stop; anc = t.Parent(anc) {
		switch t.Kind(anc) {
		case parser.KIfExpression:
			if c := t.Field(anc, parser.FCondition); c >= 0 && c != child && c != alias && !parPollish(t, c) {
				return true
			}
		case parser.KMatchArm:
			if child == t.Field(anc, parser.FValue) && anc != alias {
				if m := t.Parent(t.Parent(anc)); t.Is(m, parser.KMatchExpression) && !parPollish(t, t.Field(m, parser.FValue)) {
					return true
				}
			}
		case parser.KWhileExpression:
			if fnLevel && child == t.Field(anc, parser.FBody) && t.Field(anc, parser.FCondition) != alias {
				return true
			}
		case parser.KForExpression:
			if fnLevel && child == t.Field(anc, parser.FBody) {
				return true
			}
		case parser.KLetDeclaration:
			if child == t.Field(anc, parser.FAlternative) {
				return true
			}
		case parser.KLetChain:
			// `if self.out.is_none() && let Poll::Ready(v) = fut.poll(cx)`
			for c := t.N(anc).FirstChild; c >= 0 && c != child; c = t.N(c).Next {
				if t.IsNamed(c) && !parPollish(t, c) {
					return true
				}
			}
		case parser.KBinaryExpression:
			if child == t.Field(anc, parser.FRight) {
				op := t.Field(anc, parser.FOperator)
				if (t.Is(op, parser.TAndAnd) || t.Is(op, parser.TOrOr)) && !parPollish(t, t.Field(anc, parser.FLeft)) {
					return true
				}
			}
		case parser.KBlock, parser.KMacroBody:
			for c := t.N(anc).FirstChild; c >= 0 && c != child; c = t.N(c).Next {
				if t.IsNamed(c) && parEarlyExit(t, c) {
					return true
				}
			}
		}
		if IsBodyBoundary(t, anc) {
			break
		}
		child = anc
	}
	return false
}

// parEarlyExit reports whether statement st may leave early under a condition that is not
// a poll: `if self.done { return .. }`, `let Some(x) = .. else { return .. }`, a match
// with a returning arm.
func parEarlyExit(t *parser.Tree, st parser.NodeID) bool {
	if t.Is(st, parser.KExpressionStatement) {
		st = t.NamedChild(st, 0)
	}
	var cond, rest parser.NodeID = parser.None, parser.None
	switch t.Kind(st) {
	case parser.KIfExpression:
		cond, rest = t.Field(st, parser.FCondition), st
	case parser.KMatchExpression:
		cond, rest = t.Field(st, parser.FValue), t.Field(st, parser.FBody)
	case parser.KLetDeclaration:
		if alt := t.Field(st, parser.FAlternative); alt >= 0 {
			cond, rest = t.Field(st, parser.FValue), alt
		}
	case parser.KWhileExpression:
		cond, rest = t.Field(st, parser.FCondition), t.Field(st, parser.FBody)
	}
	if cond < 0 || rest < 0 || parPollish(t, cond) {
		return false
	}
	exits := false
	WalkBody(t, rest, func(d parser.NodeID) bool {
		if exits || d == cond {
			return false
		}
		switch t.Kind(d) {
		case parser.KReturnExpression:
			exits = true
		case parser.KBreakExpression, parser.KContinueExpression:
			if target := flowBreakTarget(t, d); target < 0 || !t.IsAncestor(st, target) && target != st {
				exits = true
			}
		}
		return true
	})
	return exits
}

// parReadyNode finds where the poll's `Ready` is handled, for a related location: the
// first match arm that can match `Ready`, the consequence of `if let Ready(..) = ..`, the
// `ready!` that passes it on, or the `let` that stores the result.
func parReadyNode(t *parser.Tree, poll parser.NodeID, vars map[string]bool) parser.NodeID {
	child := poll
	for anc := t.Parent(poll); anc >= 0 && !IsBodyBoundary(t, anc); anc = t.Parent(anc) {
		switch t.Kind(anc) {
		case parser.KMatchExpression:
			if t.Field(anc, parser.FValue) == child {
				if mb := t.Field(anc, parser.FBody); mb >= 0 {
					for _, arm := range t.NamedChildren(mb) {
						if t.Is(arm, parser.KMatchArm) && parArmClass(t, arm, parPosition(t, child, poll, vars)) != PollPendingOnly {
							return arm
						}
					}
				}
			}
			return parser.None
		case parser.KLetCondition:
			if t.Field(anc, parser.FValue) == child {
				for x := t.Parent(anc); x >= 0; x = t.Parent(x) {
					if t.Is(x, parser.KIfExpression) || t.Is(x, parser.KWhileExpression) {
						if t.Is(x, parser.KIfExpression) {
							return t.Field(x, parser.FConsequence)
						}
						return t.Field(x, parser.FBody)
					}
				}
			}
			return parser.None
		case parser.KMacroInvocation:
			if m := t.MacroName(anc); m == "ready" || m == "try_ready" {
				return anc
			}
		case parser.KLetDeclaration:
			return anc
		case parser.KExpressionStatement, parser.KBlock:
			return parser.None
		}
		child = anc
	}
	return parser.None
}

// parPosition returns where the poll result sits in a scrutinee: -1 for the whole value,
// i for element i of a tuple, -2 when it is not there.
func parPosition(t *parser.Tree, scrut, poll parser.NodeID, vars map[string]bool) int {
	scrut = t.Unparen(scrut)
	if parIsResult(t, scrut, poll, vars) {
		return -1
	}
	if t.Is(scrut, parser.KTupleExpression) {
		for i, c := range t.NamedChildren(scrut) {
			if parIsResult(t, c, poll, vars) {
				return i
			}
		}
	}
	return -2
}

// parIsResult reports whether e is the poll's result: the call itself, a variable bound
// to it, or those through `.map(..)`-like adapters and `?`.
func parIsResult(t *parser.Tree, e, poll parser.NodeID, vars map[string]bool) bool {
	for e >= 0 {
		e = t.Unparen(e)
		if e == poll {
			return true
		}
		switch t.Kind(e) {
		case parser.KIdentifier:
			return vars[t.Text(e)]
		case parser.KTryExpression:
			e = t.NamedChild(e, 0)
			continue
		case parser.KCallExpression:
			switch MethodName(t, e) {
			case "map", "map_ok", "map_err", "map_into", "ok", "err", "into":
				e = Receiver(t, e)
				continue
			}
		}
		return false
	}
	return false
}

// parArmClass classifies a match arm's pattern at the poll result's position.
func parArmClass(t *parser.Tree, arm parser.NodeID, pos int) int {
	pat := t.Field(arm, parser.FPattern)
	if t.Is(pat, parser.KMatchPattern) {
		var inner parser.NodeID = parser.None
		for _, c := range t.NamedChildren(pat) {
			if t.Field(pat, parser.FCondition) == c {
				continue
			}
			inner = c
			break
		}
		pat = inner
	}
	if pos >= 0 {
		if !t.Is(pat, parser.KTuplePattern) {
			return PollAnyArm
		}
		kids := t.NamedChildren(pat)
		if pos >= len(kids) {
			return PollAnyArm
		}
		pat = kids[pos]
	}
	return PollPatternClass(t, pat)
}
