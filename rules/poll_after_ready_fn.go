package rules

import (
	"fmt"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// poll_after_ready, first half: hand-written poll functions. Which polls are tracked
// (parCheckPollFn, parFuturePoll), what the finding says, and the places a poll writes.

// Path states of the analysis: bit sets of the ways a program point can be reached.
const (
	parClean   uint8 = 1 // the tracked future has not returned Ready on this path (or that was recorded)
	parCleanCx uint8 = 2 // same, and the Context was used (something else was polled)
	parLive    uint8 = 4 // it returned Ready and nothing recorded it
	parLive2   uint8 = 8 // same, and the Context was used for something else on the path
)

const parLiveAny = parLive | parLive2

// parPoll is one poll of a future that lives across calls.
type parPoll struct {
	call  parser.NodeID
	place string // the field or captured variable's name
	text  string // how the message names it (`self.a`)
	// stream: a `poll_next` of an inner stream; the outcome tracked is its end
	// (`Ready(None)`), not `Ready`
	stream bool
	// alias: the local the poll names the field through (`let inner = &mut self.inner`,
	// `if let Some(s) = self.s.as_mut()`), whose writes count as the field's; aliasAt is
	// where it is bound.
	alias   string
	aliasAt parser.NodeID
	// some: the field is an `Option` polled through `Some(x)`: the Option records the end
	// only where it is emptied, so the type inside it is what is judged.
	some bool
}

func parCheckPollFn(p *Pass, fn parser.NodeID) {
	t := p.Tree
	var cx string
	var param parser.NodeID
	closure := t.Is(fn, parser.KClosureExpression)
	if closure {
		param, cx = ClosureContextParam(t, fn)
	} else {
		param, cx = ContextParam(t, fn)
		if !ReturnsPoll(t, fn) {
			return
		}
	}
	body := t.Field(fn, parser.FBody)
	if param < 0 || cx == "" || body < 0 {
		return
	}
	var polls []parPoll
	WalkBody(t, body, func(d parser.NodeID) bool {
		if t.Is(d, parser.KCallExpression) {
			if pp, ok := parFuturePoll(t, d, cx, fn, closure); ok && !parDiscarded(t, d) && !parNeverReady(t, d) {
				polls = append(polls, pp)
			}
		}
		return true
	})
	if len(polls) == 0 {
		return
	}
	exits := map[parser.NodeID]bool{}
	flowExits(t, body, func(x parser.NodeID) { exits[x] = true }, nil)
	fnName := "this closure"
	if !closure {
		fnName = "`" + t.Text(t.Field(fn, parser.FName)) + "`"
	}
	for _, pp := range polls {
		param := ""
		var calls []string
		if pp.stream {
			var breaks bool
			if breaks, param, calls = parStreamMayBreak(t, fn, pp); !breaks {
				continue
			}
		} else if parPlaceFused(t, fn, pp, closure) {
			continue
		}
		a := &parFlow{t: t, cx: cx, poll: pp.call, place: pp.place, alias: pp.alias, wholeSelf: !closure, stream: pp.stream, itemExit: !closure && parIsPollNext(t, fn),
			vars: map[string]bool{}, exits: exits, exitState: map[parser.NodeID]uint8{}}
		a.run(body)
		if a.repolled {
			loop := parInnermostLoop(t, pp.call, body)
			// A future that is reset or replaced anywhere in the loop (even under a
			// condition: `if let Some(t) = next { sleep.reset(t) }`) is managed by hand.
			if loop >= 0 && !parGuarded(t, pp.call, t.Field(loop, parser.FBody), false, pp.aliasAt) &&
				!parWritesInside(t, t.Field(loop, parser.FBody), pp.place, pp.call, pp.aliasAt) &&
				(pp.alias == "" || !parWritesInside(t, t.Field(loop, parser.FBody), pp.alias, pp.call, pp.aliasAt)) {
				if pp.stream {
					d := parStreamDiagnostic(t, pp, a, parser.None, fnName, loop)
					parReportStream(p, d, param, calls)
					continue
				}
				if closure {
					p.Report(parLoopDiagnostic(t, pp, a, loop))
					continue
				}
				parReportUnlessRestartable(p, fn, pp.place, parLoopDiagnostic(t, pp, a, loop))
				continue
			}
		}
		if parGuarded(t, pp.call, body, true, pp.aliasAt) {
			continue
		}
		exit := a.liveExit()
		if exit < 0 || parFlagGuardsExit(t, pp.call, exit) {
			continue
		}
		if pp.stream {
			parReportStream(p, parStreamDiagnostic(t, pp, a, exit, fnName, parser.None), param, calls)
			continue
		}
		if closure {
			p.Report(parJoinDiagnostic(t, pp, a, exit, fnName))
			continue
		}
		parReportUnlessRestartable(p, fn, pp.place, parJoinDiagnostic(t, pp, a, exit, fnName))
	}
}

func parLoopDiagnostic(t *parser.Tree, pp parPoll, a *parFlow, loop parser.NodeID) Diagnostic {
	d := Diagnostic{
		Node: pp.call,
		Message: fmt.Sprintf("`%s` is polled again on the next iteration of the loop after it returned `Ready`: "+
			"the `Ready` path neither leaves the loop nor replaces the future, and polling a finished future may panic", pp.text),
		Help: fmt.Sprintf("leave the loop (`break`/`return`) once `%s` is ready, or replace it before the next iteration "+
			"(`%s.set(..)`, keep it in an `Option` and `take()` it), or fuse it", pp.text, pp.text),
	}
	if r := parReadyNode(t, pp.call, a.vars); r >= 0 {
		d.Related = append(d.Related, RelatedNode{Node: r, Message: "`Ready` is handled here without leaving the loop or replacing the future"})
	}
	d.Related = append(d.Related, RelatedNode{Node: LoopHead(t, loop), Message: "the loop that polls it again"})
	return d
}

func parJoinDiagnostic(t *parser.Tree, pp parPoll, a *parFlow, exit parser.NodeID, fnName string) Diagnostic {
	d := Diagnostic{
		Node: pp.call,
		Message: fmt.Sprintf("`%s` is polled on every call to %s, but after it returned `Ready` the function can still return `Pending` "+
			"without recording that it finished: the next call polls the finished future again, which may panic", pp.text, fnName),
		Help: fmt.Sprintf("record the completion: keep `%s` in an `Option` and `take()` it (or set it to `None`) when it is ready, "+
			"wrap it in `MaybeDone` or `Fuse` (`.fuse()`), or poll it only while its output slot is empty (`if self.out.is_none()`)", pp.text),
	}
	if pp.some {
		d.Help = fmt.Sprintf("record the completion: `%s` is an `Option` already; set it to `None` (or `take()` it) where the future is ready", pp.text)
	}
	if r := parReadyNode(t, pp.call, a.vars); r >= 0 {
		msg := "`Ready` is handled here without recording that the future finished"
		switch t.Kind(r) {
		case parser.KLetDeclaration:
			msg = "the poll's result is kept here, but nothing records that the future finished"
		case parser.KMacroInvocation:
			msg = "`ready!` goes on after `Ready` without recording that the future finished"
		}
		d.Related = append(d.Related, RelatedNode{Node: r, Message: msg})
	}
	msg := "then `Pending` is returned here, so the function will be polled again"
	switch {
	case parIsReadySome(t, exit):
		msg = "then this returns an item (`Ready(Some(..))`), so the caller polls the stream again"
		d.Message = fmt.Sprintf("`%s` is polled on every call to %s, but after it returned `Ready` the stream yields an item "+
			"without recording that the future finished: the next call polls the finished future again, which may panic", pp.text, fnName)
	case !IsPollPending(t, exit):
		msg = "then this can return `Pending`, so the function will be polled again"
	}
	d.Related = append(d.Related, RelatedNode{Node: exit, Message: msg})
	return d
}

// parIsPollNext reports whether fn is a stream's `poll_next` (or `try_poll_next`).
func parIsPollNext(t *parser.Tree, fn parser.NodeID) bool {
	name := t.Text(t.Field(fn, parser.FName))
	return name == "poll_next" || name == "try_poll_next"
}

// parFuturePoll recognises a poll of a future that outlives the call: `X.poll(cx)`,
// `X.poll_unpin(cx)`, `Future::poll(X, cx)`, `FutureExt::poll_unpin(X, cx)`, where X is
// (through `Pin::new(&mut ..)`, `.as_mut()`, `&mut`) a field of self or of a projection,
// or, in a closure, a variable captured from outside it.
func parFuturePoll(t *parser.Tree, call parser.NodeID, cx string, fn parser.NodeID, closure bool) (parPoll, bool) {
	var recv, cxArg parser.NodeID = parser.None, parser.None
	stream := false
	switch m := MethodName(t, call); m {
	case "poll_next", "poll_next_unpin", "try_poll_next", "try_poll_next_unpin":
		if closure {
			break
		}
		stream = true
		if args := Args(t, call); len(args) == 1 {
			recv, cxArg = Receiver(t, call), args[0]
		}
	case "poll", "poll_unpin", "try_poll", "try_poll_unpin":
		if args := Args(t, call); len(args) == 1 {
			recv, cxArg = Receiver(t, call), args[0]
		}
	case "":
		path := CalleePath(t, call)
		fnNode := t.Field(call, parser.FFunction)
		qualified := PathIs(path, "std::future::Future::poll", "core::future::Future::poll",
			"futures::future::FutureExt::poll_unpin", "futures::FutureExt::poll_unpin", "futures_util::future::FutureExt::poll_unpin",
			"futures::future::TryFuture::try_poll", "futures_core::future::TryFuture::try_poll",
			"futures::future::TryFutureExt::try_poll_unpin") ||
			(t.Is(fnNode, parser.KScopedIdentifier) && strings.Contains(t.Text(fnNode), "Future>::poll"))
		if qualified {
			if args := Args(t, call); len(args) == 2 {
				recv, cxArg = args[0], args[1]
			}
		}
	}
	if recv < 0 || !flowMentions(t, cxArg, cx) {
		return parPoll{}, false
	}
	place := StripPollPin(t, recv)
	if m := MethodName(t, call); (m == "poll" || m == "try_poll" || m == "poll_next" || m == "try_poll_next") && place == t.Unparen(recv) && !parProjected(t, place, fn) {
		// `Future::poll` takes `Pin<&mut Self>`: a bare `x.poll(cx)` on a plain field or
		// variable is some other type's own `poll` (an event source, a collection).
		return parPoll{}, false
	}
	switch t.Kind(place) {
	case parser.KFieldExpression:
		if !parProjectionRoot(t, t.Field(place, parser.FValue)) {
			return parPoll{}, false
		}
		if closure && !parRootCaptured(t, place, fn) {
			return parPoll{}, false
		}
		name := t.Text(t.Field(place, parser.FField))
		return parPoll{call: call, place: name, text: compactText(t, place), stream: stream}, true
	case parser.KIdentifier:
		if !closure {
			if pp, ok := parAliasPoll(t, place); ok {
				pp.call, pp.stream = call, stream
				return pp, true
			}
			return parPoll{}, false
		}
		if stream || !parCaptured(t, place, fn) {
			return parPoll{}, false
		}
		name := t.Text(place)
		return parPoll{call: call, place: name, text: name}, true
	}
	return parPoll{}, false
}

// parAliasPoll resolves a local that names a field of the future's own state: `let inner =
// &mut self.inner` (through `Pin::new`, `.as_mut()`), `let Self { inner, .. } = &mut *self`
// or `= self.project()`, and `Some(s)` of an `Option` field (`if let Some(s) =
// self.s.as_mut()`, `while let`, a `match` arm, `let .. else`).
func parAliasPoll(t *parser.Tree, id parser.NodeID) (parPoll, bool) {
	decl, _ := ResolveBinding(t, id)
	if decl < 0 {
		return parPoll{}, false
	}
	alias := t.Text(id)
	// Climb from the bound name to its pattern's root, noting what it passes through.
	field, some, structPat := "", false, false
	n := decl
	var value, at parser.NodeID = parser.None, parser.None
	for p := t.Parent(n); p >= 0 && value < 0; n, p = p, t.Parent(p) {
		switch t.Kind(p) {
		case parser.KMutPattern, parser.KRefPattern:
		case kFieldPattern:
			if structPat || some {
				return parPoll{}, false
			}
			field, structPat = t.Text(t.Field(p, parser.FName)), true
		case parser.KStructPattern:
			if !structPat {
				return parPoll{}, false
			}
		case parser.KTupleStructPattern:
			if some || structPat || !t.TextIs(t.Field(p, parser.FType), "Some") || len(t.NamedChildren(p)) != 2 {
				return parPoll{}, false
			}
			some = true
		case parser.KLetDeclaration, parser.KLetCondition:
			if n != t.Field(p, parser.FPattern) {
				return parPoll{}, false
			}
			value, at = t.Field(p, parser.FValue), p
		case parser.KMatchPattern:
		case parser.KMatchArm:
			if n != t.Field(p, parser.FPattern) && !t.Is(n, parser.KMatchPattern) {
				return parPoll{}, false
			}
			m := t.AncestorOfKind(p, parser.KMatchExpression)
			if m < 0 {
				return parPoll{}, false
			}
			value, at = t.Field(m, parser.FValue), p
		default:
			return parPoll{}, false
		}
	}
	if value < 0 {
		return parPoll{}, false
	}
	v := StripPollPin(t, value)
	if structPat {
		// the whole state: `&mut *self`, `self.project()`, `self.get_mut()`, `this`
		if !t.Is(v, parser.KSelf) && !(t.Is(v, parser.KCallExpression) && parProjectionRoot(t, v)) {
			return parPoll{}, false
		}
		return parPoll{place: field, text: field, alias: alias, aliasAt: at, some: some}, true
	}
	if some {
		// `self.s.as_mut()`, `self.s.as_pin_mut()`, `self.s.as_deref_mut()`, `&mut self.s`
		for t.Is(v, parser.KCallExpression) && len(Args(t, v)) == 0 {
			switch MethodName(t, v) {
			case "as_pin_mut", "as_deref_mut", "as_mut", "as_mut_pin":
				v = StripPollPin(t, Receiver(t, v))
				continue
			}
			break
		}
	}
	if !t.Is(v, parser.KFieldExpression) || !parProjectionRoot(t, t.Field(v, parser.FValue)) {
		return parPoll{}, false
	}
	return parPoll{place: t.Text(t.Field(v, parser.FField)), text: compactText(t, v), alias: alias, aliasAt: at, some: some}, true
}

// parProjected reports whether a place polled as `place.poll(cx)` is a pinned projection:
// a field of `self.project()` (directly or through a variable bound to it, `let this =
// self.project()`).
func parProjected(t *parser.Tree, place, fn parser.NodeID) bool {
	if !t.Is(place, parser.KFieldExpression) {
		return false
	}
	root := t.Unparen(t.Field(place, parser.FValue))
	for t.Is(root, parser.KFieldExpression) {
		root = t.Unparen(t.Field(root, parser.FValue))
	}
	isProject := func(e parser.NodeID) bool {
		found := false
		t.Walk(e, func(d parser.NodeID) bool {
			if t.Is(d, parser.KCallExpression) {
				if m := MethodName(t, d); strings.HasPrefix(m, "project") || m == "map_unchecked_mut" {
					found = true
				}
			}
			if t.Is(d, parser.KMacroInvocation) && strings.HasPrefix(t.MacroName(d), "project") {
				found = true
			}
			return !found
		})
		return found
	}
	switch t.Kind(root) {
	case parser.KCallExpression:
		return isProject(root)
	case parser.KIdentifier:
		name := t.Text(root)
		found := false
		WalkBody(t, t.Field(fn, parser.FBody), func(d parser.NodeID) bool {
			if t.Is(d, parser.KLetDeclaration) && parPatternBinds(t, t.Field(d, parser.FPattern), name) && isProject(t.Field(d, parser.FValue)) {
				found = true
			}
			return !found
		})
		return found
	}
	return false
}

// parDiscarded reports whether a poll's result is thrown away (`let _ = x.poll_unpin(cx)?;`,
// `x.poll(cx);`): a driver poll of a connection or muxer whose readiness the caller does not
// track, and whose type is rarely a one-shot future.
func parDiscarded(t *parser.Tree, call parser.NodeID) bool {
	e := call
	for {
		p := t.Parent(e)
		switch t.Kind(p) {
		case parser.KTryExpression, parser.KParenthesizedExpression:
			e = p
			continue
		case parser.KExpressionStatement:
			return t.FirstChildOfKind(p, parser.TSemicolon) >= 0
		case parser.KLetDeclaration:
			pat := t.Field(p, parser.FPattern)
			return t.Field(p, parser.FValue) == e && (t.Is(pat, tUnderscore) || t.TextIs(pat, "_"))
		case parser.KAssignmentExpression:
			return t.Field(p, parser.FRight) == e && t.TextIs(t.Field(p, parser.FLeft), "_")
		}
		return false
	}
}

// parFlagGuardsExit reports whether the exit is guarded by a local flag that the poll's
// `Ready` handling sets: `if let Poll::Ready(v) = this.rx.poll(cx) { should_wake = true; .. }`
// then `if !should_wake { return Poll::Pending; }`. After `Ready`, that exit is not reached
// (the flag is a `let mut` of the function, set to `true` there and tested with `!`).
func parFlagGuardsExit(t *parser.Tree, poll, exit parser.NodeID) bool {
	// the Ready handling: the consequence of the `if let` whose condition is the poll
	var region parser.NodeID = parser.None
	for a := t.Parent(poll); a >= 0 && !IsBodyBoundary(t, a); a = t.Parent(a) {
		if t.Is(a, parser.KIfExpression) {
			if c := t.Field(a, parser.FCondition); c >= 0 && t.IsAncestor(c, poll) {
				region = t.Field(a, parser.FConsequence)
			}
			break
		}
		if t.Is(a, parser.KBlock) {
			break
		}
	}
	if region < 0 {
		return false
	}
	set := map[string]bool{}
	WalkBody(t, region, func(d parser.NodeID) bool {
		if t.Is(d, parser.KAssignmentExpression) && t.TextIs(t.Field(d, parser.FRight), "true") {
			if l := t.Unparen(t.Field(d, parser.FLeft)); t.Is(l, parser.KIdentifier) {
				set[t.Text(l)] = true
			}
		}
		return true
	})
	if len(set) == 0 {
		return false
	}
	child := exit
	for a := t.Parent(exit); a >= 0 && !IsBodyBoundary(t, a); child, a = a, t.Parent(a) {
		if !t.Is(a, parser.KIfExpression) || t.Field(a, parser.FConsequence) != child {
			continue
		}
		c := t.Unparen(t.Field(a, parser.FCondition))
		if t.Is(c, parser.KUnaryExpression) && t.FirstChildOfKind(c, parser.TBang) >= 0 {
			if x := t.Unparen(t.NamedChild(c, 0)); t.Is(x, parser.KIdentifier) && set[t.Text(x)] {
				return true
			}
		}
	}
	return false
}

// parNeverReady reports whether a poll's result is bound by `let Poll::Pending = ..;` with
// no `else`: the pattern is irrefutable only when the output type is uninhabited
// (`Infallible`, `!`), so the future never completes.
func parNeverReady(t *parser.Tree, call parser.NodeID) bool {
	p := t.Parent(call)
	if !t.Is(p, parser.KLetDeclaration) || t.Field(p, parser.FValue) != call || t.Field(p, parser.FAlternative) >= 0 {
		return false
	}
	pat := t.Field(p, parser.FPattern)
	return (t.Is(pat, parser.KScopedIdentifier) || t.Is(pat, parser.KIdentifier)) && LastSegment(compactText(t, pat)) == "Pending"
}

// parProjectionRoot reports whether e is what a field of the future's own state hangs on:
// `self`, a variable (a projection such as `this`), `*x`, `self.as_mut().project()`,
// `self.get_mut()`, or another field of those.
func parProjectionRoot(t *parser.Tree, e parser.NodeID) bool {
	for e >= 0 {
		e = t.Unparen(e)
		switch t.Kind(e) {
		case parser.KSelf, parser.KIdentifier:
			return true
		case parser.KFieldExpression:
			e = t.Field(e, parser.FValue)
			continue
		case parser.KUnaryExpression:
			if t.FirstChildOfKind(e, parser.TBang) >= 0 {
				return false
			}
			e = t.NamedChild(e, 0)
			continue
		case parser.KCallExpression:
			switch MethodName(t, e) {
			case "project", "as_mut", "get_mut", "get_unchecked_mut", "project_ref", "deref_mut", "as_pin_mut_inner":
				if len(Args(t, e)) == 0 {
					e = Receiver(t, e)
					continue
				}
			}
			return false
		}
		return false
	}
	return false
}

// parCaptured reports whether identifier id, used in closure cl, names a variable bound
// outside the closure (not a parameter and not a `let` inside it).
func parCaptured(t *parser.Tree, id, cl parser.NodeID) bool {
	name := t.Text(id)
	bound := false
	t.Walk(cl, func(d parser.NodeID) bool {
		if bound {
			return false
		}
		switch t.Kind(d) {
		case parser.KLetDeclaration, parser.KLetCondition, parser.KForExpression:
			if parPatternBinds(t, t.Field(d, parser.FPattern), name) {
				bound = true
			}
		case parser.KMatchArm:
			if parPatternBinds(t, t.Field(d, parser.FPattern), name) {
				bound = true
			}
		case parser.KParameters, parser.KClosureParameters:
			if parPatternBinds(t, d, name) {
				bound = true
			}
		}
		return true
	})
	return !bound
}

func parRootCaptured(t *parser.Tree, place, cl parser.NodeID) bool {
	root := place
	for t.Is(root, parser.KFieldExpression) {
		root = t.Unparen(t.Field(root, parser.FValue))
	}
	if t.Is(root, parser.KSelf) {
		return true
	}
	return t.Is(root, parser.KIdentifier) && parCaptured(t, root, cl)
}

// parPatternBinds reports whether a pattern (or parameter list) binds name.
func parPatternBinds(t *parser.Tree, pat parser.NodeID, name string) bool {
	return cfg.PatternBinds(t, pat, name)
}

// parPlaceFused reports whether the polled place is safe to poll after completion by its
// type or construction: a field declared (anywhere in the file) as `Fuse<_>`,
// `MaybeDone<_>`, `Option<_>`, `OptionFuture<_>`, or a type parameter when the file speaks
// of `FusedFuture`; a place initialised with `.fuse()`, `maybe_done(..)` or `Fuse::..`.
func parPlaceFused(t *parser.Tree, fn parser.NodeID, pp parPoll, closure bool) bool {
	fusedType := func(ty parser.NodeID) bool {
		return parExemptType(t, ty)
	}
	fusedValue := func(v parser.NodeID) bool {
		found := false
		t.Walk(v, func(d parser.NodeID) bool {
			if found {
				return false
			}
			if parFusedConstructor(t, d) {
				found = true
			}
			return !IsBodyBoundary(t, d) || d == v
		})
		return found
	}
	fusedGeneric := strings.Contains(string(t.Src), "FusedFuture")
	// A fired timer is ready again when polled; only a loop that polls it again is a
	// problem (it spins). Not `while !done.load(SeqCst) { ready!(notified.poll(cx)) }`: the
	// loop's condition reads an atomic that another task sets before it wakes this one (set
	// UY, judged: a notify-once whose flag is set before notify_waiters), and the loop ends
	// with the flag.
	loop := parInnermostLoop(t, pp.call, t.Field(fn, parser.FBody))
	inLoop := loop >= 0 && !(t.Is(loop, parser.KWhileExpression) && parLoadsAtomic(t, t.Field(loop, parser.FCondition)))
	owner := ""
	if !closure {
		owner = parImplTypeName(t, fn)
	}
	// Is the struct the impl is for declared in this file? Then only its fields count.
	ownerDeclared := false
	if owner != "" {
		t.Walk(0, func(d parser.NodeID) bool {
			if !ownerDeclared && (t.Is(d, parser.KStructItem) || t.Is(d, parser.KEnumItem)) && t.TextIs(t.Field(d, parser.FName), owner) {
				ownerDeclared = true
			}
			return !ownerDeclared
		})
	}
	inOwner := func(d parser.NodeID) bool {
		if !ownerDeclared {
			return true
		}
		in := false
		t.Ancestors(d, func(x parser.NodeID) bool {
			if t.Is(x, parser.KStructItem) || t.Is(x, parser.KEnumItem) {
				in = t.TextIs(t.Field(x, parser.FName), owner)
				return false
			}
			return true
		})
		return in
	}
	initOfOwner := func(d parser.NodeID) bool {
		if owner == "" {
			return true
		}
		se := t.AncestorOfKind(d, parser.KStructExpression)
		if se < 0 {
			return true
		}
		name := LastSegment(t.Text(t.Field(se, parser.FName)))
		if i := strings.Index(name, "<"); i >= 0 {
			name = name[:i]
		}
		return name == owner || name == "Self"
	}
	found := false
	t.Walk(0, func(d parser.NodeID) bool {
		if found {
			return false
		}
		switch t.Kind(d) {
		case parser.KFieldDeclaration:
			if !closure && t.TextIs(t.Field(d, parser.FName), pp.place) && inOwner(d) {
				ty := t.Field(d, parser.FType)
				if pp.some {
					ty = parOptionInner(t, ty)
				}
				if fusedType(ty) || fusedGeneric && t.Is(ty, parser.KTypeIdentifier) || parRepeatsType(t, ty) && !inLoop {
					found = true
				}
				if t.Is(ty, parser.KTypeIdentifier) && !parFutureBound(t, fn, t.Text(ty)) {
					// A type parameter that is not bounded by Future: its `poll` is
					// another trait's (`Q: Drive<F>`).
					found = true
				}
			}
		case parser.KFieldInitializer:
			if !closure && t.TextIs(t.Field(d, parser.FField), pp.place) && fusedValue(t.Field(d, parser.FValue)) && initOfOwner(d) {
				found = true
			}
		case parser.KLetDeclaration:
			if closure && parPatternBinds(t, t.Field(d, parser.FPattern), pp.place) {
				if fusedValue(t.Field(d, parser.FValue)) || fusedType(t.Field(d, parser.FType)) {
					found = true
				}
			}
		case parser.KParameter:
			if closure && parPatternBinds(t, t.Field(d, parser.FPattern), pp.place) && fusedType(t.Field(d, parser.FType)) {
				found = true
			}
		}
		return true
	})
	return found
}

// parLoadsAtomic reports whether e reads an atomic (`flag.load(Ordering::SeqCst)`, a
// `load` with one argument).
func parLoadsAtomic(t *parser.Tree, e parser.NodeID) bool {
	found := false
	WalkBody(t, e, func(d parser.NodeID) bool {
		if !found && t.Is(d, parser.KCallExpression) && MethodName(t, d) == "load" && len(Args(t, d)) == 1 {
			found = true
		}
		return !found
	})
	return found
}

// parOptionInner returns T of a field type `Option<T>` (None when it is not one).
func parOptionInner(t *parser.Tree, ty parser.NodeID) parser.NodeID {
	if t.Is(ty, parser.KGenericType) && LastSegment(t.Text(t.Field(ty, parser.FType))) == "Option" {
		return FirstTypeArg(t, ty)
	}
	return parser.None
}
