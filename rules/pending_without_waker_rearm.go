package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// Timers re-armed after they fired (issue 12).
//
// tokio's `Sleep` registers the task's waker whenever it is polled, also when it returns
// `Ready` (TimerEntry::poll_elapsed stores the waker before it reads the state), and
// `Sleep::reset(deadline)` puts the timer back in the wheel with that waker: when the new
// deadline passes, the task is woken. `Interval::reset()` (and `reset_at`, `reset_after`,
// `reset_immediately`) resets its inner `Sleep` the same way. So a `Pending` returned after
// `self.sleep.as_mut().poll(cx)` returned `Ready` and `self.sleep.as_mut().reset(d)` ran
// has a wake-up coming; without the reset (an interval's own `poll_tick` re-arms without
// registering) it has none.

// pwwRearmed: the timer that was polled is armed again with the waker it stored, so a path
// whose registration a sub-poll used up (or whose sub-poll outcome is unknown) is
// registered. A path where nothing registered stays so: that timer was not polled on it.
var pwwRearmed = flowMapOf(map[uint8]uint8{pwwUnreg: pwwUnreg, pwwConsumed: pwwReg, pwwReg: pwwReg, pwwFresh: pwwReg}).apply

// pwwTimerResets are tokio's methods that re-arm a Sleep or an Interval, by arity.
var pwwTimerResets = map[string]int{"reset": -1, "reset_at": 1, "reset_after": 1, "reset_immediately": 0}

// isTimerRearm reports whether call n re-arms a tokio `Sleep` or `Interval` (known by its
// type) that this body polls with the Context before n.
func (a *pwwFlow) isTimerRearm(n parser.NodeID) bool {
	t := a.t
	if a.pass == nil || a.name == "" || !t.Is(n, parser.KCallExpression) {
		return false
	}
	arity, ok := pwwTimerResets[MethodName(t, n)]
	if !ok || arity >= 0 && len(Args(t, n)) != arity {
		return false
	}
	recv := StripPollPin(t, Receiver(t, n))
	if recv < 0 || !pwwTokioTimer(a.pass.TypeOf(recv)) {
		return false
	}
	text := compactText(t, recv)
	polled := false
	WalkBody(t, a.body, func(d parser.NodeID) bool {
		if polled || t.N(d).Start >= t.N(n).Start {
			return false
		}
		if a.isSubPoll(d) && compactText(t, StripPollPin(t, Receiver(t, d))) == text {
			polled = true
		}
		return !polled
	})
	return polled
}

// pwwTokioTimer reports whether ty is tokio's `Sleep` or `Interval`, also behind `Pin`,
// `Box` (references are transparent to TypeOf).
func pwwTokioTimer(ty Type) bool {
	for i := 0; i < 4 && ty.Known(); i++ {
		switch ty.Name() {
		case "Pin", "Box":
			ty = ty.Arg(0)
			continue
		}
		break
	}
	if !ty.Known() || !strings.HasPrefix(ty.Path, "tokio::") {
		return false
	}
	return ty.Name() == "Sleep" || ty.Name() == "Interval"
}
