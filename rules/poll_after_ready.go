package rules

import (
	_ "embed"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

//go:embed poll_after_ready.md
var pollAfterReadyDoc string

// PollAfterReady is the `poll_after_ready` rule.
var PollAfterReady = &Rule{
	ID:        "poll_after_ready",
	Summary:   "may poll a future again after it returned `Ready`, which can panic or misbehave",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness"},
	Precision: "medium",
	Doc:       pollAfterReadyDoc,
	Kinds:     []parser.Kind{parser.KFunctionItem, parser.KClosureExpression, parser.KMacroInvocation},
	Local:     &LocalCheck{Needs: []string{"poll", "select"}, Check: checkPollAfterReady},
}

// The rule has two halves.
//
// Hand-written poll functions (any function or `poll_fn` closure that receives a task
// Context and returns `Poll`): for each poll of a future kept across calls — a field
// (`Pin::new(&mut self.a).poll(cx)`, `this.a.poll(cx)` on a projection,
// `self.a.poll_unpin(cx)`, `try_poll`) or, in a `poll_fn` closure, a captured variable — a
// small path analysis runs over the body. A path is "live" from the point where that poll
// returned `Ready` until it records the completion by writing the future's place
// (`self.a = None`, `this.a.set(..)`, `self.a.take()`, `mem::replace`, `reset`, replacing
// the whole state). It is reported when a live path
//   - reaches the same poll again through a loop's back edge (the loop form), unless the
//     place is written anywhere in that loop, or
//   - returns `Pending` (or something that may be Pending: `ready!(other)`, a delegated
//     poll) after the Context was used for something else on the path (the join form: the
//     next call polls the finished future again). Requiring that other use keeps the rule
//     quiet when the later `Pending` is correlated with the output the Ready arm stored.
// A poll under any condition or after an earlier early return is left alone, and so is a
// place that is not a one-shot future by its declared type (`Fuse`, `MaybeDone`, `Option`,
// collections such as `FuturesSet`, a timer beside another future, a type parameter not
// bounded by `Future`), a bare `x.poll(cx)` on a place that is not pinned (another type's
// own `poll`), and a poll whose result is thrown away (a driver).
//
// `tokio::select!` in a loop: a branch polling `&mut fut` (or `fut.as_mut()`) where `fut`
// was bound before the loop, recognisably as a one-shot future (an async block, a call, a
// parameter typed as a future / handle / receiver), with no `, if ..` precondition, whose
// handler can finish without leaving the loop or replacing `fut`, and does not set state
// that decides whether the loop goes on. `futures::select!` requires fused futures and is
// quiet.

func checkPollAfterReady(p *LocalPass, n parser.NodeID) {
	switch p.Tree.Kind(n) {
	case parser.KFunctionItem, parser.KClosureExpression:
		parCheckPollFn(p, n)
	case parser.KMacroInvocation:
		parCheckSelect(p, n)
	}
}

// ---------------------------------------------------------------------------------------
// Hand-written poll functions

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
}

func parCheckPollFn(p *LocalPass, fn parser.NodeID) {
	t := p.Tree
	var cx string
	var param parser.NodeID
	closure := t.Is(fn, parser.KClosureExpression)
	if closure {
		param, cx = pwwClosureContextParam(t, fn)
	} else {
		param, cx = pwwContextParam(t, fn)
		if !parReturnsPoll(t, fn) {
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
			if pp, ok := parFuturePoll(t, d, cx, fn, closure); ok && !parDiscarded(t, d) {
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
		if pp.stream && !parStreamMayBreak(t, fn, pp) || !pp.stream && parPlaceFused(t, fn, pp, closure) {
			continue
		}
		a := &parFlow{t: t, cx: cx, poll: pp.call, place: pp.place, wholeSelf: !closure, stream: pp.stream,
			vars: map[string]bool{}, exits: exits, exitState: map[parser.NodeID]uint8{}}
		w := &flowWalker{t: t, rule: a, cx: cx}
		w.expr(body, parClean)
		if a.repolled {
			loop := parInnermostLoop(t, pp.call, body)
			// A future that is reset or replaced anywhere in the loop (even under a
			// condition: `if let Some(t) = next { sleep.reset(t) }`) is managed by hand.
			if loop >= 0 && !parGuarded(t, pp.call, t.Field(loop, parser.FBody), false) &&
				!parWritesInside(t, t.Field(loop, parser.FBody), pp.place, pp.call) {
				if pp.stream {
					p.Report(parStreamDiagnostic(t, pp, a, parser.None, fnName, loop))
					continue
				}
				p.Report(parLoopDiagnostic(t, pp, a, loop))
				continue
			}
		}
		if parGuarded(t, pp.call, body, true) {
			continue
		}
		exit := a.liveExit()
		if exit < 0 {
			continue
		}
		if pp.stream {
			p.Report(parStreamDiagnostic(t, pp, a, exit, fnName, parser.None))
			continue
		}
		p.Report(parJoinDiagnostic(t, pp, a, exit, fnName))
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
	if !pwwIsPending(t, exit) {
		msg = "then this can return `Pending`, so the function will be polled again"
	}
	d.Related = append(d.Related, RelatedNode{Node: exit, Message: msg})
	return d
}

// parReturnsPoll reports whether a function's return type is `Poll<..>`.
func parReturnsPoll(t *parser.Tree, fn parser.NodeID) bool {
	rt := t.Field(fn, parser.FReturnType)
	if t.Is(rt, parser.KGenericType) {
		rt = t.Field(rt, parser.FType)
	}
	if !t.Is(rt, parser.KTypeIdentifier) && !t.Is(rt, parser.KScopedTypeIdentifier) {
		return false
	}
	path := t.Imports.Resolve(t.Text(rt))
	return path == "Poll" || strings.HasSuffix(path, "::Poll")
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
	place := parStripPin(t, recv)
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
		return parPoll{call: call, place: name, text: parCompact(t.Text(place)), stream: stream}, true
	case parser.KIdentifier:
		if stream || !closure || !parCaptured(t, place, fn) {
			return parPoll{}, false
		}
		name := t.Text(place)
		return parPoll{call: call, place: name, text: name}, true
	}
	return parPoll{}, false
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
			return t.Field(p, parser.FValue) == e && (t.Is(pat, pwwTUnderscore) || t.TextIs(pat, "_"))
		case parser.KAssignmentExpression:
			return t.Field(p, parser.FRight) == e && t.TextIs(t.Field(p, parser.FLeft), "_")
		}
		return false
	}
}

func parCompact(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// parStripPin removes what pins or borrows a place for polling: `Pin::new(&mut x)`,
// `Pin::new_unchecked(..)`, `unsafe { .. }`, `x.as_mut()`, `x.get_mut()`, `&mut x`, `*x`.
func parStripPin(t *parser.Tree, e parser.NodeID) parser.NodeID {
	for e >= 0 {
		e = t.Unparen(e)
		switch t.Kind(e) {
		case parser.KReferenceExpression:
			e = t.Field(e, parser.FValue)
			continue
		case parser.KUnaryExpression:
			if t.FirstChildOfKind(e, parser.TBang) >= 0 {
				return e
			}
			e = t.NamedChild(e, 0)
			continue
		case parser.KUnsafeBlock:
			b := t.FirstChildOfKind(e, parser.KBlock)
			if b < 0 || len(t.NamedChildren(b)) != 1 {
				return e
			}
			e = flowBlockTail(t, b)
			continue
		case parser.KCallExpression:
			if m := MethodName(t, e); m == "as_mut" || m == "get_mut" || m == "by_ref" {
				if len(Args(t, e)) == 0 {
					e = Receiver(t, e)
					continue
				}
				return e
			}
			path := CalleePath(t, e)
			if seg := LastSegment(path); (seg == "new" || seg == "new_unchecked") && strings.Contains(path, "Pin") {
				if args := Args(t, e); len(args) == 1 {
					e = args[0]
					continue
				}
			}
		}
		return e
	}
	return e
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
	// problem (it spins).
	inLoop := parInnermostLoop(t, pp.call, t.Field(fn, parser.FBody)) >= 0
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
		se := parser.None
		t.Ancestors(d, func(x parser.NodeID) bool {
			if t.Is(x, parser.KStructExpression) {
				se = x
				return false
			}
			return true
		})
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
				if fusedType(ty) || fusedGeneric && t.Is(ty, parser.KTypeIdentifier) || parTimerType(t, ty) && !inLoop {
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

// parFirstTypeArg returns the first type argument of a generic type, or None.
func parFirstTypeArg(t *parser.Tree, ty parser.NodeID) parser.NodeID {
	args := t.FirstChildOfKind(ty, parser.KTypeArguments)
	if args < 0 {
		return parser.None
	}
	return t.NamedChild(args, 0)
}

// parTimerType reports whether a field's type is a timer (`Sleep`, `Delay`, `Timer`,
// through `Pin<Box<..>>`): a fired timer is ready again when polled.
func parTimerType(t *parser.Tree, ty parser.NodeID) bool {
	for ty >= 0 {
		switch t.Kind(ty) {
		case parser.KGenericType:
			name := LastSegment(t.Text(t.Field(ty, parser.FType)))
			if name == "Pin" || name == "Box" {
				ty = parFirstTypeArg(t, ty)
				continue
			}
			return false
		case parser.KTypeIdentifier, parser.KScopedTypeIdentifier:
			switch LastSegment(t.Text(ty)) {
			case "Sleep", "Delay", "Timer":
				return true
			}
		}
		return false
	}
	return false
}

var parKTypeParameter = parser.NamedKind("type_parameter")
var parKWherePredicate = parser.NamedKind("where_predicate")
var parKTypeParameters = parser.NamedKind("type_parameters")

// parFutureBound reports whether name, when it is a type parameter of fn's impl or of fn,
// is bounded by `Future` or `TryFuture` (so that `.poll(cx)` on it is a future's poll). A
// name that is not a type parameter there counts as bounded.
func parFutureBound(t *parser.Tree, fn parser.NodeID, name string) bool {
	isParam, bounded := parParamBound(t, fn, name, "Future", "TryFuture", "FusedFuture")
	return !isParam || bounded
}

// parParamBound reports whether name is a type parameter of fn or of the impl that holds
// it, and whether one of its bounds (inline or in a `where` clause) names one of traits.
func parParamBound(t *parser.Tree, fn parser.NodeID, name string, traits ...string) (isParam, bounded bool) {
	scopes := []parser.NodeID{fn}
	if dl := t.Parent(fn); t.Is(dl, parser.KDeclarationList) && t.Is(t.Parent(dl), parser.KImplItem) {
		scopes = append(scopes, t.Parent(dl))
	}
	check := func(bounds parser.NodeID) {
		for _, b := range t.NamedChildren(bounds) {
			if t.Is(b, parser.KGenericType) {
				b = t.Field(b, parser.FType)
			}
			if slices.Contains(traits, LastSegment(t.Text(b))) {
				bounded = true
			}
		}
	}
	for _, sc := range scopes {
		for c := t.N(sc).FirstChild; c >= 0; c = t.N(c).Next {
			switch {
			case t.Is(c, parKTypeParameters):
				for _, tp := range t.NamedChildren(c) {
					if t.Is(tp, parKTypeParameter) && t.TextIs(t.Field(tp, parser.FName), name) {
						isParam = true
						if b := t.FirstChildOfKind(tp, parser.KTraitBounds); b >= 0 {
							check(b)
						}
					}
				}
			case t.Is(c, parser.KWhereClause):
				for _, wp := range t.NamedChildren(c) {
					if t.Is(wp, parKWherePredicate) && t.TextIs(t.Field(wp, parser.FLeft), name) {
						if b := t.FirstChildOfKind(wp, parser.KTraitBounds); b >= 0 {
							check(b)
						}
					}
				}
			}
		}
	}
	return isParam, bounded
}

// parImplTypeName returns the name of the type whose impl holds fn (`Join` for `impl<A>
// Future for Join<A>`), or "".
func parImplTypeName(t *parser.Tree, fn parser.NodeID) string {
	dl := t.Parent(fn)
	if !t.Is(dl, parser.KDeclarationList) || !t.Is(t.Parent(dl), parser.KImplItem) {
		return ""
	}
	ty := t.Field(t.Parent(dl), parser.FType)
	if t.Is(ty, parser.KGenericType) {
		ty = t.Field(ty, parser.FType)
	}
	if !t.Is(ty, parser.KTypeIdentifier) && !t.Is(ty, parser.KScopedTypeIdentifier) {
		return ""
	}
	return LastSegment(t.Text(ty))
}

// parExemptName matches the type names that may be polled after completion (fused
// wrappers, an Option that is emptied) or that are collections whose own `poll`/`poll_unpin`
// yields one finished future after another (`FuturesSet`, `JoinSet`, `StreamMap`).
var parExemptName = regexp.MustCompile(`^(Fuse|MaybeDone|TryMaybeDone|Option|OptionFuture|Shared)$|(Futures\w*|Set|Map|Queue|Unordered|Ordered|Stream|Streams|Vec|VecDeque|List|Group|Tracker)$`)

// parExemptType looks through `Pin<..>`, `Box<..>` and references at the outermost type.
func parExemptType(t *parser.Tree, ty parser.NodeID) bool {
	for ty >= 0 {
		switch t.Kind(ty) {
		case parser.KReferenceType:
			ty = t.Field(ty, parser.FType)
			continue
		case parser.KGenericType:
			name := LastSegment(t.Text(t.Field(ty, parser.FType)))
			if name == "Pin" || name == "Box" {
				ty = parFirstTypeArg(t, ty)
				continue
			}
			return parExemptName.MatchString(name)
		case parser.KTypeIdentifier, parser.KScopedTypeIdentifier:
			return parExemptName.MatchString(LastSegment(t.Text(ty)))
		}
		return strings.Contains(t.Text(ty), "FusedFuture")
	}
	return false
}

// parFusedConstructor reports whether d builds a future that may be polled after it
// completed: `.fuse()`, `maybe_done(..)`, `Fuse::new(..)`, `OptionFuture::from(..)`, a
// `Fuse { .. }` literal.
func parFusedConstructor(t *parser.Tree, d parser.NodeID) bool {
	switch t.Kind(d) {
	case parser.KCallExpression:
		path := CalleePath(t, d)
		seg := LastSegment(path)
		return MethodName(t, d) == "fuse" || seg == "maybe_done" || seg == "try_maybe_done" ||
			strings.Contains(path, "Fuse::") || strings.Contains(path, "MaybeDone::") || strings.Contains(path, "OptionFuture")
	case parser.KStructExpression:
		name := t.Text(t.Field(d, parser.FName))
		if i := strings.Index(name, "<"); i >= 0 {
			name = name[:i]
		}
		name = LastSegment(strings.TrimSuffix(name, "::"))
		return strings.Contains(name, "Fuse") || strings.Contains(name, "MaybeDone")
	}
	return false
}

// parInnermostLoop returns the innermost loop around n inside body, or None.
func parInnermostLoop(t *parser.Tree, n, body parser.NodeID) parser.NodeID {
	found := parser.None
	t.Ancestors(n, func(a parser.NodeID) bool {
		if a == body || IsBodyBoundary(t, a) {
			return false
		}
		if IsLoop(t, a) {
			found = a
			return false
		}
		return true
	})
	return found
}

// parPollish reports whether n contains a poll of something (a call whose name starts
// with `poll`) or a `ready!`: a condition on such a value is about readiness, not about
// state that records completion.
func parPollish(t *parser.Tree, n parser.NodeID) bool {
	found := false
	WalkBody(t, n, func(d parser.NodeID) bool {
		if found {
			return false
		}
		switch t.Kind(d) {
		case parser.KCallExpression:
			name := MethodName(t, d)
			if name == "" {
				name = LastSegment(CalleePath(t, d))
			}
			if strings.HasPrefix(name, "poll") {
				found = true
			}
		case parser.KMacroInvocation:
			if m := t.MacroName(d); m == "ready" || m == "try_ready" {
				found = true
			}
		}
		return true
	})
	return found
}

// parGuarded reports whether the poll is reached only under some condition between it and
// stop (a body or loop body): an enclosing if / match arm / while / for body / `let ..
// else` or `&&` operand, or an earlier statement that may leave early. Conditions that are
// themselves polls do not count. At function level (join form), `for` and `while` bodies
// count as guarded; within a loop body only the conditions inside it do.
func parGuarded(t *parser.Tree, poll, stop parser.NodeID, fnLevel bool) bool {
	child := poll
	for anc := t.Parent(poll); anc >= 0 && child != stop; anc = t.Parent(anc) {
		switch t.Kind(anc) {
		case parser.KIfExpression:
			if c := t.Field(anc, parser.FCondition); c >= 0 && c != child && !parPollish(t, c) {
				return true
			}
		case parser.KMatchArm:
			if child == t.Field(anc, parser.FValue) {
				if m := t.Parent(t.Parent(anc)); t.Is(m, parser.KMatchExpression) && !parPollish(t, t.Field(m, parser.FValue)) {
					return true
				}
			}
		case parser.KWhileExpression:
			if fnLevel && child == t.Field(anc, parser.FBody) {
				return true
			}
		case parser.KForExpression:
			if fnLevel && child == t.Field(anc, parser.FBody) {
				return true
			}
		case parser.KLetDeclaration:
			if child == t.Field(anc, parser.FAlternative) {
				return true
			}
		case parser.KLetChain:
			// `if self.out.is_none() && let Poll::Ready(v) = fut.poll(cx)`
			for c := t.N(anc).FirstChild; c >= 0 && c != child; c = t.N(c).Next {
				if t.IsNamed(c) && !parPollish(t, c) {
					return true
				}
			}
		case parser.KBinaryExpression:
			if child == t.Field(anc, parser.FRight) {
				op := t.Field(anc, parser.FOperator)
				if (t.Is(op, flowTAndAnd) || t.Is(op, flowTOrOr)) && !parPollish(t, t.Field(anc, parser.FLeft)) {
					return true
				}
			}
		case parser.KBlock, parser.KMacroBody:
			for c := t.N(anc).FirstChild; c >= 0 && c != child; c = t.N(c).Next {
				if t.IsNamed(c) && parEarlyExit(t, c) {
					return true
				}
			}
		}
		if IsBodyBoundary(t, anc) {
			break
		}
		child = anc
	}
	return false
}

// parEarlyExit reports whether statement st may leave early under a condition that is not
// a poll: `if self.done { return .. }`, `let Some(x) = .. else { return .. }`, a match
// with a returning arm.
func parEarlyExit(t *parser.Tree, st parser.NodeID) bool {
	if t.Is(st, parser.KExpressionStatement) {
		st = t.NamedChild(st, 0)
	}
	var cond, rest parser.NodeID = parser.None, parser.None
	switch t.Kind(st) {
	case parser.KIfExpression:
		cond, rest = t.Field(st, parser.FCondition), st
	case parser.KMatchExpression:
		cond, rest = t.Field(st, parser.FValue), t.Field(st, parser.FBody)
	case parser.KLetDeclaration:
		if alt := t.Field(st, parser.FAlternative); alt >= 0 {
			cond, rest = t.Field(st, parser.FValue), alt
		}
	case parser.KWhileExpression:
		cond, rest = t.Field(st, parser.FCondition), t.Field(st, parser.FBody)
	}
	if cond < 0 || rest < 0 || parPollish(t, cond) {
		return false
	}
	exits := false
	WalkBody(t, rest, func(d parser.NodeID) bool {
		if exits || d == cond {
			return false
		}
		switch t.Kind(d) {
		case parser.KReturnExpression:
			exits = true
		case parser.KBreakExpression, parser.KContinueExpression:
			if target := flowBreakTarget(t, d); target < 0 || !t.IsAncestor(st, target) && target != st {
				exits = true
			}
		}
		return true
	})
	return exits
}

// parReadyNode finds where the poll's `Ready` is handled, for a related location: the
// first match arm that can match `Ready`, the consequence of `if let Ready(..) = ..`, the
// `ready!` that passes it on, or the `let` that stores the result.
func parReadyNode(t *parser.Tree, poll parser.NodeID, vars map[string]bool) parser.NodeID {
	child := poll
	for anc := t.Parent(poll); anc >= 0 && !IsBodyBoundary(t, anc); anc = t.Parent(anc) {
		switch t.Kind(anc) {
		case parser.KMatchExpression:
			if t.Field(anc, parser.FValue) == child {
				if mb := t.Field(anc, parser.FBody); mb >= 0 {
					for _, arm := range t.NamedChildren(mb) {
						if t.Is(arm, parser.KMatchArm) && parArmClass(t, arm, parPosition(t, child, poll, vars)) != parPendingOnly {
							return arm
						}
					}
				}
			}
			return parser.None
		case parser.KLetCondition:
			if t.Field(anc, parser.FValue) == child {
				for x := t.Parent(anc); x >= 0; x = t.Parent(x) {
					if t.Is(x, parser.KIfExpression) || t.Is(x, parser.KWhileExpression) {
						if t.Is(x, parser.KIfExpression) {
							return t.Field(x, parser.FConsequence)
						}
						return t.Field(x, parser.FBody)
					}
				}
			}
			return parser.None
		case parser.KMacroInvocation:
			if m := t.MacroName(anc); m == "ready" || m == "try_ready" {
				return anc
			}
		case parser.KLetDeclaration:
			return anc
		case parser.KExpressionStatement, parser.KBlock:
			return parser.None
		}
		child = anc
	}
	return parser.None
}

// Pattern classes for a match on a poll result.
const (
	parAnyArm = iota
	parReadyOnly
	parPendingOnly
)

// parPosition returns where the poll result sits in a scrutinee: -1 for the whole value,
// i for element i of a tuple, -2 when it is not there.
func parPosition(t *parser.Tree, scrut, poll parser.NodeID, vars map[string]bool) int {
	scrut = t.Unparen(scrut)
	if parIsResult(t, scrut, poll, vars) {
		return -1
	}
	if t.Is(scrut, parser.KTupleExpression) {
		for i, c := range t.NamedChildren(scrut) {
			if parIsResult(t, c, poll, vars) {
				return i
			}
		}
	}
	return -2
}

// parIsResult reports whether e is the poll's result: the call itself, a variable bound
// to it, or those through `.map(..)`-like adapters and `?`.
func parIsResult(t *parser.Tree, e, poll parser.NodeID, vars map[string]bool) bool {
	for e >= 0 {
		e = t.Unparen(e)
		if e == poll {
			return true
		}
		switch t.Kind(e) {
		case parser.KIdentifier:
			return vars[t.Text(e)]
		case parser.KTryExpression:
			e = t.NamedChild(e, 0)
			continue
		case parser.KCallExpression:
			switch MethodName(t, e) {
			case "map", "map_ok", "map_err", "map_into", "ok", "err", "into":
				e = Receiver(t, e)
				continue
			}
		}
		return false
	}
	return false
}

// parArmClass classifies a match arm's pattern at the poll result's position.
func parArmClass(t *parser.Tree, arm parser.NodeID, pos int) int {
	pat := t.Field(arm, parser.FPattern)
	if t.Is(pat, parser.KMatchPattern) {
		var inner parser.NodeID = parser.None
		for _, c := range t.NamedChildren(pat) {
			if t.Field(pat, parser.FCondition) == c {
				continue
			}
			inner = c
			break
		}
		pat = inner
	}
	if pos >= 0 {
		if !t.Is(pat, parser.KTuplePattern) {
			return parAnyArm
		}
		kids := t.NamedChildren(pat)
		if pos >= len(kids) {
			return parAnyArm
		}
		pat = kids[pos]
	}
	return parPatternClass(t, pat)
}

var parKOrPattern = parser.NamedKind("or_pattern")
var parKCapturedPattern = parser.NamedKind("captured_pattern")

func parPatternClass(t *parser.Tree, pat parser.NodeID) int {
	switch t.Kind(pat) {
	case parser.KScopedIdentifier, parser.KIdentifier:
		if pwwIsPending(t, pat) {
			return parPendingOnly
		}
	case parser.KTupleStructPattern:
		if ty := t.Field(pat, parser.FType); ty >= 0 && LastSegment(t.Text(ty)) == "Ready" {
			return parReadyOnly
		}
	case parKCapturedPattern:
		kids := t.NamedChildren(pat)
		if len(kids) > 0 {
			return parPatternClass(t, kids[len(kids)-1])
		}
	case parKOrPattern:
		cls := -1
		for _, c := range t.NamedChildren(pat) {
			k := parPatternClass(t, c)
			if cls >= 0 && k != cls {
				return parAnyArm
			}
			cls = k
		}
		if cls >= 0 {
			return cls
		}
	}
	return parAnyArm
}

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
	if a.stream {
		// After the inner stream ended, an item of the outer one means another call.
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
// `x.name.take()`, `mem::replace(&mut x.name, ..)`, `Pin::set(&mut x.name, ..)`. With
// wholeSelf, replacing the whole future (`*self = ..`, `self.set(..)`,
// `self.project_replace(..)`) counts too.
func parWritesPlace(t *parser.Tree, n parser.NodeID, name string, wholeSelf bool) bool {
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

// ---------------------------------------------------------------------------------------
// select! in a loop

func parCheckSelect(p *LocalPass, m parser.NodeID) {
	t := p.Tree
	if !MacroIs(t, m, "select") || !parIsTokioSelect(t, m) {
		return
	}
	for _, b := range SelectBranches(t, m) {
		if !t.Is(b, parser.KSelectBranch) {
			continue
		}
		if t.Field(b, parser.FCondition) >= 0 {
			continue // `, if !done`: the branch is disabled once done
		}
		fut := t.Field(b, parser.FFuture)
		name := parBorrowedFuture(t, fut)
		if name == "" {
			continue
		}
		bind := parBinding(t, name, m)
		if bind < 0 {
			continue
		}
		loop := parLoopBetween(t, m, bind)
		if loop < 0 {
			continue
		}
		origin := parOrigin(t, bind, name)
		if origin >= 0 {
			origin = parFollow(t, origin)
		}
		if origin < 0 || parBindingFused(t, origin) {
			continue
		}
		if !parKnownOneShot(t, origin) {
			continue
		}
		handler := t.Field(b, parser.FHandler)
		if parLeavesLoop(t, handler, loop) {
			continue
		}
		if parWritesInside(t, t.Field(loop, parser.FBody), name, fut) {
			continue // `work.set(..)` somewhere in the loop
		}
		if !parSelectValueDiscarded(t, m, loop) || parHandlerSteersLoop(t, handler, m, loop) {
			continue
		}
		p.Report(parSelectDiagnostic(t, fut, name, handler, loop, origin))
	}
}

// parPanicExample says how the future bound at origin fails when polled after it completed,
// as precisely as its origin shows: a tokio `JoinHandle`, tokio's oneshot `Receiver`, an
// async block or `async fn`; otherwise the async fn case, as the common example.
func parPanicExample(t *parser.Tree, origin parser.NodeID) string {
	const (
		joinHandle = "a tokio `JoinHandle` panics with \"JoinHandle polled after completion\""
		oneshot    = "tokio's oneshot `Receiver` panics with \"called after complete\""
		asyncFn    = "an `async fn`'s future panics with \"`async fn` resumed after completion\""
		asyncBlock = "an `async` block's future panics with \"`async fn` resumed after completion\""
	)
	var ty parser.NodeID = parser.None
	switch t.Kind(origin) {
	case parser.KParameter, parser.KLetDeclaration:
		ty = t.Field(origin, parser.FType)
	}
	if ty >= 0 {
		txt := t.Text(ty)
		switch {
		case strings.Contains(txt, "JoinHandle"):
			return joinHandle
		case strings.Contains(txt, "oneshot::Receiver") && PathIs(t.Imports.Resolve(strings.SplitN(txt, "<", 2)[0]), "tokio::sync::oneshot::Receiver"):
			return oneshot
		}
		return asyncFn
	}
	v := parOriginValue(t, origin)
	switch t.Kind(v) {
	case parser.KAsyncBlock:
		return asyncBlock
	case parser.KCallExpression:
		if _, fut := dtSpawnCall(t, v); fut >= 0 {
			return joinHandle
		}
		if PathIs(CalleePath(t, v), "tokio::sync::oneshot::channel") {
			return oneshot
		}
	}
	return asyncFn
}

func parSelectDiagnostic(t *parser.Tree, fut parser.NodeID, name string, handler, loop, origin parser.NodeID) Diagnostic {
	timer := parBindingRepeats(t, origin)
	d := Diagnostic{Node: fut}
	if timer {
		d.Message = fmt.Sprintf("`%s` is polled again on the next iteration of the loop after it completed: a timer that "+
			"fired (or a notification or cancellation that happened) completes again at once, so this branch runs on every "+
			"iteration", parCompact(t.Text(fut)))
		d.Help = fmt.Sprintf("leave the loop when `%s` completes, re-arm or replace it in the handler "+
			"(`%s.as_mut().reset(Instant::now() + d)`, `%s.set(..)`), or disable the branch once it completed "+
			"(`_ = &mut %s, if !fired => { fired = true; .. }`)", name, name, name, name)
	} else {
		d.Message = fmt.Sprintf("`%s` is polled again on the next iteration of the loop after it completed: `tokio::select!` "+
			"disables a finished branch only for that one call, and polling a finished future may panic (%s)",
			parCompact(t.Text(fut)), parPanicExample(t, origin))
		d.Help = fmt.Sprintf("leave the loop (`break`/`return`) when `%s` completes, replace it in the handler (`%s.set(..)`), "+
			"or disable the branch once it completed: `v = &mut %s, if !done => { done = true; .. }`", name, name, name)
	}
	d.Related = []RelatedNode{
		{Node: handler, Message: fmt.Sprintf("this handler can finish without leaving the loop or replacing `%s`", name)},
		{Node: LoopHead(t, loop), Message: fmt.Sprintf("the loop whose next iteration polls `%s` again", name)},
	}
	if t.Is(origin, parser.KParameter) {
		d.Related = append(d.Related, RelatedNode{Node: origin, Message: fmt.Sprintf("`%s` is passed in here, once, before the loop", name)})
	} else {
		d.Related = append(d.Related, RelatedNode{Node: origin, Message: fmt.Sprintf("`%s` is created once, here, before the loop", name)})
	}
	return d
}

// parIsTokioSelect reports whether a select! is tokio's (not futures', whose branches
// must be fused futures that may be polled after completion).
func parIsTokioSelect(t *parser.Tree, m parser.NodeID) bool {
	mac := t.Field(m, parser.FMacro)
	path := t.Imports.Resolve(t.Text(mac))
	if strings.HasPrefix(path, "futures") || strings.HasPrefix(path, "::futures") {
		return false
	}
	for _, b := range SelectBranches(t, m) {
		if t.Is(b, parser.KSelectElse) {
			txt := t.Text(b)
			if strings.HasPrefix(txt, "complete") || strings.HasPrefix(txt, "default") {
				return false
			}
		}
	}
	return true
}

// parBorrowedFuture returns the variable a branch future borrows: `&mut work`,
// `work.as_mut()`, `Pin::new(&mut work)`; "" otherwise.
func parBorrowedFuture(t *parser.Tree, fut parser.NodeID) string {
	fut = t.Unparen(fut)
	borrowed := false
	switch t.Kind(fut) {
	case parser.KReferenceExpression:
		borrowed = t.FirstChildOfKind(fut, parser.KMutableSpecifier) >= 0
	case parser.KCallExpression:
		borrowed = MethodName(t, fut) == "as_mut" || strings.Contains(CalleePath(t, fut), "Pin::new")
	}
	if !borrowed {
		return ""
	}
	x := parStripPin(t, fut)
	if t.Is(x, parser.KIdentifier) {
		return t.Text(x)
	}
	return ""
}

// parBinding returns the latest `let` (or `pin!(name)` statement) before n in an
// enclosing block of the same body that binds name, or None.
func parBinding(t *parser.Tree, name string, n parser.NodeID) parser.NodeID {
	found := parser.None
	child := n
	t.Ancestors(n, func(anc parser.NodeID) bool {
		if IsBodyBoundary(t, anc) {
			// A parameter of the function or closure.
			if params := t.Field(anc, parser.FParameters); params >= 0 {
				for _, c := range t.NamedChildren(params) {
					if t.Is(c, parser.KParameter) && parPatternBinds(t, t.Field(c, parser.FPattern), name) {
						found = c
					}
				}
			}
			return false
		}
		if t.Is(anc, parser.KBlock) || t.Is(anc, parser.KMacroBody) {
			for c := t.N(anc).FirstChild; c >= 0 && c != child; c = t.N(c).Next {
				if parBinds(t, c, name) {
					found = c
				}
			}
			if found >= 0 {
				return false
			}
		}
		child = anc
		return true
	})
	return found
}

// parBinds reports whether statement st binds name: `let [mut] name = ..`,
// `tokio::pin!(name)`, `pin_mut!(name)`, `pin!(name)`.
func parBinds(t *parser.Tree, st parser.NodeID, name string) bool {
	switch t.Kind(st) {
	case parser.KLetDeclaration:
		return parPatternBinds(t, t.Field(st, parser.FPattern), name)
	case parser.KExpressionStatement:
		st = t.NamedChild(st, 0)
	}
	if t.Is(st, parser.KMacroInvocation) && (MacroIs(t, st, "pin", "pin_mut")) {
		if body := t.MacroBody(st); body >= 0 {
			for _, c := range t.NamedChildren(body) {
				if t.Is(c, parser.KIdentifier) && t.TextIs(c, name) {
					return true
				}
				if t.Is(c, parser.KLetDeclaration) && parPatternBinds(t, t.Field(c, parser.FPattern), name) {
					return true
				}
			}
		} else if tt := t.FirstChildOfKind(st, parser.KTokenTree); tt >= 0 && flowMentions(t, tt, name) {
			return true
		}
	}
	return false
}

// parLoopBetween returns the innermost loop around n that does not contain bind, within
// the same body, or None.
func parLoopBetween(t *parser.Tree, n, bind parser.NodeID) parser.NodeID {
	found := parser.None
	child := n
	t.Ancestors(n, func(anc parser.NodeID) bool {
		if IsBodyBoundary(t, anc) || t.IsAncestor(anc, bind) {
			return false
		}
		if IsLoop(t, anc) && t.Field(anc, parser.FBody) == child {
			found = anc
			return false
		}
		child = anc
		return true
	})
	return found
}

// parOrigin returns the declaration that creates the future bound by statement bind: the
// `let` itself, the `let name = ..` inside `pin! { .. }`, the earlier `let` (or parameter)
// that `tokio::pin!(name)` re-binds, or a parameter. None when it cannot be found.
func parOrigin(t *parser.Tree, bind parser.NodeID, name string) parser.NodeID {
	if t.Is(bind, parser.KLetDeclaration) || t.Is(bind, parser.KParameter) {
		return bind
	}
	st := bind
	if t.Is(st, parser.KExpressionStatement) {
		st = t.NamedChild(st, 0)
	}
	if !t.Is(st, parser.KMacroInvocation) {
		return parser.None
	}
	if body := t.MacroBody(st); body >= 0 {
		for _, c := range t.NamedChildren(body) {
			if t.Is(c, parser.KLetDeclaration) && parPatternBinds(t, t.Field(c, parser.FPattern), name) {
				return c
			}
		}
	}
	if earlier := parBinding(t, name, bind); earlier >= 0 && earlier != bind {
		return parOrigin(t, earlier, name)
	}
	return parser.None
}

// parFollow follows `let fut = pin!(fut);` / `let fut = Box::pin(other);` back to where
// the future was made.
func parFollow(t *parser.Tree, origin parser.NodeID) parser.NodeID {
	for i := 0; i < 4; i++ {
		v := parOriginValue(t, origin)
		if !t.Is(v, parser.KIdentifier) {
			break
		}
		earlier := parBinding(t, t.Text(v), origin)
		if earlier < 0 {
			break
		}
		o := parOrigin(t, earlier, t.Text(v))
		if o < 0 || o == origin {
			break
		}
		origin = o
	}
	return origin
}

// parStripPinning removes `Box::pin(..)`, `pin!(..)`, `Pin::new(..)`, `Box::new(..)`
// around a future expression.
func parStripPinning(t *parser.Tree, v parser.NodeID) parser.NodeID {
	for v >= 0 {
		v = t.Unparen(v)
		switch t.Kind(v) {
		case parser.KCallExpression:
			path := CalleePath(t, v)
			if PathIs(path, "Box::pin", "Box::new", "std::pin::Pin::new", "std::boxed::Box::pin", "std::boxed::Box::new") {
				if args := Args(t, v); len(args) == 1 {
					v = args[0]
					continue
				}
			}
			if m := MethodName(t, v); m == "boxed" || m == "boxed_local" {
				v = Receiver(t, v)
				continue
			}
		case parser.KMacroInvocation:
			if MacroIs(t, v, "pin") {
				if body := t.MacroBody(v); body >= 0 && len(t.NamedChildren(body)) == 1 {
					v = t.NamedChild(body, 0)
					continue
				}
			}
		case parser.KExpressionStatement:
			if t.FirstChildOfKind(v, parser.TSemicolon) < 0 {
				v = t.NamedChild(v, 0)
				continue
			}
		}
		return v
	}
	return v
}

// parOriginValue returns the future expression of an origin `let`, without the pinning.
func parOriginValue(t *parser.Tree, origin parser.NodeID) parser.NodeID {
	if !t.Is(origin, parser.KLetDeclaration) {
		return parser.None
	}
	return parStripPinning(t, t.Field(origin, parser.FValue))
}

// parKnownOneShot reports whether the future bound at origin is recognisably a one-shot
// future: an async block, a call to something (not a `clone()`, not a function of this file
// that never returns), or a parameter typed as a future, join handle or oneshot receiver.
// A variable of some other named type may be a fused signal (`ShutdownSignal`) whose
// poll after completion is harmless: prefer silence.
func parKnownOneShot(t *parser.Tree, origin parser.NodeID) bool {
	futureType := func(ty parser.NodeID) bool {
		txt := t.Text(ty)
		if strings.Contains(txt, "Future") || strings.Contains(txt, "JoinHandle") || strings.Contains(txt, "Receiver") {
			return true
		}
		return false
	}
	switch t.Kind(origin) {
	case parser.KParameter:
		ty := t.Field(origin, parser.FType)
		if futureType(ty) {
			return true
		}
		// A generic `F` bounded by Future in the function's signature.
		if inner := parStripRefType(t, ty); t.Is(inner, parser.KTypeIdentifier) {
			fn := EnclosingBody(t, origin)
			if t.Is(fn, parser.KFunctionItem) && t.Field(fn, parser.FBody) >= 0 {
				sig := string(t.Src[t.N(fn).Start:t.N(t.Field(fn, parser.FBody)).Start])
				return regexp.MustCompile(`\b` + regexp.QuoteMeta(t.Text(inner)) + `\s*:[^,>{]*Future`).MatchString(sig)
			}
		}
		return false
	case parser.KLetDeclaration:
		if ty := t.Field(origin, parser.FType); ty >= 0 {
			return futureType(ty)
		}
		v := parOriginValue(t, origin)
		switch t.Kind(v) {
		case parser.KAsyncBlock:
			return true

		case parser.KAwaitExpression:
			return false
		case parser.KCallExpression:
			if m := MethodName(t, v); m == "clone" || m == "take" || m == "unwrap" || m == "expect" {
				return false
			}
			if parNeverReturns(t, v) {
				return false
			}
			return true
		}
	}
	return false
}

func parStripRefType(t *parser.Tree, ty parser.NodeID) parser.NodeID {
	for t.Is(ty, parser.KReferenceType) {
		ty = t.Field(ty, parser.FType)
	}
	return ty
}

// parNeverReturns reports whether call calls a function of this file that never
// completes: declared `-> !`, or an async fn whose body ends in a `loop` that nothing
// leaves (no `break` out of it, no `return`, no `?`).
func parNeverReturns(t *parser.Tree, call parser.NodeID) bool {
	name := LastSegment(CalleePath(t, call))
	if name == "" {
		return false
	}
	never := false
	t.Walk(0, func(d parser.NodeID) bool {
		if never {
			return false
		}
		if !t.Is(d, parser.KFunctionItem) || !t.TextIs(t.Field(d, parser.FName), name) {
			return true
		}
		if rt := t.Field(d, parser.FReturnType); rt >= 0 && t.TextIs(rt, "!") {
			never = true
			return false
		}
		body := t.Field(d, parser.FBody)
		if body < 0 {
			return false
		}
		tail := parser.None // the last statement, `loop { .. }` with or without `;`
		for c := t.N(body).FirstChild; c >= 0; c = t.N(c).Next {
			if t.IsNamed(c) && !t.IsComment(c) {
				tail = c
			}
		}
		if t.Is(tail, parser.KExpressionStatement) {
			tail = t.NamedChild(tail, 0)
		}
		if !t.Is(tail, parser.KLoopExpression) {
			return false
		}
		leaves := false
		WalkBody(t, body, func(x parser.NodeID) bool {
			switch t.Kind(x) {
			case parser.KReturnExpression, parser.KTryExpression:
				leaves = true
			case parser.KBreakExpression:
				if flowBreakTarget(t, x) == tail {
					leaves = true
				}
			}
			return !leaves
		})
		never = !leaves
		return false
	})
	return never
}

// parBindingFused reports whether the bound future is fused or otherwise safe to poll
// after completion (`.fuse()`, `Fuse::..`, `MaybeDone`, `OptionFuture`).
func parBindingFused(t *parser.Tree, origin parser.NodeID) bool {
	if ty := t.Field(origin, parser.FType); ty >= 0 && parExemptType(t, ty) {
		return true
	}
	v := parOriginValue(t, origin)
	if v < 0 {
		return false
	}
	fused := false
	t.Walk(v, func(d parser.NodeID) bool {
		if fused {
			return false
		}
		if parFusedConstructor(t, d) {
			fused = true
		}
		return !IsBodyBoundary(t, d)
	})
	return fused
}

// parBindingRepeats reports whether the bound future completes again, immediately, when
// polled after it completed: a timer (`sleep(..)`), `notify.notified()`,
// `token.cancelled()`. Re-polling does not panic, but the branch fires on every iteration.
func parBindingRepeats(t *parser.Tree, origin parser.NodeID) bool {
	v := parOriginValue(t, origin)
	if !t.Is(v, parser.KCallExpression) {
		return false
	}
	switch MethodName(t, v) {
	case "notified", "cancelled", "cancelled_owned":
		return true
	}
	path := CalleePath(t, v)
	switch LastSegment(path) {
	case "sleep", "sleep_until", "delay_for", "delay_until":
		return true
	}
	for full, k := range selectTimers {
		if !k.wraps && PathIs(path, full) {
			return true
		}
	}
	return false
}

// parLeavesLoop reports whether a handler leaves the loop on every path: a `break` out of
// the loop (or an outer one), a `return`, a `continue` of an outer loop or a panic.
func parLeavesLoop(t *parser.Tree, h, loop parser.NodeID) bool {
	return cfg.LeavesLoop(t, h, loop)
}

// parWritesInside reports whether anything in n (outside skip) replaces the variable name.
func parWritesInside(t *parser.Tree, n parser.NodeID, name string, skip parser.NodeID) bool {
	found := false
	t.Walk(n, func(d parser.NodeID) bool {
		if found || d == skip {
			return false
		}
		if parWritesPlace(t, d, name, false) {
			found = true
		}
		// `tokio::pin!(name)` / `let name = ..` again: a new future.
		if d != n && parBinds(t, d, name) {
			found = true
		}
		return true
	})
	return found
}

// parSelectValueDiscarded reports whether the value of the select! is thrown away: a
// statement, or the tail of the loop body.
func parSelectValueDiscarded(t *parser.Tree, m, loop parser.NodeID) bool {
	par := t.Parent(m)
	if t.Is(par, parser.KExpressionStatement) {
		return true
	}
	if t.Is(par, parser.KBlock) && par == t.Field(loop, parser.FBody) {
		return true
	}
	return false
}

// parHandlerSteersLoop reports whether the handler writes state that decides whether the
// loop goes on: a variable or field it assigns is read by the while condition, or by a
// later statement of the loop body that may leave the loop.
func parHandlerSteersLoop(t *parser.Tree, handler, m, loop parser.NodeID) bool {
	written := map[string]bool{}
	WalkBody(t, handler, func(d parser.NodeID) bool {
		if name, _ := pwwWrittenState(t, d); name != "" {
			written[name] = true
		}
		if t.Is(d, parser.KCallExpression) && MethodName(t, d) == "push" {
			if name := pwwStateName(t, Receiver(t, d)); name != "" {
				written[name] = true
			}
		}
		return true
	})
	if len(written) == 0 {
		return false
	}
	reads := func(n parser.NodeID) bool {
		hit := false
		t.Walk(n, func(d parser.NodeID) bool {
			if hit {
				return false
			}
			if (t.Is(d, parser.KIdentifier) || t.Is(d, parser.KFieldIdentifier)) && written[t.Text(d)] {
				hit = true
			}
			return true
		})
		return hit
	}
	if t.Is(loop, parser.KWhileExpression) && reads(t.Field(loop, parser.FCondition)) {
		return true
	}
	// Later statements of the loop body (after the statement holding the select).
	body := t.Field(loop, parser.FBody)
	stmt := m
	for t.Parent(stmt) != body && t.Parent(stmt) >= 0 {
		stmt = t.Parent(stmt)
	}
	for c := t.N(stmt).Next; c >= 0; c = t.N(c).Next {
		if !t.IsNamed(c) {
			continue
		}
		leaves := false
		WalkBody(t, c, func(d parser.NodeID) bool {
			switch t.Kind(d) {
			case parser.KReturnExpression:
				leaves = true
			case parser.KBreakExpression:
				if target := flowBreakTarget(t, d); target == loop || target >= 0 && t.IsAncestor(target, loop) {
					leaves = true
				}
			}
			return !leaves
		})
		if leaves && reads(c) {
			return true
		}
	}
	return false
}
