package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// futures 0.1 (issue 13, capability 7).
//
// A futures 0.1 `Future::poll(&mut self) -> Poll<T, E>` has no Context: the task is implicit.
// `Ok(Async::NotReady)` is its Pending, and it must have arranged a notification first: an
// inner future, stream or I/O object polled on the way registers the current task (so, in
// 0.1, almost any call may), and `task::current()` (stored, then `notify()`d) or
// `futures::task::park()` does it by hand. The rule runs the same path analysis with those
// calls as the registrations: any call it cannot tell to be a plain accessor or constructor
// counts as one, which keeps it quiet wherever something might have registered.

// pwwLegacyPoll reports whether fn is the `poll` of a futures 0.1 `Future` or `Stream` impl:
// no Context parameter, and a return type `Poll<..>` or `Result<Async<..>, ..>`.
func pwwLegacyPoll(t *parser.Tree, fn parser.NodeID) bool {
	if !t.TextIs(t.Field(fn, parser.FName), "poll") || !pwwInTraitImpl(t, fn) {
		return false
	}
	switch pwwImplTrait(t, fn) {
	case "Future", "Stream":
	default:
		return false
	}
	rt := t.Field(fn, parser.FReturnType)
	return rt >= 0 && (ReturnsPoll(t, fn) || strings.Contains(t.Text(rt), "Async<"))
}

// pwwIsLegacyPending reports whether x is futures 0.1's `Ok(Async::NotReady)` (or a bare
// `Async::NotReady`, `NotReady` imported from `Async`).
func pwwIsLegacyPending(t *parser.Tree, x parser.NodeID) bool {
	x = t.Unparen(x)
	if t.Is(x, parser.KCallExpression) && CalleePath(t, x) == "Ok" {
		if args := Args(t, x); len(args) == 1 {
			x = t.Unparen(args[0])
		}
	}
	switch t.Kind(x) {
	case parser.KScopedIdentifier:
		return t.TextIs(t.Field(x, parser.FName), "NotReady") && strings.HasSuffix(t.Imports.Resolve(t.Text(x)), "Async::NotReady")
	case parser.KIdentifier:
		if !t.TextIs(x, "NotReady") {
			return false
		}
		if full, ok := t.Imports.Names["NotReady"]; ok {
			return strings.HasSuffix(full, "Async::NotReady")
		}
		for _, g := range t.Imports.Globs {
			if g = strings.TrimSuffix(g, "::"); g == "Async" || strings.HasSuffix(g, "::Async") {
				return true
			}
		}
	}
	return false
}

// pwwLegacyPure are methods that do not register the current task in futures 0.1: the
// owned readers, and the container, conversion and std lock calls a poll uses around its
// real work.
var pwwLegacyPure = map[string]bool{
	"push": true, "push_back": true, "push_front": true, "insert": true, "extend": true,
	"clear": true, "truncate": true, "map": true, "map_err": true, "and_then": true,
	"ok_or": true, "ok_or_else": true, "unwrap_or_else": true, "to_string": true,
	"to_owned": true, "into": true, "get": true, "lock": true, "borrow": true,
	"borrow_mut": true, "elapsed": true, "duration_since": true, "saturating_duration_since": true,
	"checked_duration_since": true, "split_off": true, "drain": true, "retain": true,
	"sort": true, "swap_remove": true, "fetch_add": true, "fetch_sub": true, "store": true,
	"load": true,
}

// legacyRegisters reports whether n (a call or macro) may register the current task in
// futures 0.1: `task::current()`, `park()`, `notify()`, `try_ready!`, a poll of anything,
// or any call that is not a known accessor or constructor.
func (a *pwwFlow) legacyRegisters(n parser.NodeID) bool {
	t := a.t
	switch t.Kind(n) {
	case parser.KMacroInvocation:
		switch t.MacroName(n) {
		case "try_ready", "try_nb", "ready":
			return true
		}
	case parser.KCallExpression:
		if m := MethodName(t, n); m != "" {
			return !pwwOwnedReaders[m] && !pwwLegacyPure[m]
		}
		seg := LastSegment(CalleePath(t, n))
		switch {
		case seg == "":
			return true
		case seg == "now", seg == "Ok", seg == "Err", seg == "Some":
			return false
		case seg[0] >= 'A' && seg[0] <= 'Z':
			return false // a tuple struct or variant: `Async::Ready(v)`
		}
		return true
	}
	return false
}

// legacyRegistersAnywhere reports whether the body makes any call that may register.
func (a *pwwFlow) legacyRegistersAnywhere(body parser.NodeID) bool {
	found := false
	WalkBody(a.t, body, func(d parser.NodeID) bool {
		if !found && a.legacyRegisters(d) {
			found = true
		}
		return !found
	})
	return found
}

// pwwLegacyVerdict words a verdict for futures 0.1, where the registration is
// `task::current()`, not the Context's waker.
func pwwLegacyVerdict(v pwwVerdict) pwwVerdict {
	v.note = strings.ReplaceAll(v.note, "`Pending`", "`NotReady`")
	switch {
	case strings.Contains(v.help, "wake_by_ref"):
		v.help = "to yield, call `futures::task::current().notify()` right before returning `NotReady`"
	case strings.Contains(v.help, "poll a timer"):
		v.help = "poll a timer (`tokio_timer::Delay`) so that it notifies the task at the deadline"
	default:
		v.help = "arrange a notification before returning `NotReady`: store `futures::task::current()` where the event source " +
			"calls `notify()` on it, or poll an inner future, stream or I/O object (that registers the current task)"
	}
	return v
}
