package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// Terminal states of a hand-written state machine (issue 12).
//
// `self.state = State::Disabled; break` ... `Poll::Pending`, where the same fn's `match` on
// `self.state` has an arm `State::Disabled => { self.state = State::Disabled; break }` that
// polls nothing: once there, the value stays pending for good (a substream handler that
// closed its stream, a task that gave up). A sub-poll that returned `Ready` on the way there
// used up its registration, but no wake-up could make the value ready again: waking would
// only run the terminal arm once more. So a path that enters such a state counts as settled
// (set UA, judged: an inbound stream handler that closes on the peer's end and disables
// itself). A path that never polled anything keeps its verdict: a terminal state entered
// before anything was polled is not a used-up registration.

// pwwEnteredTerminal: entering a terminal state settles a registration used up by `Ready`.
var pwwEnteredTerminal = flowMapOf(map[uint8]uint8{pwwUnreg: pwwUnreg, pwwConsumed: pwwReg, pwwReg: pwwReg, pwwFresh: pwwReg}).apply

// isTerminalEntry reports whether n is an assignment `PLACE = Path::Variant` (a unit
// variant, or one built from no call) whose variant is terminal in this body: a `match` on
// PLACE (directly, through `&mut`, or through `mem::replace(&mut PLACE, ..)` /
// `mem::take(&mut PLACE)`) has an arm for that variant alone that polls nothing, calls
// nothing but logging macros and only sets PLACE to the same variant, `break`s or yields
// `Poll::Pending`.
func (a *pwwFlow) isTerminalEntry(n parser.NodeID) bool {
	t := a.t
	if !t.Is(n, parser.KAssignmentExpression) {
		return false
	}
	place := compactText(t, t.Field(n, parser.FLeft))
	variant := pwwVariantPath(t, t.Field(n, parser.FRight))
	if place == "" || variant == "" {
		return false
	}
	found := false
	WalkBody(t, a.body, func(d parser.NodeID) bool {
		if found || !t.Is(d, parser.KMatchExpression) || pwwScrutineePlace(t, t.Field(d, parser.FValue)) != place {
			return !found
		}
		t.Children(t.Field(d, parser.FBody), func(arm parser.NodeID) bool {
			if t.Is(arm, parser.KMatchArm) && compactText(t, t.Field(arm, parser.FPattern)) == variant &&
				a.terminalArm(t.Field(arm, parser.FValue), place, variant) {
				found = true
			}
			return !found
		})
		return !found
	})
	return found
}

// terminalArm reports whether an arm's value does nothing that could end its state: no call
// (logging macros aside), no use of the Context, and only assignments of variant to place.
func (a *pwwFlow) terminalArm(v parser.NodeID, place, variant string) bool {
	t := a.t
	if v < 0 {
		return false
	}
	ok := true
	WalkBody(t, v, func(d parser.NodeID) bool {
		switch {
		case !ok:
		case t.Is(d, parser.KCallExpression):
			ok = false
		case t.Is(d, parser.KMacroInvocation):
			ok = pwwFormattingMacros[t.MacroName(d)]
			return false
		case t.Is(d, parser.KIdentifier) && a.name != "" && t.TextIs(d, a.name):
			ok = false
		case t.Is(d, parser.KAssignmentExpression):
			ok = compactText(t, t.Field(d, parser.FLeft)) == place && pwwVariantPath(t, t.Field(d, parser.FRight)) == variant
			return false
		case t.Is(d, parser.KReturnExpression):
			r := t.NamedChild(d, 0)
			ok = r >= 0 && IsPollPending(t, r)
			return false
		}
		return ok
	})
	return ok
}

// pwwVariantPath returns the text of an enum variant path (`State::Disabled`), "" when e is
// anything else (a call, a struct literal, a plain name).
func pwwVariantPath(t *parser.Tree, e parser.NodeID) string {
	e = t.Unparen(e)
	if !t.Is(e, parser.KScopedIdentifier) {
		return ""
	}
	return compactText(t, e)
}

// pwwScrutineePlace returns the place a `match` scrutinee reads: `self.state`, `&mut
// self.state`, `std::mem::replace(&mut self.state, ..)`, `mem::take(&mut self.state)`.
func pwwScrutineePlace(t *parser.Tree, e parser.NodeID) string {
	e = t.Unparen(e)
	if t.Is(e, parser.KCallExpression) {
		fn := compactText(t, t.Field(e, parser.FFunction))
		if !strings.HasSuffix(fn, "mem::replace") && !strings.HasSuffix(fn, "mem::take") && fn != "replace" && fn != "take" {
			return ""
		}
		args := Args(t, e)
		if len(args) == 0 {
			return ""
		}
		e = t.Unparen(args[0])
	}
	for t.Is(e, parser.KReferenceExpression) {
		e = t.Unparen(t.Field(e, parser.FValue))
	}
	return compactText(t, e)
}
