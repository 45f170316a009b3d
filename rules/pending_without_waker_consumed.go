package rules

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// Wake-ups consumed and dropped (issue 13, capability 9).
//
// A poll registers the task's waker only when it returns `Pending`; one that returns `Ready`
// leaves nothing behind. A `poll` that checks a sub-poll once (`if
// self.interval.poll_tick(cx).is_ready() { .. }`, `if let Poll::Ready(Some(m)) =
// self.rx.poll_recv(cx)`, a `match` on `poll_next`) and then returns `Pending` on the path
// where it returned `Ready` has used up that source's registration: nothing wakes the task,
// although the source may be ready again long before something else happens to. The fix is
// a loop that polls until `Pending`, or `cx.waker().wake_by_ref()`.
//
// Two more path states join pwwUnreg and pwwReg:
//   - pwwFresh: the last thing done with the Context was one sub-poll whose outcome has not
//     been looked at yet. It counts as registered everywhere (the sub-poll may have returned
//     Pending) until a condition, `let` pattern or match arm on that sub-poll's result says it
//     returned `Ready`.
//   - pwwConsumed: every registration on the path came from sub-polls that returned `Ready`.
// A Pending reached with pwwConsumed is reported, whatever other paths reach it: the paths
// are told apart by the sub-poll's own outcome, so the consumed one is real whenever the
// source becomes ready.

const (
	pwwFresh    uint8 = 4 // a sub-poll just ran; its outcome is not known yet (counts as registered)
	pwwConsumed uint8 = 8 // the only registrations on the path were used up by `Ready` outcomes
)

var (
	// pwwSubPolled: a sub-poll ran. A path that had registered before stays registered;
	// one that had not is registered only if this poll returns Pending.
	pwwSubPolled = flowMapOf(map[uint8]uint8{pwwUnreg: pwwFresh, pwwConsumed: pwwFresh, pwwReg: pwwReg, pwwFresh: pwwReg}).apply
	// pwwReadyOutcome: the sub-poll returned Ready, so it registered nothing.
	pwwReadyOutcome = flowMapOf(map[uint8]uint8{pwwUnreg: pwwUnreg, pwwConsumed: pwwConsumed, pwwReg: pwwReg, pwwFresh: pwwConsumed}).apply
	// pwwClosedOutcome: what `ready!` let through was `None`, a closed source: no wake-up
	// could help there, and the rule leaves that side alone (as the no-match side of
	// `if let Poll::Ready(Some(_))`).
	pwwClosedOutcome = flowMapOf(map[uint8]uint8{pwwUnreg: pwwUnreg, pwwConsumed: pwwReg, pwwReg: pwwReg, pwwFresh: pwwReg}).apply
	// pwwPendingOutcome: it returned Pending (or something the rule does not tell apart).
	pwwPendingOutcome = flowMapOf(map[uint8]uint8{pwwUnreg: pwwUnreg, pwwConsumed: pwwConsumed, pwwReg: pwwReg, pwwFresh: pwwReg}).apply
)

// readySubPoll reports whether v is `ready!(sub.poll_x(cx))` of a sub-poll.
func (a *pwwFlow) readySubPoll(v parser.NodeID) bool {
	t := a.t
	v = t.Unparen(v)
	if m := t.MacroName(v); !t.Is(v, parser.KMacroInvocation) || m != "ready" && m != "try_ready" {
		return false
	}
	body := t.MacroBody(v)
	return body >= 0 && a.isSubPoll(t.Unparen(t.NamedChild(body, 0)))
}

// isSubPoll reports whether call n polls another source with the Context: a method whose
// name starts with `poll` (`poll_tick`, `poll_recv`, `poll_next`, `poll`, `poll_unpin`),
// given the Context itself, on something other than `self` (a helper of the same value may
// register on the paths where it returns `Ready`).
func (a *pwwFlow) isSubPoll(n parser.NodeID) bool {
	t := a.t
	if a.name == "" || !t.Is(n, parser.KCallExpression) {
		return false
	}
	if !strings.HasPrefix(MethodName(t, n), "poll") || !pwwPassesContext(t, n, a.name) {
		return false
	}
	r := StripPollPin(t, Receiver(t, n))
	if r < 0 || t.Is(r, parser.KSelf) {
		return false
	}
	if t.Is(r, parser.KIdentifier) {
		// A future made in this call (`let peek = pin!(s.peek())`) holds no registration of
		// its own that outlives the call: its `Ready` uses up nothing the source keeps.
		if let := pwwLetBinding(t, r, t.Text(r)); let >= 0 && t.IsAncestor(a.body, let) {
			return false
		}
		// A future that a `for` of this call takes out of a collection (`for (id, mut fut)
		// in mem::take(&mut self.pending)`, `.drain(..)`, a local Vec) completes when its
		// poll returns `Ready`: nothing polls it again for a wake-up it would need, and the
		// futures that returned `Pending` registered theirs. Not a `for` over `iter_mut()`
		// or an `if let` on `self.x.as_mut()`, whose futures stay where they are.
		if m := MethodName(t, n); m == "poll" || m == "poll_unpin" {
			if decl, let := ResolveBinding(t, r); decl >= 0 && let < 0 && t.IsAncestor(a.body, decl) && pwwTakenOut(t, decl) {
				return false
			}
		}
	}
	return true
}

// outcomes splits the paths on the outcome of a sub-poll where the code tells them apart:
//   - after `ready!(sub.poll_x(cx))`, which returns the `Pending` itself;
//   - a condition `sub.poll_x(cx).is_ready()` / `.is_pending()`;
//   - `if let Poll::Ready(..) = sub.poll_x(cx)` (and `while let`, `let .. else`). A
//     `Ready(Some(_))` pattern that does not match may still be `Ready(None)`: a closed
//     source, which the rule leaves alone (the no-match side counts as registered);
//   - each arm of a `match` on a sub-poll gets the outcome its pattern matches: a `Ready` arm
//     the consumed state, a `Pending` arm the registered one, an or-pattern of both
//     (`Poll::Pending | Poll::Ready(None)`) both, anything else (`_`, a binding) the
//     registered one.
//
// It also drops the terminated side of a fused source whose completion ends the function
// (see fusedEndsFunction). Each point where a `Ready` outcome is taken goes to readies.
func (a *pwwFlow) outcomes(f *flowPlan, n parser.NodeID, readies *[]pwwReadySite) {
	t, g := a.t, f.g
	ready := func(p cfg.Point, poll parser.NodeID) {
		if p >= 0 {
			*readies = append(*readies, pwwReadySite{p, poll})
			f.then(p, pwwReadyOutcome)
		}
	}
	switch t.Kind(n) {
	case parser.KMacroInvocation:
		// `ready!(sub.poll_x(cx))`: its `Pending` returns at once (registered), and what
		// comes after it is the `Ready` outcome.
		if a.readySubPoll(n) {
			ready(g.Leave(n), t.Unparen(t.NamedChild(t.MacroBody(n), 0)))
		}
	case parser.KBinaryExpression:
		if a.fusedEndsFunction(n) >= 0 {
			// `!x.is_terminated() && ..`: the path where x is terminated ends
			f.then(g.Outcome(t.Unparen(t.NamedChild(t.Unparen(t.Field(n, parser.FLeft)), 0)), true), flowNone)
		}
	case parser.KCallExpression:
		m := MethodName(t, n)
		if m != "is_ready" && m != "is_pending" || len(Args(t, n)) != 0 || g.Outcome(n, true) < 0 {
			return
		}
		poll := t.Unparen(Receiver(t, n))
		if !a.isSubPoll(poll) {
			return
		}
		yes, no := g.Outcome(n, true), g.Outcome(n, false)
		if m == "is_pending" {
			yes, no = no, yes
		}
		ready(yes, poll)
		f.then(no, pwwPendingOutcome)
	case parser.KLetCondition, parser.KLetDeclaration:
		v := t.Field(n, parser.FValue)
		if a.readySubPoll(v) {
			// `let Some(x) = ready!(..) else { .. }`, `if let Some(x) = ready!(..)`: the
			// no-match side is the closed source's `None`.
			if strings.HasPrefix(compactText(t, t.Field(n, parser.FPattern)), "Some") {
				f.then(g.Outcome(n, false), pwwClosedOutcome)
			}
			return
		}
		poll := t.Unparen(v)
		if v < 0 || g.Outcome(n, true) < 0 || !a.isSubPoll(poll) {
			return
		}
		yes, no := g.Outcome(n, true), g.Outcome(n, false)
		switch PollPatternClass(t, t.Field(n, parser.FPattern)) {
		case PollReadyOnly:
		case PollPendingOnly:
			yes, no = no, yes
		default:
			return
		}
		ready(yes, poll)
		f.then(no, pwwPendingOutcome)
	case parser.KMatchExpression:
		poll := t.Unparen(t.Field(n, parser.FValue))
		mb := t.Field(n, parser.FBody)
		if mb >= 0 && a.readySubPoll(poll) {
			// `match ready!(..) { Some(x) => .., None => .. }`: `None` is the closed source
			for _, arm := range t.NamedChildren(mb) {
				if t.Is(arm, parser.KMatchArm) && compactText(t, t.Field(arm, parser.FPattern)) == "None" {
					f.then(g.Enter(arm), pwwClosedOutcome)
				}
			}
			return
		}
		if mb < 0 || !a.isSubPoll(poll) {
			return
		}
		for _, arm := range t.NamedChildren(mb) {
			if !t.Is(arm, parser.KMatchArm) {
				continue
			}
			p := g.Enter(arm)
			if pat := t.Field(arm, parser.FPattern); t.Is(pat, parser.KMatchPattern) && t.Field(pat, parser.FCondition) >= 0 &&
				pwwClosedPattern(t, t.NamedChild(pat, 0)) != "" {
				// `Poll::Ready(None) if other_closed => ..`: when the guard fails, the closed
				// source's end goes on to the next arm; no wake-up could help it, and the
				// guard's own state (another source polled first) decides (buck2's priority
				// stream: the other source returned Pending and holds the waker).
				f.then(p, pwwClosedOutcome)
				continue
			}
			switch r, pending := pwwArmOutcomes(t, arm); {
			case r && pending:
				*readies = append(*readies, pwwReadySite{p, poll})
				f.then(p, func(s uint8) uint8 { return pwwReadyOutcome(s) | pwwPendingOutcome(s) })
			case r:
				ready(p, poll)
			case pending:
				f.then(p, pwwRegister) // only a Pending result gets here
			default:
				f.then(p, pwwPendingOutcome)
			}
		}
	}
}

// pwwArmOutcomes says whether an arm's pattern names a `Ready` outcome and a `Pending` one
// (an or-pattern may name both). A wildcard or binding names neither.
func pwwArmOutcomes(t *parser.Tree, arm parser.NodeID) (ready, pending bool) {
	pat := t.Field(arm, parser.FPattern)
	if t.Is(pat, parser.KMatchPattern) {
		for _, c := range t.NamedChildren(pat) {
			if t.Field(pat, parser.FCondition) != c {
				pat = c
				break
			}
		}
	}
	alts := []parser.NodeID{pat}
	if t.Is(pat, kOrPattern) {
		alts = t.NamedChildren(pat)
	}
	for _, p := range alts {
		switch PollPatternClass(t, p) {
		case PollReadyOnly:
			ready = true
		case PollPendingOnly:
			pending = true
		}
	}
	return ready, pending
}

// reportConsumed reports each Pending reached on a path whose only registrations were used
// up by sub-polls that returned `Ready`.
func (a *pwwFlow) reportConsumed(p *Pass, body, param parser.NodeID, pendings []parser.NodeID, what, fnName string, arity int, helper bool, trait string) {
	t := a.t
	for _, x := range pendings {
		if a.states[x]&pwwConsumed == 0 {
			continue
		}
		site := a.consumeSite(x)
		if site < 0 {
			continue
		}
		if pwwReservedSendFails(t, site, x) {
			// `poll_ready` returned `Ready(Ok)`: the send that follows has its slot, so the
			// `Pending` for its full error is never reached.
			continue
		}
		conds, _ := a.pathConds(body, x)
		if a.consumedCorrelated(conds) || a.pendingFlag(conds, x) || a.neverReady(body, conds) != "" {
			// The Ready path sets state that keeps it from the Pending, or the Pending
			// waits for state only the owner changes (a final state): waking would not help.
			continue
		}
		src := compactText(t, site)
		if len(src) > 60 {
			src = compactText(t, Receiver(t, site)) + "." + MethodName(t, site) + "(..)"
		}
		notes := []string{"a poll registers the task's waker only when it returns `Pending`: after `Ready` the source holds no waker, " +
			"so when it becomes ready again nothing wakes this task unless something else happens to"}
		if helper {
			notes = append(notes, pwwHelperNote)
		}
		d := Diagnostic{
			Node: x,
			Message: fmt.Sprintf("%s returns `Poll::Pending` after `%s` returned `Ready` on this path: that poll registered no wake-up, "+
				"and nothing else on the path does, so nothing will wake the task to poll it again", what, src),
			Help: "poll the source again until it returns `Pending` (`while x.poll_tick(cx).is_ready() { .. }`, or a `loop` around the `match`), " +
				"or call `cx.waker().wake_by_ref()` before returning `Pending` to be polled again at once",
			Related: []RelatedNode{{Node: site, Message: "this poll returned `Ready` here, which used up its registration"}},
			Notes:   notes,
			Level:   LevelWarning,
		}
		if arm, closed, own := pwwClosedArm(t, x, site); arm >= 0 {
			// `Poll::Pending | Poll::Ready(None) => Poll::Pending`: the source ended and stays
			// ended, so no wake-up could help; the value never ends instead.
			d.Message = fmt.Sprintf("%s turns the end of `%s` (`%s`) into `Poll::Pending` for good: the source stays closed, "+
				"so nothing will ever make this value ready, and whoever awaits it alone waits forever", what, src, closed)
			d.Help = "if the consumer should see the end, return `Poll::Ready(None)`; if never ending is the design, say so where it is consumed"
			d.Notes = []string{fmt.Sprintf("waking would not help: a closed source returns `%s` on every later poll", closed)}
			switch {
			case own:
				d.Level = LevelNote
				d.Notes = append(d.Notes, fmt.Sprintf("a note: the end of the source has a match arm of its own (line %d) that returns `Pending`: "+
					"never ending once the source is gone is a decision made for that case (a future raced against the real work, which then runs on freely), not a forgotten wake-up", t.N(arm).StartRow+1))
			case pwwSelfTypePublic(t, body) == 0:
				d.Level = LevelNote
				d.Notes = append(d.Notes, "a note: the type is private to the crate, so its consumer is this crate's own code, which relies on it never ending")
			case pwwSelfTypePublic(t, body) == 1:
				d.Notes = append(d.Notes, "a warning: the type is public, and its users may await it until it ends")
			}
			if helper {
				d.Notes = append(d.Notes, pwwHelperNote)
			}
		}
		settle := func(*Crate, *finding.Finding) bool { return true }
		if helper || trait != "" {
			settle = pwwSettle(fnName, arity, helper, trait, p.userLevel)
		}
		if m := MethodName(t, site); m != "" && t.Is(d.Related[0].Node, parser.KCallExpression) {
			// A method of the crate that hands the waker over before it looks at the
			// source keeps the task registered when it returns `Ready` too: by its name, or
			// by the receiver's type for a trait's poll method (`poll_next_unpin` is the
			// type's `Stream::poll_next`).
			next := settle
			ty := p.TypeOf(Receiver(t, site))
			path := p.Info.Path
			settle = func(c *Crate, f *finding.Finding) bool {
				return !pwwSiteRegistersFirst(c, m, ty, path) && next(c, f)
			}
		}
		p.ReportLater(d, pwwSettleBusy(settle, p.userLevel))
	}
}

// pwwRegistersFirstFact names the crate's fns that take a Context and hand its waker over
// on every path before anything else decides what they return (pwwRegistersFirst):
// `socket.register_recv_waker(cx.waker()); if socket.can_recv() { Ready } else { Pending }`.
// Their `Ready` uses up no registration. A method is named `Type::name`; a free fn or an
// inherent method also by its bare name, which a call whose receiver's type is unknown is
// matched by. A trait's method (`Stream::poll_next`) has no bare name: every stream of the
// crate has one, and only the receiver's type says whose is called.
var pwwRegistersFirstFact = NewFactKey[string]("pending_without_waker.registers_first")

func pwwRecordRegistersFirst(p *Pass, fn parser.NodeID, name string) {
	t := p.Tree
	impl := enclosingImpl(t, fn, implOfItem)
	if impl < 0 || t.Field(impl, parser.FTrait) < 0 {
		Record(p, pwwRegistersFirstFact, name)
	}
	if impl >= 0 {
		if ty := implTypeName(t, impl, implNamePath); ty != "" {
			Record(p, pwwRegistersFirstFact, ty+"::"+name)
		}
	}
}

// pwwUnpinPolls are the extension traits' methods that call a type's own poll method.
var pwwUnpinPolls = map[string]string{"poll_unpin": "poll", "poll_next_unpin": "poll_next"}

// pwwSiteRegistersFirst reports whether the sub-poll m, on a receiver of type ty (found in
// the file at path), calls a fn of the crate that registers first.
func pwwSiteRegistersFirst(c *Crate, m string, ty Type, path string) bool {
	facts := Facts(c, pwwRegistersFirstFact)
	if slices.Contains(facts, m) {
		return true
	}
	if own, ok := pwwUnpinPolls[m]; ok {
		m = own
	}
	ty = c.typeResolver(path).Inner(ty) // through `Pin<Box<..>>`
	return ty.Path != "" && slices.Contains(facts, LastSegment(ty.Path)+"::"+m)
}

// pwwRegistersFirst reports whether body (of a fn whose Context is name) hands the waker
// over before it can return: a call that takes `name.waker()` (or a clone of it, or a local
// bound to either; or the Context itself, handed to a method named for a waker:
// `self.waker.store_waker(cx)`), or an assignment of one, that runs on every path by which
// the fn returns (pwwOnEveryPath; a closure around it counts as called in place).
func pwwRegistersFirst(t *parser.Tree, body parser.NodeID, name string) bool {
	wakers := map[string]bool{}
	isWaker := func(e parser.NodeID) bool {
		e = t.Unparen(e)
		if t.Is(e, parser.KReferenceExpression) {
			e = t.Unparen(t.Field(e, parser.FValue))
		}
		if next, ok := StripOne(t, e, "clone", "to_owned"); ok {
			e = next
		}
		if t.Is(e, parser.KIdentifier) {
			return wakers[t.Text(e)]
		}
		return MethodName(t, e) == "waker" && t.TextIs(t.Unparen(Receiver(t, e)), name)
	}
	found := false
	t.Walk(body, func(d parser.NodeID) bool {
		if found {
			return false
		}
		switch {
		case t.Is(d, parser.KLetDeclaration):
			if pat := t.Field(d, parser.FPattern); t.Is(pat, parser.KIdentifier) && isWaker(t.Field(d, parser.FValue)) {
				wakers[t.Text(pat)] = true
			}
		case t.Is(d, parser.KCallExpression):
			m := MethodName(t, d)
			// `self.waker.store_waker(cx)`: a method named for storing a waker, handed the
			// Context itself (a sub-poll handed it registers only when it is Pending).
			givesCx := strings.Contains(strings.ToLower(m), "waker") && slices.ContainsFunc(Args(t, d), func(a parser.NodeID) bool {
				return t.TextIs(t.Unparen(a), name)
			})
			found = m != "waker" && (givesCx || slices.ContainsFunc(Args(t, d), isWaker)) && pwwOnEveryPath(t, d)
		case t.Is(d, parser.KAssignmentExpression):
			v := t.Unparen(t.Field(d, parser.FRight))
			if t.Is(v, parser.KCallExpression) && len(Args(t, v)) == 1 && t.TextIs(t.Field(v, parser.FFunction), "Some") {
				v = Args(t, v)[0]
			}
			found = isWaker(v) && pwwOnEveryPath(t, d)
		}
		return true
	})
	return found
}

// pwwOnEveryPath reports whether n runs on every path by which its fn returns (the control
// flow graph's OnEveryPath), through the closures around it in the fn: each runs n on every
// path of its own, and is itself on every path of the body around it.
func pwwOnEveryPath(t *parser.Tree, n parser.NodeID) bool {
	for {
		b := cfg.BodyOf(t, t.Parent(n))
		if b < 0 || !cfg.Of(t, b).OnEveryPath(n) {
			return false
		}
		if !t.Is(b, parser.KClosureExpression) {
			return t.Is(b, parser.KFunctionItem)
		}
		n = b
	}
}

// pwwReservedSendFails reports whether the Pending x answers a failed send that a
// `poll_ready` at site reserved room for: x is inside a `match`/`if let` on
// `s.try_send(..)` or `s.start_send(..)` of the same sender. A `Ready(Ok)` from
// `poll_ready` guarantees the next send a slot (futures' `mpsc::Sender`, the `Sink`
// contract), so its full error is not reached.
func pwwReservedSendFails(t *parser.Tree, site, x parser.NodeID) bool {
	if m := MethodName(t, site); m != "poll_ready" && m != "poll_ready_unpin" && m != "poll_reserve" {
		return false
	}
	sender := compactText(t, StripPollPin(t, Receiver(t, site)))
	for a := t.Parent(x); a >= 0 && !IsBodyBoundary(t, a); a = t.Parent(a) {
		if !t.Is(a, parser.KMatchExpression) && !t.Is(a, parser.KLetCondition) {
			continue
		}
		v := t.Unparen(t.Field(a, parser.FValue)) // the scrutinee
		if m := MethodName(t, v); (m == "try_send" || m == "start_send" || m == "start_send_unpin") &&
			compactText(t, StripPollPin(t, Receiver(t, v))) == sender {
			return true
		}
	}
	return false
}

// consumeSite names the sub-poll a consumed Pending is blamed on: the last one before it, or
// (reached around a loop) the last one.
func (a *pwwFlow) consumeSite(x parser.NodeID) parser.NodeID {
	t := a.t
	best := parser.None
	for _, c := range a.consumed {
		if t.N(c).Start < t.N(x).Start && (best < 0 || t.N(c).Start > t.N(best).Start) {
			best = c
		}
	}
	if best < 0 && len(a.consumed) > 0 {
		best = a.consumed[len(a.consumed)-1]
	}
	return best
}

// consumedCorrelated reports whether a condition on the Pending's path, outside the
// statement of a consuming sub-poll, reads state that statement writes or calls a method
// on: `if tick.is_ready() { self.expired = true }` then `if self.expired { return
// Ready(..) }`, or `Ready(p) => self.permits.merge(p)` then `if !self.permits.is_empty()`. The
// path where the poll returned `Ready` then does not reach the Pending, which the path
// analysis cannot see.
func (a *pwwFlow) consumedCorrelated(conds []pwwCond) bool {
	t := a.t
	for _, site := range a.consumed {
		region := pwwSubPollStatement(t, site)
		if region < 0 {
			continue
		}
		writes := map[string]bool{}
		t.Walk(region, func(d parser.NodeID) bool {
			if name, _ := pwwWrittenState(t, d); name != "" {
				writes[name] = true
			} else if t.Is(d, parser.KCallExpression) && d != site && MethodName(t, d) != "" {
				// `self.permit.merge(p)`: any method may change its receiver
				if name := pwwStateName(t, Receiver(t, d)); name != "" && name != "self" {
					writes[name] = true
				}
			}
			return !IsBodyBoundary(t, d) || d == region
		})
		if a.readyBindingExcludes(region, conds) {
			return true
		}
		if len(writes) == 0 {
			continue
		}
		for _, c := range conds {
			if t.IsAncestor(region, c.node) || c.node == region {
				continue
			}
			reads := map[string]uint8{}
			a.stateReads(c.node, c.polarity, reads)
			for name := range reads {
				if writes[name] {
					return true
				}
			}
		}
	}
	return false
}

// pwwSubPollStatement returns the if, while or match whose condition or scrutinee holds a
// sub-poll, or None.
func pwwSubPollStatement(t *parser.Tree, site parser.NodeID) parser.NodeID {
	found := AncestorInBody(t, site, func(anc, child parser.NodeID) bool {
		switch t.Kind(anc) {
		case parser.KIfExpression, parser.KWhileExpression:
			return t.Field(anc, parser.FCondition) == child
		case parser.KMatchExpression:
			return t.Field(anc, parser.FValue) == child
		}
		return t.Is(anc, parser.KBlock) // the search ends at the statement's block
	})
	if t.Is(found, parser.KBlock) {
		return parser.None
	}
	return found
}

// fusedEndsFunction returns the right side of an if condition `!x.is_terminated() &&
// x.poll(cx).is_ready()` (or `Poll::Ready(..) = x.poll(cx)` in a let chain) whose branch
// returns: x is terminated only after a poll of x completed, and that poll made the function
// return, so a live poll of the value never sees x terminated. The path where it is
// terminated, with nothing registered, is dropped. None when n is no such condition.
func (a *pwwFlow) fusedEndsFunction(n parser.NodeID) parser.NodeID {
	t := a.t
	if !t.Is(n, parser.KBinaryExpression) || !t.Is(t.Field(n, parser.FOperator), parser.TAndAnd) {
		return parser.None
	}
	left := t.Unparen(t.Field(n, parser.FLeft))
	if !t.Is(left, parser.KUnaryExpression) || t.FirstChildOfKind(left, parser.TBang) < 0 {
		return parser.None
	}
	term := t.Unparen(t.NamedChild(left, 0))
	if !t.Is(term, parser.KCallExpression) || MethodName(t, term) != "is_terminated" || len(Args(t, term)) != 0 {
		return parser.None
	}
	src := t.Text(StripPollPin(t, Receiver(t, term)))
	right := t.Field(n, parser.FRight)
	polled := false
	t.Walk(right, func(d parser.NodeID) bool {
		if !polled && a.isSubPoll(d) && t.Text(StripPollPin(t, Receiver(t, d))) == src {
			polled = true
		}
		return !polled
	})
	if !polled {
		return parser.None
	}
	ifx := t.Parent(n)
	for t.Is(ifx, parser.KParenthesizedExpression) {
		ifx = t.Parent(ifx)
	}
	if !t.Is(ifx, parser.KIfExpression) || t.Unparen(t.Field(ifx, parser.FCondition)) != n {
		return parser.None
	}
	cons := t.Field(ifx, parser.FConsequence)
	if !pwwDiverges(t, cons) {
		return parser.None
	}
	returns := false
	WalkBody(t, cons, func(d parser.NodeID) bool {
		if t.Is(d, parser.KReturnExpression) {
			returns = true
		}
		return !returns
	})
	if !returns {
		return parser.None
	}
	return right
}

// pwwClosedArm finds the match arm on site around Pending x whose pattern names the end of
// the source: `Ready(None)` of a stream or channel, or `Ready(Err(e))` with a closed-channel
// error (`RecvError`, `Canceled`, `Closed`, `Disconnected` ..). It returns the arm (None if
// there is none), the outcome as written, and whether the arm is the end's own (true) or an
// or-pattern that lumps it with `Pending` (false: the end taken for "not ready").
func pwwClosedArm(t *parser.Tree, x, site parser.NodeID) (arm parser.NodeID, closed string, own bool) {
	arm = parser.None
	t.Ancestors(x, func(anc parser.NodeID) bool {
		if IsBodyBoundary(t, anc) {
			return false
		}
		if !t.Is(anc, parser.KMatchArm) {
			return true
		}
		m := t.Parent(t.Parent(anc))
		if !t.Is(m, parser.KMatchExpression) || t.Unparen(t.Field(m, parser.FValue)) != site {
			return true
		}
		pat := t.Field(anc, parser.FPattern)
		if t.Is(pat, parser.KMatchPattern) && t.Field(pat, parser.FCondition) >= 0 {
			return false // `Ready(None) if ..`: a guarded arm is no plain end
		}
		alts := []parser.NodeID{pat}
		if t.Is(pat, parser.KMatchPattern) && t.NamedChild(pat, 0) >= 0 {
			alts = []parser.NodeID{t.NamedChild(pat, 0)}
		}
		if t.Is(alts[0], kOrPattern) {
			alts = t.NamedChildren(alts[0])
		}
		hasPending := false
		for _, a := range alts {
			switch c := pwwClosedPattern(t, a); {
			case c != "":
				if closed == "" {
					closed = c
				}
			case PollPatternClass(t, a) == PollPendingOnly:
				hasPending = true
			default:
				closed = "" // another Ready outcome shares the arm: no plain end
				return false
			}
		}
		if closed != "" {
			arm, own = anc, !hasPending
		}
		return false
	})
	return arm, closed, own
}

// pwwClosedErrors are the last path segments of the errors a channel's receive side returns
// once every sender is gone (tokio's `oneshot::error::RecvError`, futures' `Canceled`,
// async-channel's `RecvError`, flume's `RecvError::Disconnected`, `TryRecvError::Closed` ..).
var pwwClosedErrors = map[string]bool{
	"RecvError": true, "Canceled": true, "Cancelled": true, "Closed": true, "Disconnected": true,
}

// pwwClosedPattern returns the pattern's text when it is a closed source's outcome:
// `Ready(None)`, or `Ready(Err(E))` with E a closed-channel error by name.
func pwwClosedPattern(t *parser.Tree, pat parser.NodeID) string {
	kids, ready := TupleVariant(t, pat, "Ready")
	if !ready || len(kids) != 1 {
		return ""
	}
	in := kids[0]
	text := compactText(t, pat)
	errKids, isErr := TupleVariant(t, in, "Err")
	switch {
	case t.TextIs(in, "None"):
		return text
	case isErr:
		if len(errKids) != 1 {
			return ""
		}
		e := errKids[0]
		if t.Is(e, parser.KTupleStructPattern) || t.Is(e, parser.KStructPattern) {
			e = t.Field(e, parser.FType)
		}
		if e >= 0 && !strings.ContainsAny(t.Text(e), "(){}|") && pwwClosedErrors[LastSegment(t.Text(e))] {
			return text
		}
	}
	return ""
}

// pwwSelfTypePublic says whether the type of the impl around body is `pub` (1), declared
// in this file without being `pub` (0: private or `pub(crate)`), or unknown (-1).
func pwwSelfTypePublic(t *parser.Tree, body parser.NodeID) int {
	impl := t.AncestorOfKind(body, parser.KImplItem)
	if impl < 0 {
		return -1
	}
	ty := t.Field(impl, parser.FType)
	if t.Is(ty, parser.KGenericType) {
		ty = t.Field(ty, parser.FType)
	}
	name := LastSegment(t.Text(ty))
	res := -1
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if res >= 0 {
			return false
		}
		if (t.Is(d, parser.KStructItem) || t.Is(d, parser.KEnumItem)) && t.TextIs(t.Field(d, parser.FName), name) {
			res = 0
			if pwwIsPub(t, d) {
				res = 1
			}
			return false
		}
		return true
	})
	return res
}

// pwwTakenOut reports whether binding decl is bound by the pattern of a `for` loop that
// consumes what it iterates: not `x.iter()`, `x.iter_mut()` or `x.values_mut()`, which
// borrow the elements where they stay.
func pwwTakenOut(t *parser.Tree, decl parser.NodeID) bool {
	loop := t.Parent(decl)
	for loop >= 0 && !t.Is(loop, parser.KForExpression) {
		if IsBodyBoundary(t, loop) || t.Is(loop, parser.KBlock) {
			return false // bound in a body or a statement, not by a loop's pattern
		}
		loop = t.Parent(loop)
	}
	if loop < 0 || !t.IsAncestor(t.Field(loop, parser.FPattern), decl) {
		return false
	}
	v := t.Unparen(t.Field(loop, parser.FValue))
	switch MethodName(t, v) {
	case "iter", "iter_mut", "values", "values_mut":
		return false
	}
	return !t.Is(v, parser.KReferenceExpression)
}

// pendingFlag reports whether a condition on the way to Pending x is a flag that holds
// exactly when a sub-poll returned `Pending`: `let is_pending = match s.poll_next(cx) {
// Poll::Pending => true, Poll::Ready(None) => false, Poll::Ready(Some(_)) => continue };`
// then `match is_pending { true => Poll::Pending, .. }`, or `let p = match ..; let f =
// p.is_pending(); .. if f { return Poll::Pending }`. That sub-poll registered the waker on
// x's path, which the path analysis does not see through the variable.
func (a *pwwFlow) pendingFlag(conds []pwwCond, x parser.NodeID) bool {
	t := a.t
	for _, c := range conds {
		n, want := t.Unparen(c.node), ""
		switch c.polarity {
		case pwwTrue, pwwFalse:
			want = "true"
			if c.polarity == pwwFalse {
				want = "false"
			}
			if t.Is(n, parser.KUnaryExpression) && t.FirstChildOfKind(n, parser.TBang) >= 0 {
				n = t.Unparen(t.NamedChild(n, 0))
				want = map[string]string{"true": "false", "false": "true"}[want]
			}
		default:
			// a match on the flag: the arm x is in says the value
			arm := AncestorInBody(t, x, func(anc, _ parser.NodeID) bool {
				return t.Is(anc, parser.KMatchArm) && t.Field(t.Parent(t.Parent(anc)), parser.FValue) == c.node
			})
			if arm < 0 {
				continue
			}
			want = compactText(t, t.Field(arm, parser.FPattern))
		}
		if (want == "true" || want == "false") && t.Is(n, parser.KIdentifier) && a.flagOfPending(n, want == "true", 0) {
			return true
		}
	}
	return false
}

// flagOfPending reports whether variable id, bound by a `let` of this fn, is `yes` exactly
// when a sub-poll returned Pending (and otherwise `!yes`, or the code did not get there).
func (a *pwwFlow) flagOfPending(id parser.NodeID, yes bool, depth int) bool {
	t := a.t
	let := pwwLetBinding(t, id, t.Text(id))
	if depth > 2 || let < 0 || !t.Is(t.Field(let, parser.FPattern), parser.KIdentifier) {
		return false
	}
	v := t.Unparen(t.Field(let, parser.FValue))
	switch {
	case t.Is(v, parser.KCallExpression) && (MethodName(t, v) == "is_pending" || MethodName(t, v) == "is_ready") && len(Args(t, v)) == 0:
		// `let f = p.is_pending();` with p mirroring the poll
		r := t.Unparen(Receiver(t, v))
		mirrors := a.isSubPoll(r)
		if t.Is(r, parser.KIdentifier) {
			mirrors = a.mirrorsPoll(r)
		}
		return mirrors && (MethodName(t, v) == "is_pending") == yes
	case t.Is(v, parser.KMatchExpression) && a.isSubPoll(t.Unparen(t.Field(v, parser.FValue))):
		lit := map[bool]string{true: "true", false: "false"}
		return a.armsYield(v, lit[yes], lit[!yes])
	}
	return false
}

// mirrorsPoll reports whether variable id holds what a sub-poll returned: `let p =
// s.poll_x(cx);`, or a match on it whose `Pending` arm yields `Poll::Pending` and whose other
// arms yield `Poll::Ready(..)` or leave.
func (a *pwwFlow) mirrorsPoll(id parser.NodeID) bool {
	t := a.t
	let := pwwLetBinding(t, id, t.Text(id))
	if let < 0 {
		return false
	}
	v := t.Unparen(t.Field(let, parser.FValue))
	if a.isSubPoll(v) {
		return true
	}
	if !t.Is(v, parser.KMatchExpression) || !a.isSubPoll(t.Unparen(t.Field(v, parser.FValue))) {
		return false
	}
	for _, arm := range t.NamedChildren(t.Field(v, parser.FBody)) {
		if !t.Is(arm, parser.KMatchArm) {
			continue
		}
		val := t.Unparen(t.Field(arm, parser.FValue))
		r, p := pwwArmOutcomes(t, arm)
		switch {
		case p && !r:
			if !IsPollPending(t, val) {
				return false
			}
		case r && !p:
			if !cfg.Diverges(t, val) && (IsPollPending(t, val) || !strings.Contains(compactText(t, val), "Ready")) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// armsYield reports whether every `Pending` arm of match m yields onPending and every
// `Ready` arm yields onReady or leaves (returns, breaks, continues).
func (a *pwwFlow) armsYield(m parser.NodeID, onPending, onReady string) bool {
	t := a.t
	seen := false
	for _, arm := range t.NamedChildren(t.Field(m, parser.FBody)) {
		if !t.Is(arm, parser.KMatchArm) {
			continue
		}
		val := t.Unparen(t.Field(arm, parser.FValue))
		if t.Is(val, parser.KBlock) && len(t.NamedChildren(val)) == 1 {
			val = t.Unparen(t.NamedChild(val, 0))
		}
		r, p := pwwArmOutcomes(t, arm)
		switch {
		case p && !r:
			if !t.TextIs(val, onPending) {
				return false
			}
			seen = true
		case r && !p:
			if !t.TextIs(val, onReady) && !cfg.Diverges(t, val) {
				return false
			}
		default:
			return false
		}
	}
	return seen
}

// readyBindingExcludes reports whether region is `let name = match sub.poll(cx) { .. }` whose
// `Ready` arms all give literals, and a condition on the Pending's path that reads only
// name is false for each of them: `let room = match full.poll(cx) { Ready(()) => 0, Pending
// => free() };` then `if room < 64 { Ready(room) } else { Pending }`. Where the poll was
// `Ready` the code does not reach the Pending.
func (a *pwwFlow) readyBindingExcludes(region parser.NodeID, conds []pwwCond) bool {
	t := a.t
	let := t.Parent(region)
	if !t.Is(region, parser.KMatchExpression) || !t.Is(let, parser.KLetDeclaration) || t.Field(let, parser.FValue) != region {
		return false
	}
	name := stripMutPattern(t, t.Field(let, parser.FPattern))
	if !t.Is(name, parser.KIdentifier) {
		return false
	}
	var readies []string
	for _, arm := range t.NamedChildren(t.Field(region, parser.FBody)) {
		if !t.Is(arm, parser.KMatchArm) {
			continue
		}
		pat := t.Field(arm, parser.FPattern)
		if t.Is(pat, parser.KMatchPattern) {
			if t.Field(pat, parser.FCondition) >= 0 {
				return false // a guard: the arm may not take every Ready
			}
			pat = t.NamedChild(pat, 0)
		}
		switch PollPatternClass(t, pat) {
		case PollPendingOnly:
			continue
		case PollReadyOnly:
		default:
			return false
		}
		v := t.Unparen(t.Field(arm, parser.FValue))
		switch {
		case cfg.Diverges(t, v) || t.Is(v, parser.KReturnExpression):
			continue // this Ready leaves the closure
		case t.Is(v, parser.KIntegerLiteral), t.Is(v, parser.KBooleanLiteral):
			readies = append(readies, t.Text(v))
		default:
			return false
		}
	}
	if len(readies) == 0 {
		return false
	}
	for _, v := range readies {
		excluded := false
		for _, c := range conds {
			if got, ok := pwwEvalWith(t, c.node, t.Text(name), v); ok && (got && c.polarity == pwwFalse || !got && c.polarity == pwwTrue) {
				excluded = true
				break
			}
		}
		if !excluded {
			return false
		}
	}
	return true
}

// pwwEvalWith evaluates a condition that reads only the binding name, given name's literal
// value: `name`, `!name`, `name OP lit` and `lit OP name` for comparisons of integers.
func pwwEvalWith(t *parser.Tree, c parser.NodeID, name, value string) (result, ok bool) {
	c = t.Unparen(c)
	switch t.Kind(c) {
	case parser.KIdentifier:
		if t.TextIs(c, name) && (value == "true" || value == "false") {
			return value == "true", true
		}
	case parser.KUnaryExpression:
		if t.FirstChildOfKind(c, parser.TBang) >= 0 {
			if v, ok := pwwEvalWith(t, t.NamedChild(c, 0), name, value); ok {
				return !v, true
			}
		}
	case parser.KBinaryExpression:
		l, r := t.Unparen(t.Field(c, parser.FLeft)), t.Unparen(t.Field(c, parser.FRight))
		op := t.Text(t.Field(c, parser.FOperator))
		var x, y *big.Int
		lit := func(n parser.NodeID) *big.Int {
			if t.Is(n, parser.KIdentifier) && t.TextIs(n, name) {
				v, _ := ParseIntLiteral(value)
				return v
			}
			if t.Is(n, parser.KIntegerLiteral) {
				v, _ := ParseIntLiteral(t.Text(n))
				return v
			}
			return nil
		}
		if !(t.Is(l, parser.KIdentifier) && t.TextIs(l, name) || t.Is(r, parser.KIdentifier) && t.TextIs(r, name)) {
			return false, false
		}
		if x, y = lit(l), lit(r); x == nil || y == nil {
			return false, false
		}
		cmp := x.Cmp(y)
		switch op {
		case "<":
			return cmp < 0, true
		case "<=":
			return cmp <= 0, true
		case ">":
			return cmp > 0, true
		case ">=":
			return cmp >= 0, true
		case "==":
			return cmp == 0, true
		case "!=":
			return cmp != 0, true
		}
	}
	return false, false
}
