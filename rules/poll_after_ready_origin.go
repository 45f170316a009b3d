package rules

import (
	"regexp"
	"slices"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// poll_after_ready, select loops: where a branch's future comes from (its binding and
// origin), whether that is a one-shot or fused future, and whether the handler leaves or
// steers the loop.

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
	// Ancestors nest: when one below the loop holds bind, so does the loop.
	if loop := EnclosingLoop(t, n); loop >= 0 && !t.IsAncestor(loop, bind) {
		return loop
	}
	return parser.None
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
			return !parNeverCompletes(t, v)

		case parser.KAwaitExpression:
			return false
		case parser.KCallExpression:
			if m := MethodName(t, v); m == "clone" || m == "take" || m == "unwrap" || m == "expect" {
				return false
			}
			if parNeverReturns(t, v) || parPendingForever(t, v) || parRepollableRecv(t, v) {
				return false
			}
			return true
		}
	}
	return false
}

// parRepollableRecv reports whether call is the `recv()` of an async-channel receiver
// (`async_channel::Receiver`, or a binding made by `async_channel::bounded`/`unbounded`):
// its `Recv` future keeps no finished state (it tries the channel again and re-arms its
// listener on every poll), so polled after `Ready` it delivers the next message, or the
// closed error, instead of panicking.
func parRepollableRecv(t *parser.Tree, call parser.NodeID) bool {
	if MethodName(t, call) != "recv" || len(Args(t, call)) != 0 {
		return false
	}
	found := false
	biOrigins(t, Receiver(t, call), 0, func(path string, _ bool) bool {
		if strings.HasPrefix(path, "async_channel::") {
			found = true
			return false
		}
		return true
	})
	return found
}

func parStripRefType(t *parser.Tree, ty parser.NodeID) parser.NodeID {
	for t.Is(ty, parser.KReferenceType) {
		ty = t.Field(ty, parser.FType)
	}
	return ty
}

// parNeverReturns reports whether call calls a function of this file that never
// completes: declared `-> !`, or one whose body never completes (parNeverCompletes). A
// method is found by its name (`self.discovery()`), among the fns that take self.
func parNeverReturns(t *parser.Tree, call parser.NodeID) bool {
	name, method := LastSegment(CalleePath(t, call)), false
	if name == "" {
		name, method = MethodName(t, call), true
	}
	if name == "" {
		return false
	}
	body := FileFnBody(t, name, method)
	if body < 0 {
		return false
	}
	fn := t.Parent(body)
	if rt := t.Field(fn, parser.FReturnType); rt >= 0 && parUninhabited(t, rt) {
		return true
	}
	return parNeverCompletes(t, fn)
}

// parUninhabited reports whether type ty has no values, so that a future with that output
// never completes: `!`, `Infallible` (std's, core's), futures' `Never` (an alias of it), or
// an enum of this file with no variants (`enum Void {}`).
func parUninhabited(t *parser.Tree, ty parser.NodeID) bool {
	if t.TextIs(ty, "!") {
		return true
	}
	if !t.Is(ty, parser.KTypeIdentifier) && !t.Is(ty, parser.KScopedTypeIdentifier) {
		return false
	}
	switch path := t.Imports.Resolve(t.Text(ty)); path {
	case "Infallible", "std::convert::Infallible", "core::convert::Infallible",
		"futures::never::Never", "futures_util::never::Never", "Never":
		return true
	}
	name := t.Text(ty)
	return t.Find(t.Root(), func(d parser.NodeID) (bool, bool) {
		switch t.Kind(d) {
		case parser.KEnumItem:
			body := t.Field(d, parser.FBody)
			return t.TextIs(t.Field(d, parser.FName), name) && body >= 0 && len(t.NamedChildren(body)) == 0, false
		case parser.KFunctionItem, parser.KImplItem, parser.KStructItem:
			return false, false
		}
		return false, true
	}) >= 0
}

// parPendingForever reports whether call makes a future that never completes:
// `future::pending()` of std, core or futures.
func parPendingForever(t *parser.Tree, call parser.NodeID) bool {
	if MethodName(t, call) != "" || len(Args(t, call)) != 0 {
		return false
	}
	path := t.Imports.Resolve(CalleePath(t, call))
	for _, p := range []string{"std::future::pending", "core::future::pending", "futures::future::pending", "futures_util::future::pending", "future::pending"} {
		if path == p || strings.HasPrefix(path, p+"::<") {
			return true
		}
	}
	return false
}

// parNeverCompletes reports whether a body (a fn, an async block) never completes: no path
// from its start reaches its end or a `return` or `?`; it loops forever (`loop {
// interval.tick().await; .. }`) or panics. Its future is never `Ready`, so it cannot be
// polled after it completed.
func parNeverCompletes(t *parser.Tree, body parser.NodeID) bool {
	g := cfg.Of(t, body)
	return g != nil && !g.Reaches(cfg.Entry, cfg.Exit)
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
	for full, k := range timerConstructors {
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
func parWritesInside(t *parser.Tree, n parser.NodeID, name string, skip ...parser.NodeID) bool {
	found := false
	t.Walk(n, func(d parser.NodeID) bool {
		if found || slices.Contains(skip, d) {
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
// loop goes on: a variable or field it assigns is read by the while condition, or by
// another statement of the loop body that may leave the loop: a later one, or an earlier
// one, which the next turn runs before it reaches the select again (`if
// deadline.is_some() { return finish().await }` at the top of the loop; set UB).
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
	// The other statements of the loop body (before and after the one holding the select).
	body := t.Field(loop, parser.FBody)
	stmt := m
	for t.Parent(stmt) != body && t.Parent(stmt) >= 0 {
		stmt = t.Parent(stmt)
	}
	for c := t.N(body).FirstChild; c >= 0; c = t.N(c).Next {
		if !t.IsNamed(c) || c == stmt {
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
