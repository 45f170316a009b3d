package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// poll_after_ready, poll functions: the path states (parFlow) the shared flow walker
// (flow.go) carries through one body for one tracked poll.

// parFlow is what the rule adds to the path analysis (flowWalker) of one body for one
// tracked poll.
type parFlow struct {
	t         *parser.Tree
	cx        string
	poll      parser.NodeID
	place     string
	wholeSelf bool // writes to the whole `self` state record completion
	vars      map[string]bool
	exits     map[parser.NodeID]bool
	exitState map[parser.NodeID]uint8
	readyExit []parser.NodeID // `ready!(other)` reached on a live path (a Pending exit)
	repolled  bool
	stream    bool // tracking a stream's end (see parPoll.stream)
	// itemExit: the function is a `poll_next`, whose `Ready(Some(..))` return makes its caller
	// poll it again, so such a return on a live path reaches the finished future next time.
	itemExit bool
}

// liveExit returns the first exit that returns (or may return) `Pending` on a path where
// the tracked future finished unrecorded and something else was polled since, or None.
func (a *parFlow) liveExit() parser.NodeID {
	t := a.t
	best := parser.None
	consider := func(x parser.NodeID) {
		if best < 0 || t.N(x).Start < t.N(best).Start {
			best = x
		}
	}
	for x, s := range a.exitState {
		if s&parLive2 == 0 || x == a.poll || t.IsAncestor(x, a.poll) {
			continue
		}
		if pwwIsPending(t, x) || a.otherPoll(x) {
			consider(x)
		}
	}
	if a.stream || a.itemExit {
		// After the inner stream ended (or the inner future finished), an item of the outer
		// stream means another call.
		for x, s := range a.exitState {
			if s&parLiveAny != 0 && parIsReadySome(t, x) {
				consider(x)
			}
		}
	}
	for _, x := range a.readyExit {
		consider(x)
	}
	return best
}

// otherPoll reports whether an exit value is a poll of something else (which may be
// Pending): `self.b.poll(cx)`, `self.poll_inner(cx).map(..)`.
func (a *parFlow) otherPoll(x parser.NodeID) bool {
	t := a.t
	for x >= 0 {
		x = t.Unparen(x)
		if !t.Is(x, parser.KCallExpression) {
			return false
		}
		name := MethodName(t, x)
		switch name {
		case "map", "map_ok", "map_err", "map_into", "into":
			x = Receiver(t, x)
			continue
		case "":
			name = LastSegment(CalleePath(t, x))
		}
		return strings.HasPrefix(name, "poll") && flowMentions(t, t.Field(x, parser.FArguments), a.cx)
	}
	return false
}

// Transfer functions of the states.
var (
	// parRecord: the completion was recorded, live paths become clean ones.
	parRecord = flowMapOf(map[uint8]uint8{parClean: parClean, parCleanCx: parCleanCx, parLive: parClean, parLive2: parCleanCx}).apply
	// parUseContext: something else was polled (or the Context used) on every path.
	parUseContext = flowMapOf(map[uint8]uint8{parClean: parCleanCx, parCleanCx: parCleanCx, parLive: parLive2, parLive2: parLive2}).apply
	// parAfterReady: the states after the tracked poll returned Ready.
	parAfterReady = flowMapOf(map[uint8]uint8{parClean: parLive, parCleanCx: parLive2, parLive: parLive, parLive2: parLive2}).apply
)

func (a *parFlow) useContext(s uint8) uint8 { return parUseContext(s) }

// visit: the tracked poll splits the paths into those where it returned Ready and those
// where it did not; `ready!(poll)` goes on only with the Ready outcome, and `ready!(other)`
// on a live path is a way to return Pending.
func (a *parFlow) visit(w *flowWalker, n parser.NodeID, s uint8) (uint8, bool) {
	t := a.t
	if n == a.poll {
		if s&parLiveAny != 0 {
			a.repolled = true
		}
		if a.stream {
			return parRecord(s), true // ended only where a pattern says `None`
		}
		return parAfterReady(s) | parRecord(s), true
	}
	if !t.Is(n, parser.KMacroInvocation) {
		return 0, false
	}
	if name := t.MacroName(n); name != "ready" && name != "try_ready" {
		return 0, false
	}
	var arg parser.NodeID = parser.None
	if body := t.MacroBody(n); body >= 0 {
		arg = t.NamedChild(body, 0)
	}
	if arg >= 0 && parIsResult(t, arg, a.poll, a.vars) {
		if a.stream {
			return w.expr(arg, s), true
		}
		return parAfterReady(w.expr(arg, s)), true // only the Ready outcome goes on
	}
	s = w.expr(arg, s)
	if arg < 0 && flowMentions(t, n, a.cx) {
		s = parUseContext(s)
	}
	if s&parLive2 != 0 {
		a.readyExit = append(a.readyExit, n)
	}
	return s, true
}

// leave records the completion where n writes the place, and the states of the exits.
func (a *parFlow) leave(n parser.NodeID, s uint8) uint8 {
	if parWritesPlace(a.t, n, a.place, a.wholeSelf) {
		s = parRecord(s)
	}
	if a.exits[n] {
		a.exitState[n] |= s
	}
	return s
}

// condition: `r.is_ready()` / `r.is_pending()` on the poll's result.
func (a *parFlow) condition(w *flowWalker, n parser.NodeID, s uint8) (uint8, uint8, bool) {
	t := a.t
	if !t.Is(n, parser.KCallExpression) {
		return 0, 0, false
	}
	if m := MethodName(t, n); (m == "is_ready" || m == "is_pending") && parIsResult(t, Receiver(t, n), a.poll, a.vars) {
		sv := w.expr(n, s)
		if m == "is_ready" {
			return sv, parRecord(sv), true
		}
		return parRecord(sv), sv, true
	}
	return 0, 0, false
}

// bind: a `let` of the poll's result names it (`let r = fut.poll(cx);`), and a pattern
// that matches only `Ready` (or only `Pending`) splits the paths.
func (a *parFlow) bind(n, pat, v parser.NodeID, s uint8) (uint8, uint8) {
	t := a.t
	if a.stream {
		return a.streamBind(pat, v, s)
	}
	if v < 0 || !parIsResult(t, v, a.poll, a.vars) {
		return s, s
	}
	if t.Is(n, parser.KLetDeclaration) {
		if t.Is(pat, parser.KIdentifier) {
			a.vars[t.Text(pat)] = true
		} else if t.Is(pat, parser.KMutPattern) {
			if m := t.FirstChildOfKind(pat, parser.KIdentifier); m >= 0 {
				a.vars[t.Text(m)] = true
			}
		}
	}
	switch parPatternClass(t, pat) {
	case parReadyOnly:
		return s, parRecord(s)
	case parPendingOnly:
		return parRecord(s), s
	}
	return s, s
}

// arms: an arm that matches only `Pending` at the poll result's place in the scrutinee
// starts with the completion recorded.
func (a *parFlow) arms(_, v parser.NodeID) func(parser.NodeID, uint8) uint8 {
	if a.stream {
		return a.streamArms(v)
	}
	pos := parPosition(a.t, v, a.poll, a.vars)
	if pos == -2 {
		return nil
	}
	return func(arm parser.NodeID, s uint8) uint8 {
		if parArmClass(a.t, arm, pos) == parPendingOnly {
			return parRecord(s)
		}
		return s
	}
}

// Methods that replace or reset what their receiver holds.
var parWriters = map[string]bool{
	"set": true, "take": true, "replace": true, "insert": true, "get_or_insert": true,
	"get_or_insert_with": true, "reset": true, "swap": true, "clear": true,
	"project_replace": true,
}

// parWritesPlace reports whether n (one node, not its children) replaces or resets the
// place name: `x.name = ..`, `name = ..`, `x.name.set(..)`, `x.name.as_mut().set(..)`,
// `x.name.take()`, `mem::replace(&mut x.name, ..)`, `Pin::set(&mut x.name, ..)`, or a call
// of a method of this file on self (`this.reset()`) whose body does one of those. With
// wholeSelf, replacing the whole future (`*self = ..`, `self.set(..)`,
// `self.project_replace(..)`) counts too.
func parWritesPlace(t *parser.Tree, n parser.NodeID, name string, wholeSelf bool) bool {
	if parWritesPlaceHere(t, n, name, wholeSelf) {
		return true
	}
	// `this.reset()`: a method of this file, called on self, that writes the place itself.
	if !t.Is(n, parser.KCallExpression) || name == "" {
		return false
	}
	m := MethodName(t, n)
	if m == "" {
		return false
	}
	switch r := parStripPin(t, Receiver(t, n)); t.Kind(r) {
	case parser.KSelf:
	case parser.KIdentifier: // `let this = &mut *self;` (or `self.project()`)
		_, let := ltResolve(t, r)
		if let < 0 {
			return false
		}
		if v := t.Field(let, parser.FValue); v < 0 || !TextMentions(t, v, "self") {
			return false
		}
	default:
		return false
	}
	body := FileFnBody(t, m, true)
	if body < 0 {
		return false
	}
	found := false
	t.Walk(body, func(d parser.NodeID) bool {
		if !found && parWritesPlaceHere(t, d, name, false) {
			found = true
		}
		return !found
	})
	return found
}

// parWritesPlaceHere is parWritesPlace without following methods.
func parWritesPlaceHere(t *parser.Tree, n parser.NodeID, name string, wholeSelf bool) bool {
	isSelf := func(e parser.NodeID) bool {
		e = parStripPin(t, e)
		return t.Is(e, parser.KSelf)
	}
	switch t.Kind(n) {
	case parser.KAssignmentExpression, parser.KCompoundAssignment:
		l := t.Field(n, parser.FLeft)
		return parPlaceName(t, l) == name || wholeSelf && isSelf(l)
	case parser.KCallExpression:
		if m := MethodName(t, n); parWriters[m] {
			r := Receiver(t, n)
			return parPlaceName(t, r) == name || wholeSelf && (m == "set" || m == "project_replace") && isSelf(r)
		}
		path := CalleePath(t, n)
		if PathIs(path, "std::mem::replace", "std::mem::take", "std::mem::swap", "core::mem::replace",
			"core::mem::take", "core::mem::swap") || LastSegment(path) == "set" && strings.Contains(path, "Pin") {
			if args := Args(t, n); len(args) > 0 {
				return parPlaceName(t, args[0]) == name || wholeSelf && isSelf(args[0])
			}
		}
	}
	return false
}

// parPlaceName names the place an expression denotes (the last field, or a variable),
// through `*`, `&mut`, `.as_mut()`, `Pin::new(..)`.
func parPlaceName(t *parser.Tree, e parser.NodeID) string {
	e = parStripPin(t, e)
	switch t.Kind(e) {
	case parser.KFieldExpression:
		return t.Text(t.Field(e, parser.FField))
	case parser.KIdentifier:
		return t.Text(e)
	}
	return ""
}
