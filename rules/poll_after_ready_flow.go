package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// poll_after_ready, poll functions: the path states (parFlow) the shared path analysis
// (flowPlan, flow.go) carries through one body for one tracked poll.

// parFlow is what the rule adds to the path analysis (flowPlan) of one body for one
// tracked poll.
type parFlow struct {
	t         *parser.Tree
	cx        string
	poll      parser.NodeID
	place     string
	alias     string // a local naming the place (parPoll.alias)
	wholeSelf bool   // writes to the whole `self` state record completion
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
		if IsPollPending(t, x) || a.otherPoll(x) {
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

// run solves the analysis of body for the tracked poll and reads what the finding needs:
// whether the poll is reached again after it returned Ready unrecorded, the states of the
// exits, and the `ready!(other)` reached on a live path.
func (a *parFlow) run(body parser.NodeID) {
	t := a.t
	f := newFlowPlan(t, body, a.cx)
	g := f.g
	var exits, readies []parser.NodeID
	f.walk(body, func(n parser.NodeID) bool {
		descend := a.decide(f, n, &readies)
		if parWritesPlace(t, n, a.place, a.wholeSelf) || a.alias != "" && parWritesPlace(t, n, a.alias, false) {
			f.then(g.Leave(n), parRecord)
		}
		if a.exits[n] {
			exits = append(exits, n)
		}
		return descend
	})
	f.solve(parClean)
	if f.state(g.Enter(a.poll))&parLiveAny != 0 {
		a.repolled = true
	}
	for _, x := range exits {
		a.exitState[x] |= f.after(g.Leave(x))
	}
	for _, m := range readies {
		if f.after(g.Leave(m))&parLive2 != 0 {
			a.readyExit = append(a.readyExit, m)
		}
	}
}

// decide says what n does to the paths: the tracked poll splits them into those where it
// returned Ready and those where it did not; `ready!(poll)` goes on only with the Ready
// outcome, and `ready!(other)` (collected in readies) on a live path is a way to return
// Pending; `r.is_ready()`, `let` patterns and match arms on the poll's result tell the
// outcomes apart; a use of the Context is a poll of something else.
func (a *parFlow) decide(f *flowPlan, n parser.NodeID, readies *[]parser.NodeID) bool {
	t, g := a.t, f.g
	leave := g.Leave(n)
	if n == a.poll {
		if a.stream {
			f.then(leave, parRecord) // ended only where a pattern says `None`
		} else {
			f.then(leave, func(s uint8) uint8 { return parAfterReady(s) | parRecord(s) })
		}
		return false
	}
	switch t.Kind(n) {
	case parser.KMacroInvocation:
		if name := t.MacroName(n); name == "ready" || name == "try_ready" {
			var arg parser.NodeID = parser.None
			if body := t.MacroBody(n); body >= 0 {
				arg = t.NamedChild(body, 0)
				for _, c := range t.NamedChildren(body) {
					if c != arg {
						f.skip(c)
					}
				}
			}
			if arg >= 0 && parIsResult(t, arg, a.poll, a.vars) {
				if !a.stream {
					f.then(leave, parAfterReady) // only the Ready outcome goes on
				}
				return true
			}
			if arg < 0 && flowMentions(t, n, a.cx) {
				f.then(leave, parUseContext)
			}
			*readies = append(*readies, n)
			return true
		}
	case parser.KCallExpression:
		// `r.is_ready()` / `r.is_pending()` on the poll's result
		if m := MethodName(t, n); (m == "is_ready" || m == "is_pending") && parIsResult(t, Receiver(t, n), a.poll, a.vars) {
			if m == "is_ready" {
				f.then(g.Outcome(n, false), parRecord)
			} else {
				f.then(g.Outcome(n, true), parRecord)
			}
		}
	case parser.KLetDeclaration, parser.KLetCondition:
		v := t.Field(n, parser.FValue)
		if t.Is(n, parser.KLetDeclaration) {
			a.name(t.Field(n, parser.FPattern), v)
		}
		var yes, no flowMap
		for i := range yes {
			yes[i], no[i] = a.bind(t.Field(n, parser.FPattern), v, 1<<i)
		}
		f.then(g.Outcome(n, true), yes.apply)
		f.then(g.Outcome(n, false), no.apply)
	case parser.KMatchExpression:
		entry := a.arms(t.Field(n, parser.FValue))
		if mb := t.Field(n, parser.FBody); mb >= 0 {
			for _, arm := range t.NamedChildren(mb) {
				if !t.Is(arm, parser.KMatchArm) {
					continue
				}
				if entry != nil {
					f.then(g.Enter(arm), flowTabulate(func(s uint8) uint8 { return entry(arm, s) }).apply)
				}
				// a false guard drops its paths here rather than going on to the later arms
				f.then(g.FallThrough(arm), flowNone)
			}
		}
	}
	if f.usesContext(n) {
		f.then(leave, parUseContext)
	}
	return true
}

// name records a `let` that names the poll's result (`let r = fut.poll(cx);`).
func (a *parFlow) name(pat, v parser.NodeID) {
	t := a.t
	if a.stream || v < 0 || !parIsResult(t, v, a.poll, a.vars) {
		return
	}
	if t.Is(pat, parser.KIdentifier) {
		a.vars[t.Text(pat)] = true
	} else if t.Is(pat, parser.KMutPattern) {
		if m := t.FirstChildOfKind(pat, parser.KIdentifier); m >= 0 {
			a.vars[t.Text(m)] = true
		}
	}
}

// bind: a pattern that matches only `Ready` (or only `Pending`) of the poll's result splits
// the paths into those where it matches and those where it does not.
func (a *parFlow) bind(pat, v parser.NodeID, s uint8) (uint8, uint8) {
	t := a.t
	if a.stream {
		return a.streamBind(pat, v, s)
	}
	if v < 0 || !parIsResult(t, v, a.poll, a.vars) {
		return s, s
	}
	switch PollPatternClass(t, pat) {
	case PollReadyOnly:
		return s, parRecord(s)
	case PollPendingOnly:
		return parRecord(s), s
	}
	return s, s
}

// arms: an arm that matches only `Pending` at the poll result's place in the scrutinee
// starts with the completion recorded.
func (a *parFlow) arms(v parser.NodeID) func(parser.NodeID, uint8) uint8 {
	if a.stream {
		return a.streamArms(v)
	}
	pos := parPosition(a.t, v, a.poll, a.vars)
	if pos == -2 {
		return nil
	}
	return func(arm parser.NodeID, s uint8) uint8 {
		if parArmClass(a.t, arm, pos) == PollPendingOnly {
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
	switch r := StripPollPin(t, Receiver(t, n)); t.Kind(r) {
	case parser.KSelf:
	case parser.KIdentifier: // `let this = &mut *self;` (or `self.project()`)
		_, let := ResolveBinding(t, r)
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
		e = StripPollPin(t, e)
		return t.Is(e, parser.KSelf)
	}
	switch t.Kind(n) {
	case parser.KAssignmentExpression, parser.KCompoundAssignment:
		l := t.Unparen(t.Field(n, parser.FLeft))
		if t.Is(l, parser.KTupleExpression) {
			// `(fut, outbox, inbox) = make_sync();`: a destructuring assignment
			for _, e := range t.NamedChildren(l) {
				if parPlaceName(t, e) == name {
					return true
				}
			}
			return false
		}
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
	e = StripPollPin(t, e)
	switch t.Kind(e) {
	case parser.KFieldExpression:
		return t.Text(t.Field(e, parser.FField))
	case parser.KIdentifier:
		return t.Text(e)
	}
	return ""
}
