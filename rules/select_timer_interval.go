package rules

import (
	"fmt"

	"github.com/rustaudit/rustaudit/parser"
)

// An `Interval` made on every turn of the loop (issue 13, a fixed bug: rundler #611).
//
// `loop { let mut timer = interval(d); select! { _ = timer.tick() => .., b = rx.recv() => .. } }`:
// a new tokio `Interval`'s first tick completes at once, so the tick branch is ready as soon
// as the select polls it, on every turn. It paces nothing: the loop runs the timer's work
// (or races it against the other branches) as fast as it can go round. An `Interval` made
// before the loop, or one whose first tick the loop body awaits before the select
// (`timer.tick().await;`), is not this shape.

// stilFreshInterval returns the `interval(..)` call of a `let` in loop's body, before select
// m, that makes the `Interval` branch future fut ticks (`timer.tick()`), when nothing in
// the body awaits a tick of it before the select; None otherwise.
func stilFreshInterval(t *parser.Tree, fut, loop, m parser.NodeID) (call, let parser.NodeID) {
	root := StripFuture(t, false, fut)
	if !t.Is(root, parser.KCallExpression) || MethodName(t, root) != "tick" || len(Args(t, root)) != 0 {
		return parser.None, parser.None
	}
	recv := t.Unparen(Receiver(t, root))
	if !t.Is(recv, parser.KIdentifier) {
		return parser.None, parser.None
	}
	name := t.Text(recv)
	let = LetInLoop(t, name, loop, m)
	if let < 0 {
		return parser.None, parser.None
	}
	v := t.Unparen(t.Field(let, parser.FValue))
	if !t.Is(v, parser.KCallExpression) || !PathIs(CalleePath(t, v), "tokio::time::interval") {
		return parser.None, parser.None
	}
	// `timer.tick().await;` between the let and the select uses up the first tick: the next
	// one comes a period later, as a timer restarted on every turn would (not this check).
	consumed := false
	WalkBody(t, t.Field(loop, parser.FBody), func(d parser.NodeID) bool {
		if consumed || t.Nodes[d].Start >= t.Nodes[m].Start {
			return false
		}
		if t.Nodes[d].Start > t.Nodes[let].End && t.Is(d, parser.KAwaitExpression) {
			c := t.Unparen(t.NamedChild(d, 0))
			if t.Is(c, parser.KCallExpression) && MethodName(t, c) == "tick" && t.TextIs(t.Unparen(Receiver(t, c)), name) {
				consumed = true
			}
		}
		return !consumed
	})
	if consumed {
		return parser.None, parser.None
	}
	return v, let
}

// stilFreshIntervalDiagnostic reports branch b, whose `Interval` (made by call) is new on
// every turn of loop.
func stilFreshIntervalDiagnostic(t *parser.Tree, b, call, loop parser.NodeID) Diagnostic {
	fut := t.Field(b, parser.FFuture)
	return Diagnostic{
		Node: fut,
		Message: fmt.Sprintf("`%s` ticks an `Interval` made anew on every iteration of the loop: a new interval's first tick "+
			"completes at once, so this branch is ready immediately on every turn and the interval paces nothing", compactText(t, fut)),
		Help: "create the interval once before the loop (and `reset()` it after the work if the period should count from there), " +
			"or await its first tick before the loop; a timer restarted on purpose each turn is a `sleep` pinned before the `select!`",
		Related: []RelatedNode{
			{Node: call, Message: "the interval is made here, in the loop body"},
			{Node: LoopHead(t, loop), Message: "the " + LoopWord(t, loop) + " that makes it again on every iteration"},
		},
	}
}
