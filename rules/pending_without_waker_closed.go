package rules

import (
	"fmt"

	"github.com/rustaudit/rustaudit/knowledge"
	"github.com/rustaudit/rustaudit/parser"
)

// Pending forever in a final state (issue 12).
//
// `if sock.is_closed() { return Poll::Pending; }`: once a socket, channel or task is closed,
// terminated, shut down or finished, it stays so, and no wake-up could make it ready. Parking
// the caller there is a design choice (the consumer must not see an end, the owner tears it
// down), like the never-ready classes of neverReady: a note. Only a Pending whose innermost
// condition is such a test qualifies (`if x.is_closed()`, or `if !x.is_closed() { .. } else
// { Pending }`); a state that can change back (`is_empty()`, `is_full()`, `!is_ready()`)
// keeps the warning.

// pwwFinalStateTests are the methods whose `true` names a state that never ends.
var pwwFinalStateTests = map[string]bool{
	"is_closed": true, "is_terminated": true, "is_shutdown": true, "is_shut_down": true,
	"is_finished": true, "is_cancelled": true, "is_canceled": true,
}

// finalState returns the test (`sock.is_closed()`) when the innermost condition on a
// Pending's path needs a final state, or None.
func (a *pwwFlow) finalState(conds []pwwCond) parser.NodeID {
	t := a.t
	if len(conds) == 0 {
		return parser.None
	}
	c := t.Unparen(conds[0].node)
	want := conds[0].polarity
	if t.Is(c, parser.KUnaryExpression) && t.FirstChildOfKind(c, parser.TBang) >= 0 {
		c = t.Unparen(t.NamedChild(c, 0))
		want ^= pwwTrue | pwwFalse
	}
	if want != pwwTrue || !t.Is(c, parser.KCallExpression) || len(Args(t, c)) != 0 || !pwwFinalStateTests[MethodName(t, c)] {
		return parser.None
	}
	return c
}

// finalStateVerdict is the note for a Pending parked in a final state.
func (a *pwwFlow) finalStateVerdict(test parser.NodeID) pwwVerdict {
	m := MethodName(a.t, test)
	return pwwVerdict{
		level:   LevelNote,
		message: "it parks the task in a final state that never becomes ready",
		note: fmt.Sprintf("note, not warning: `%s()` names a state that does not end (closed, terminated, shut down, finished): "+
			"no wake-up could make this poll ready, so staying pending is the design; it hangs only a caller that expected the end to be reported", m),
		help:       "if the caller should learn of the end, return `Poll::Ready` with an error or `None` instead",
		related:    test,
		relatedMsg: "the final state is tested here",
	}
}

// Pending when a lock is poisoned (judged on real code: a std Mutex shared with a blocking
// task, `match self.0.lock() { Ok(state) => .., _ => Poll::Pending }`). A std `Mutex` or
// `RwLock` returns `Err` from `lock()`, `read()` or `write()` only once a thread panicked
// while holding it, and it stays poisoned: the Pending is a final state too, reached only
// after a panic elsewhere. A note; `try_lock()`, whose `Err` is also "held right now", keeps
// the warning.

// pwwPoisonMethods are the std lock methods whose `Err` means poisoned: the plain ones of
// knowledge.LockMethods that take a lock (`lock`, `read`, `write`; not `try_*`, tokio's
// `blocking_*`, owned guards, an upgradable read, a cell's borrow).
var pwwPoisonMethods = func() map[string]bool {
	m := map[string]bool{}
	for _, lm := range knowledge.LockMethods {
		plain := !lm.Try && !lm.Blocking && !lm.Owned && !lm.WatchOnly && lm.Like == ""
		if plain && (lm.Access == knowledge.AccessExclusive || lm.Access == knowledge.AccessShared) {
			m[lm.Name] = true
		}
	}
	return m
}()

// poisonedOnly returns the `x.lock()` call whose `Err` leads to Pending x (an `Err(..)` or
// `_` arm of a `match` that has an `Ok(..)` arm, the `else` of `if let Ok(..) = x.lock()`,
// or a `let Ok(..) = x.lock() else { .. }`), or None. Only the innermost branch around x
// counts.
func (a *pwwFlow) poisonedOnly(x parser.NodeID) parser.NodeID {
	t := a.t
	isLock := func(e parser.NodeID) bool {
		e = t.Unparen(e)
		return t.Is(e, parser.KCallExpression) && pwwPoisonMethods[MethodName(t, e)] && len(Args(t, e)) == 0 && !t.Is(t.Parent(e), parser.KAwaitExpression)
	}
	isOk := func(pat parser.NodeID) bool {
		_, ok := TupleVariant(t, pat, "Ok")
		return ok
	}
	for child, anc := x, t.Parent(x); anc >= 0 && !IsBodyBoundary(t, anc); child, anc = anc, t.Parent(anc) {
		switch t.Kind(anc) {
		case parser.KMatchArm:
			if child != t.Field(anc, parser.FValue) {
				continue
			}
			m := t.Parent(t.Parent(anc))
			if !t.Is(m, parser.KMatchExpression) || !isLock(t.Field(m, parser.FValue)) {
				return parser.None
			}
			pat := t.NamedChild(t.Field(anc, parser.FPattern), 0)
			if pat < 0 {
				pat = t.Field(anc, parser.FPattern) // `_`
			}
			if pat < 0 || isOk(pat) {
				return parser.None
			}
			hasOk := false
			for _, arm := range t.NamedChildren(t.Parent(anc)) {
				if p := t.NamedChild(t.Field(arm, parser.FPattern), 0); arm != anc && isOk(p) {
					hasOk = true
				}
			}
			if hasOk && (t.TextIs(pat, "_") || PatternHead(t, pat) == "Err" && t.Is(pat, parser.KTupleStructPattern)) {
				return t.Unparen(t.Field(m, parser.FValue))
			}
			return parser.None
		case parser.KElseClause:
			ifx := t.Parent(anc)
			if !t.Is(ifx, parser.KIfExpression) {
				return parser.None
			}
			c := t.Field(ifx, parser.FCondition)
			if t.Is(c, parser.KLetCondition) && isOk(t.Field(c, parser.FPattern)) && isLock(t.Field(c, parser.FValue)) {
				return t.Unparen(t.Field(c, parser.FValue))
			}
			return parser.None
		case parser.KLetDeclaration:
			if child == t.Field(anc, parser.FAlternative) && isOk(t.Field(anc, parser.FPattern)) && isLock(t.Field(anc, parser.FValue)) {
				return t.Unparen(t.Field(anc, parser.FValue))
			}
			return parser.None
		case parser.KIfExpression:
			if child != t.Field(anc, parser.FCondition) {
				return parser.None // in a branch of an inner `if`: its own condition decides
			}
		}
	}
	return parser.None
}

// poisonedVerdict is the note for a Pending reached only through a poisoned lock.
func (a *pwwFlow) poisonedVerdict(lock parser.NodeID) pwwVerdict {
	return pwwVerdict{
		level:   LevelNote,
		message: "it parks the task for good when the lock is poisoned",
		note: fmt.Sprintf("note, not warning: `.%s()` fails only when a thread panicked while holding the lock, and a poisoned lock stays poisoned: "+
			"no wake-up could make this poll ready. It hangs the caller after a panic elsewhere instead of reporting it", MethodName(a.t, lock)),
		help:       "return `Poll::Ready(Err(..))` (an `io::Error` that names the poisoned lock) or recover the guard with `err.into_inner()`",
		related:    lock,
		relatedMsg: "the lock is taken here",
	}
}
