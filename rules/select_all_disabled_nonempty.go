package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// A `Some(..) = set.join_next()` branch is disabled only when the set is empty: a JoinSet's
// `join_next()` returns `None` only then, and so does `next()` of a FuturesUnordered. A loop
// that runs the select! only while the set is not empty (`while !set.is_empty()`, or
// `if set.is_empty() { break }` in its body) and takes nothing out of it before the select!
// keeps that branch enabled.

// sadEmptyOnlyNone reports whether call (a branch's future, stripped) returns `None` only
// when its receiver is empty, and returns the receiver's text.
func sadEmptyOnlyNone(t *parser.Tree, call parser.NodeID) (string, bool) {
	if !t.Is(call, parser.KCallExpression) || len(Args(t, call)) != 0 {
		return "", false
	}
	recv := sadUnref(t, Receiver(t, call))
	if !t.Is(recv, parser.KIdentifier) && !t.Is(recv, parser.KFieldExpression) {
		return "", false
	}
	switch MethodName(t, call) {
	case "join_next", "join_next_with_id": // tokio's JoinSet, tokio-util's JoinMap
		return compactText(t, recv), true
	case "next":
		if sadFuturesSet(t, recv) {
			return compactText(t, recv), true
		}
	}
	return "", false
}

// sadFuturesSet reports whether recv is a local bound to a new FuturesUnordered or
// FuturesOrdered (by its constructor or its type annotation).
func sadFuturesSet(t *parser.Tree, recv parser.NodeID) bool {
	if !t.Is(recv, parser.KIdentifier) {
		return false
	}
	_, let := ResolveBinding(t, recv)
	if let < 0 {
		return false
	}
	is := func(n parser.NodeID) bool {
		if n < 0 {
			return false
		}
		s := compactText(t, n)
		for _, name := range []string{"FuturesUnordered", "FuturesOrdered"} {
			if head, _, _ := strings.Cut(s, "<"); strings.HasSuffix(s, name+"::new()") || LastSegment(head) == name {
				return true
			}
		}
		return false
	}
	return is(t.Field(let, parser.FType)) || is(t.Unparen(t.Field(let, parser.FValue)))
}

// sadLoopNonEmpty returns the collections (by their text) that are not empty whenever loop
// runs select! m: tested by the `while` condition (`!set.is_empty()`, `set.len() > 0`, as
// one operand of `&&`) or by an `if set.is_empty() { break }` (also one operand of `||`)
// among the statements of the loop body before m, with nothing after the test that can
// take an element out (only `spawn`-like, `push`, `insert`, `len()`, `is_empty()` ...).
func sadLoopNonEmpty(t *parser.Tree, loop, m parser.NodeID) map[string]bool {
	body := t.Field(loop, parser.FBody)
	if body < 0 || !t.IsAncestor(body, m) {
		return nil
	}
	tested := map[string]uint32{} // collection -> where the span that must not take from it starts
	if t.Is(loop, parser.KWhileExpression) {
		for _, c := range sadOperands(t, t.Field(loop, parser.FCondition), "&&") {
			if s, ok := sadEmptinessTest(t, c, false); ok {
				tested[s] = t.Nodes[body].Start
			}
		}
	}
	for _, st := range t.NamedChildren(body) {
		if t.Nodes[st].End > t.Nodes[m].Start {
			break
		}
		if t.Is(st, parser.KExpressionStatement) {
			st = t.NamedChild(st, 0)
		}
		if !t.Is(st, parser.KIfExpression) || t.Field(st, parser.FAlternative) >= 0 ||
			!HandlerDiverges(t, t.Field(st, parser.FConsequence), loop, false, 0) {
			continue
		}
		for _, c := range sadOperands(t, t.Field(st, parser.FCondition), "||") {
			if s, ok := sadEmptinessTest(t, c, true); ok {
				tested[s] = t.Nodes[st].End
			}
		}
	}
	out := map[string]bool{}
	for s, from := range tested {
		if !sadTakesFrom(t, body, s, from, t.Nodes[m].Start) {
			out[s] = true
		}
	}
	return out
}

// sadHoldsNonEmpty reports whether every `&&` operand of precondition c tests that a
// collection of nonEmpty is not empty: the loop makes sure of it.
func sadHoldsNonEmpty(t *parser.Tree, c parser.NodeID, nonEmpty map[string]bool) bool {
	if len(nonEmpty) == 0 {
		return false
	}
	for _, op := range sadOperands(t, c, "&&") {
		if s, ok := sadEmptinessTest(t, op, false); !ok || !nonEmpty[s] {
			return false
		}
	}
	return true
}

// sadOperands splits n at the binary operator op (`a && b && c`: a, b, c).
func sadOperands(t *parser.Tree, n parser.NodeID, op string) []parser.NodeID {
	n = t.Unparen(n)
	if t.Is(n, parser.KBinaryExpression) && t.TextIs(t.Field(n, parser.FOperator), op) {
		return append(sadOperands(t, t.Field(n, parser.FLeft), op), sadOperands(t, t.Field(n, parser.FRight), op)...)
	}
	if n < 0 {
		return nil
	}
	return []parser.NodeID{n}
}

// sadEmptinessTest recognises `x.is_empty()` and `x.len() == 0` (when empty is true) or
// `!x.is_empty()`, `x.len() > 0`, `x.len() != 0` (when false), and returns x's text.
func sadEmptinessTest(t *parser.Tree, c parser.NodeID, empty bool) (string, bool) {
	c = t.Unparen(c)
	lenOf := func(n parser.NodeID) (string, bool) {
		n = t.Unparen(n)
		if MethodName(t, n) == "len" && len(Args(t, n)) == 0 {
			return compactText(t, sadUnref(t, Receiver(t, n))), true
		}
		return "", false
	}
	isEmpty := func(n parser.NodeID) (string, bool) {
		n = t.Unparen(n)
		if MethodName(t, n) == "is_empty" && len(Args(t, n)) == 0 {
			return compactText(t, sadUnref(t, Receiver(t, n))), true
		}
		return "", false
	}
	if t.Is(c, parser.KUnaryExpression) && t.Src[t.Nodes[c].Start] == '!' {
		if s, ok := isEmpty(t.NamedChild(c, 0)); ok && !empty {
			return s, true
		}
		return "", false
	}
	if s, ok := isEmpty(c); ok && empty {
		return s, true
	}
	if !t.Is(c, parser.KBinaryExpression) {
		return "", false
	}
	op := t.Text(t.Field(c, parser.FOperator))
	l, r := t.Field(c, parser.FLeft), t.Field(c, parser.FRight)
	zero := func(n parser.NodeID) bool {
		return t.Is(t.Unparen(n), parser.KIntegerLiteral) && t.TextIs(t.Unparen(n), "0")
	}
	if s, ok := lenOf(l); ok && zero(r) {
		return s, (empty && op == "==") || (!empty && (op == ">" || op == "!="))
	}
	if s, ok := lenOf(r); ok && zero(l) {
		return s, (empty && op == "==") || (!empty && (op == "<" || op == "!="))
	}
	return "", false
}

// sadKeepsElements are the methods that never take an element out of a set of tasks or
// futures.
var sadKeepsElements = map[string]bool{
	"spawn": true, "spawn_on": true, "spawn_local": true, "spawn_local_on": true, "spawn_blocking": true,
	"spawn_blocking_on": true, "push": true, "push_back": true, "push_front": true, "insert": true,
	"len": true, "is_empty": true, "contains_key": true, "iter": true, "abort_all": true,
}

// sadTakesFrom reports whether set (a collection's text) is used in body between from and
// to other than by a method of sadKeepsElements: it may have been emptied after its test.
func sadTakesFrom(t *parser.Tree, body parser.NodeID, set string, from, to uint32) bool {
	takes := false
	WalkBody(t, body, func(d parser.NodeID) bool {
		nd := &t.Nodes[d]
		if takes || nd.End <= from || nd.Start >= to {
			return !takes && nd.Start < to
		}
		if nd.Start < from || (!t.Is(d, parser.KIdentifier) && !t.Is(d, parser.KFieldExpression)) || compactText(t, d) != set {
			return true
		}
		if par := t.Parent(d); t.Is(par, parser.KFieldExpression) && t.Field(par, parser.FValue) == d {
			if call := t.Parent(par); t.Is(call, parser.KCallExpression) && t.Field(call, parser.FFunction) == par &&
				sadKeepsElements[t.Text(t.Field(par, parser.FField))] {
				return false
			}
		}
		takes = true
		return false
	})
	return takes
}
