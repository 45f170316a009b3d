package rules

// poll_after_ready: futures of the crate that may be polled again after `Ready`. A `Future`
// impl whose `poll` keeps no state of its own (it reads the next packet off a connection it
// borrows, it asks a shared queue) has no finished state to get wrong: polling it again after
// `Ready` does the same work again (`ReadPacket`, polled once per frame by a stream). The
// impl may sit in another file than the field polled, so each impl's poll is recorded as a
// crate fact and a finding on a field of such a type is settled against them.

import (
	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// parFutureFact is one `impl Future for T` of the crate, and whether its poll keeps no
// state of its own.
type parFutureFact struct {
	Type        string
	Restartable bool
	// Panics: the poll can panic by itself (a diverging macro of cfg's table, `expect(..)` or
	// `unwrap()` on what `self` holds: `self.value.take().expect("polled after completion")`).
	Panics bool
	// NeverReady: the poll returns `Poll::Pending` on every way out (a driver future that
	// runs for as long as it is polled), so it is never polled after a `Ready`.
	NeverReady bool
}

var parFutureKey = NewFactKey[parFutureFact]("poll_after_ready/future")

// parRecordFuture records the `poll` of an `impl Future for T` (fn is that poll).
func parRecordFuture(p *Pass, fn parser.NodeID) {
	t := p.Tree
	if !t.TextIs(t.Field(fn, parser.FName), "poll") {
		return
	}
	impl := enclosingImpl(t, fn, implOfItem)
	if impl < 0 || LastSegment(t.Text(t.Field(impl, parser.FTrait))) != "Future" {
		return
	}
	name := implTypeName(t, impl, implNamePath)
	if name == "" {
		return
	}
	Record(p, parFutureKey.For(name), parFutureFact{Type: name, Restartable: parPollKeepsNoState(t, fn), Panics: parPollPanics(t, fn),
		NeverReady: parPollNeverReady(t, fn)})
}

// parPollNeverReady reports whether every value a poll fn's body can return is
// `Poll::Pending`: no other leaf (flowExits), no `?` and no `return` without a value, no
// `Ready(..)` made anywhere in it (bound first and returned later), and no macro but
// `ready!` (which returns `Pending` only) or a logging one whose tokens could hide one.
func parPollNeverReady(t *parser.Tree, fn parser.NodeID) bool {
	body := t.Field(fn, parser.FBody)
	if body < 0 {
		return false
	}
	never, leaves := true, 0
	flowExits(t, body, func(x parser.NodeID) {
		leaves++
		if !IsPollPending(t, x) {
			never = false
		}
	}, func() { never = false })
	if !never || leaves == 0 {
		return false
	}
	WalkBody(t, body, func(d parser.NodeID) bool {
		switch t.Kind(d) {
		case parser.KCallExpression:
			if LastSegment(t.Text(t.Field(d, parser.FFunction))) == "Ready" {
				never = false
			}
		case parser.KMacroInvocation:
			if m := t.MacroName(d); m != "ready" && TextMentions(t, d, "Ready") {
				never = false
			}
		}
		return never
	})
	return never
}

// parPollPanics reports whether a poll fn's body can panic by itself: a diverging macro of
// cfg's table (`panic!`, `unreachable!` ...) or `expect(..)`/`unwrap()` on what `self` (or
// the `this` of a projection) holds.
func parPollPanics(t *parser.Tree, fn parser.NodeID) bool {
	body := t.Field(fn, parser.FBody)
	if body < 0 {
		return false
	}
	panics := false
	WalkBody(t, body, func(d parser.NodeID) bool {
		switch t.Kind(d) {
		case parser.KMacroInvocation:
			panics = panics || cfg.DivergingMacro(t.MacroName(d))
		case parser.KCallExpression:
			if m := MethodName(t, d); (m == "expect" || m == "unwrap") && parSelfRooted(t, Receiver(t, d)) {
				panics = true
			}
		}
		return !panics
	})
	return panics
}

// parSelfRooted reports whether place e starts from the value a poll fn works on: `self`,
// `this` (a projection), through fields, indexes, derefs, borrows and method calls
// (`self.value`, `(*self).0`, `this.state.as_mut()`).
func parSelfRooted(t *parser.Tree, e parser.NodeID) bool {
	for i := 0; i < 32 && e >= 0; i++ {
		e = t.Unparen(e)
		switch t.Kind(e) {
		case parser.KSelf:
			return true
		case parser.KIdentifier:
			return t.TextIs(e, "this")
		case parser.KFieldExpression:
			e = t.Field(e, parser.FValue)
		case parser.KIndexExpression, parser.KUnaryExpression:
			e = t.NamedChild(e, 0)
		case parser.KReferenceExpression:
			e = t.Field(e, parser.FValue)
		case parser.KCallExpression:
			if MethodName(t, e) == "" {
				return false
			}
			e = Receiver(t, e)
		default:
			return false
		}
	}
	return false
}

// parPollKeepsNoState reports whether a poll fn's body changes no state of its value: no
// assignment to `self`, `this` or what they hold, no `take`, `replace`, `set` or
// `get_or_insert_with` on them, no `mem::replace`/`take`/`swap`, and no panic for a finished
// state (a diverging macro of cfg's table, `expect(..)` on `self`'s fields). What it calls on its
// fields may change them (a connection's read position), as reading a stream does.
func parPollKeepsNoState(t *parser.Tree, fn parser.NodeID) bool {
	body := t.Field(fn, parser.FBody)
	if body < 0 {
		return false
	}
	keeps := true
	WalkBody(t, body, func(d parser.NodeID) bool {
		if !keeps {
			return false
		}
		switch t.Kind(d) {
		case parser.KAssignmentExpression, parser.KCompoundAssignment:
			if parSelfRooted(t, t.Field(d, parser.FLeft)) {
				keeps = false
			}
		case parser.KCallExpression:
			switch MethodName(t, d) {
			case "take", "replace", "set", "get_or_insert_with", "get_or_insert", "insert", "expect":
				if parSelfRooted(t, Receiver(t, d)) {
					keeps = false
				}
			case "":
				switch LastSegment(CalleePath(t, d)) {
				case "replace", "take", "swap":
					keeps = false
				}
			}
		case parser.KMacroInvocation:
			if cfg.DivergingMacro(t.MacroName(d)) { // the knowledge base's one table
				keeps = false
			}
		}
		return keeps
	})
	return keeps
}

// parFieldTypeName names the type of the field place of the struct the poll fn's impl is
// for, when that struct is declared in this file: the last segment of its path, through
// `Pin<Box<..>>`; "" otherwise.
func parFieldTypeName(t *parser.Tree, fn parser.NodeID, place string) string {
	owner := parImplTypeName(t, fn)
	if owner == "" {
		return ""
	}
	st := FileItem(t, parser.KStructItem, owner)
	if st < 0 {
		return ""
	}
	name := ""
	t.Walk(st, func(f parser.NodeID) bool {
		if name == "" && t.Is(f, parser.KFieldDeclaration) && t.TextIs(t.Field(f, parser.FName), place) {
			ty := t.Field(f, parser.FType)
			for t.Is(ty, parser.KGenericType) {
				base := LastSegment(t.Text(t.Field(ty, parser.FType)))
				if base != "Pin" && base != "Box" {
					ty = t.Field(ty, parser.FType)
					break
				}
				ty = FirstTypeArg(t, ty)
			}
			if t.Is(ty, parser.KTypeIdentifier) || t.Is(ty, parser.KScopedTypeIdentifier) {
				name = LastSegment(t.Text(ty))
			}
		}
		return name == ""
	})
	return name
}

// parReportUnlessRestartable reports d, a finding on the poll of field place, unless every
// `impl Future` the crate has for the field's type keeps no state (parPollKeepsNoState) or
// never returns `Ready` (parPollNeverReady).
func parReportUnlessRestartable(p *Pass, fn parser.NodeID, place string, d Diagnostic) {
	name := parFieldTypeName(p.Tree, fn, place)
	if name == "" {
		p.Report(d)
		return
	}
	p.ReportLater(d, func(c *Crate, f *finding.Finding) bool {
		impls := Facts(c, parFutureKey.For(name))
		if len(impls) == 0 {
			return true
		}
		for _, x := range impls {
			if !x.Restartable && !x.NeverReady {
				return true
			}
		}
		return false
	})
}
