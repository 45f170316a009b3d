package rules

import (
	"fmt"

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
