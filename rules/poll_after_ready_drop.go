package rules

import (
	"fmt"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// A finished future revived by `Drop` (issue 13, capability 6; apache/fluss-rust#221): a
// wrapper future polls the future it keeps in a field, and when that returns `Ready` it
// records the end somewhere else (`self.finished = true`) but leaves the field in place. Its
// `impl Drop` then takes the field out and awaits it, or spawns a task that does, to finish
// work a cancelled caller left behind. After a normal completion that future is polled
// again: an `async` block panics ("`async fn` resumed after completion"), other futures
// misbehave.
//
// Reported at the take in `drop`, when the file's `impl Future` (or `Stream`) for the same
// type polls that field and never writes it (`self.inner = None`, `.take()`, `.set(..)`,
// `mem::replace`) and `drop` takes it without first testing the value's state (an `if`
// on a field of `self` before the take, such as `if !self.finished`).

// parCheckDropRevive checks `fn drop` of an `impl Drop`.
func parCheckDropRevive(p *Pass, fn parser.NodeID) {
	t := p.Tree
	if !t.TextIs(t.Field(fn, parser.FName), "drop") || !p.Mentions("Drop") || !p.Mentions("take") {
		return
	}
	impl := t.AncestorOfKind(fn, parser.KImplItem)
	if impl < 0 || LastSegment(parGenericBase(t.Text(t.Field(impl, parser.FTrait)))) != "Drop" {
		return
	}
	typ := LastSegment(parGenericBase(t.Text(t.Field(impl, parser.FType))))
	body := t.Field(fn, parser.FBody)
	if typ == "" || body < 0 {
		return
	}
	t.Walk(body, func(d parser.NodeID) bool {
		if !t.Is(d, parser.KCallExpression) || MethodName(t, d) != "take" || len(Args(t, d)) != 0 {
			return true
		}
		field := SelfField(t, Receiver(t, d))
		if field == "" {
			return true
		}
		name := parTakenInto(t, d)
		if name == "" || !parRevives(t, body, name) || parStateTestedBefore(t, body, d) {
			return true
		}
		poll, site := parPollOfField(t, typ, field)
		if poll < 0 {
			return true
		}
		p.Report(Diagnostic{
			Node: d,
			Message: fmt.Sprintf("`drop` takes `self.%s` out and runs it on, but `%s` leaves `self.%s` in place after it returned `Ready`: "+
				"after a normal completion the finished future is polled again", field, t.Text(t.Field(poll, parser.FName)), field),
			Help: fmt.Sprintf("clear the field when its poll returns `Ready` (`self.%s = None;`), so that `drop` finds nothing to run", field),
			Notes: []string{"a future polled after it returned `Ready` may panic (an `async` block or `async fn`: \"`async fn` resumed after completion\") or misbehave; " +
				"a flag set on `Ready` (`self.finished = true`) does not help unless `drop` tests it"},
			Related: []RelatedNode{{Node: site, Message: fmt.Sprintf("`self.%s` is polled here, and nothing in `%s` takes it out or replaces it when it is `Ready`", field, t.Text(t.Field(poll, parser.FName)))}},
		})
		return true
	})
}

// parGenericBase strips generic arguments from a type's text: `Wrapper<F>` gives `Wrapper`.
func parGenericBase(s string) string {
	if i := strings.IndexByte(s, '<'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// parTakenInto returns the name a take is bound to: `if let Some(f) = self.x.take()`,
// `let f = self.x.take()` (`?`-free), or "".
func parTakenInto(t *parser.Tree, take parser.NodeID) string {
	up := t.Parent(take)
	if !t.Is(up, parser.KLetCondition) && !t.Is(up, parser.KLetDeclaration) || t.Field(up, parser.FValue) != take {
		return ""
	}
	ids, _ := appendPatternBindings(nil, t, t.Field(up, parser.FPattern))
	if len(ids) != 1 {
		return ""
	}
	return t.Text(ids[0])
}

// parRevives reports whether body runs the future named name on: awaits it (in an async
// block too), polls it, or hands it to a spawn or `block_on`; also under a name it is
// rebound to (`if let Some(f) = rest`).
func parRevives(t *parser.Tree, body parser.NodeID, name string) bool {
	names := map[string]bool{name: true}
	t.Walk(body, func(d parser.NodeID) bool {
		if (t.Is(d, parser.KLetCondition) || t.Is(d, parser.KLetDeclaration)) && names[t.Text(t.Unparen(t.Field(d, parser.FValue)))] {
			ids, _ := appendPatternBindings(nil, t, t.Field(d, parser.FPattern))
			for _, id := range ids {
				names[t.Text(id)] = true
			}
		}
		return true
	})
	for n := range names {
		if parRunsOn(t, body, n) {
			return true
		}
	}
	return false
}

// parRunsOn is parRevives for one name.
func parRunsOn(t *parser.Tree, body parser.NodeID, name string) bool {
	found := false
	t.Walk(body, func(d parser.NodeID) bool {
		if found {
			return false
		}
		switch t.Kind(d) {
		case parser.KAwaitExpression:
			found = t.TextIs(t.Unparen(t.NamedChild(d, 0)), name)
		case parser.KCallExpression:
			callee := LastSegment(CalleePath(t, d))
			if m := MethodName(t, d); m != "" {
				callee = m
			}
			if strings.HasPrefix(callee, "spawn") || callee == "block_on" {
				for _, a := range Args(t, d) {
					found = found || t.TextIs(t.Unparen(a), name)
				}
			}
			if strings.HasPrefix(callee, "poll") && t.TextIs(t.Unparen(Receiver(t, d)), name) {
				found = true
			}
		}
		return !found
	})
	return found
}

// parStateTestedBefore reports whether an `if` (or `match`) that tests a field of `self`
// comes before the take in drop's body, around it or as an early return: the value's state
// decides whether the future is run on.
func parStateTestedBefore(t *parser.Tree, body, take parser.NodeID) bool {
	tested := false
	t.Walk(body, func(d parser.NodeID) bool {
		if tested || t.N(d).Start >= t.N(take).Start {
			return false
		}
		var cond parser.NodeID = parser.None
		switch t.Kind(d) {
		case parser.KIfExpression:
			cond = t.Field(d, parser.FCondition)
		case parser.KMatchExpression:
			cond = t.Field(d, parser.FValue)
		}
		if cond >= 0 && !(t.Is(cond, parser.KLetCondition) && t.Field(cond, parser.FValue) == take) {
			tested = strings.Contains(t.Text(cond), "self.")
		}
		return !tested
	})
	return tested
}

// parPollOfField finds, in the file's `impl Future` or `impl Stream` for typ, the poll
// function that polls field and never writes it; it returns that fn and the poll, or None.
func parPollOfField(t *parser.Tree, typ, field string) (fn, site parser.NodeID) {
	fn, site = parser.None, parser.None
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if site >= 0 {
			return false
		}
		if !t.Is(d, parser.KImplItem) {
			return !IsBodyBoundary(t, d)
		}
		tr := LastSegment(parGenericBase(t.Text(t.Field(d, parser.FTrait))))
		if tr != "Future" && tr != "Stream" || LastSegment(parGenericBase(t.Text(t.Field(d, parser.FType)))) != typ {
			return false
		}
		t.Walk(d, func(m parser.NodeID) bool {
			if !t.Is(m, parser.KFunctionItem) {
				return site < 0
			}
			if name := t.Text(t.Field(m, parser.FName)); name != "poll" && name != "poll_next" {
				return false
			}
			if s := parFieldPolled(t, m, field); s >= 0 && !parFieldWritten(t, m, field) {
				fn, site = m, s
			}
			return false
		})
		return false
	})
	return fn, site
}

// parFieldPolled returns a call in fn that polls `self.field` (through `as_mut()`,
// `expect(..)`, `Pin::new(&mut ..)` on the way), or None.
func parFieldPolled(t *parser.Tree, fn parser.NodeID, field string) parser.NodeID {
	found := parser.None
	t.Walk(t.Field(fn, parser.FBody), func(d parser.NodeID) bool {
		if found >= 0 {
			return false
		}
		if !t.Is(d, parser.KCallExpression) || !strings.HasPrefix(MethodName(t, d), "poll") {
			return true
		}
		for _, e := range append([]parser.NodeID{Receiver(t, d)}, Args(t, d)...) {
			if parMentionsSelfField(t, e, field) || parBoundFromField(t, fn, parRootName(t, e), field) {
				found = d
			}
		}
		return found < 0
	})
	return found
}

// parMentionsSelfField reports whether e contains `self.field` (or `this.field`).
func parMentionsSelfField(t *parser.Tree, e parser.NodeID, field string) bool {
	hit := false
	t.Walk(e, func(d parser.NodeID) bool {
		if SelfField(t, d) == field {
			hit = true
		}
		return !hit
	})
	return hit
}

// parFieldWritten reports whether fn writes `self.field` anywhere (parWritesPlace: an
// assignment, `take`/`replace`/`set`, `mem::replace`, a method of the file that does, or
// replacing the whole value).
func parFieldWritten(t *parser.Tree, fn parser.NodeID, field string) bool {
	written := false
	t.Walk(t.Field(fn, parser.FBody), func(d parser.NodeID) bool {
		written = written || parWritesPlace(t, d, field, true)
		return !written
	})
	return written
}

// parRootName returns the local a receiver chain starts from (`f` of `f.as_mut()`,
// `Pin::new(&mut f)`'s argument is handled by the caller), or "".
func parRootName(t *parser.Tree, e parser.NodeID) string {
	for {
		e = t.Unparen(e)
		switch t.Kind(e) {
		case parser.KIdentifier:
			return t.Text(e)
		case parser.KReferenceExpression:
			e = t.Field(e, parser.FValue)
		case parser.KCallExpression:
			f := t.Field(e, parser.FFunction)
			if !t.Is(f, parser.KFieldExpression) {
				return ""
			}
			e = t.Field(f, parser.FValue)
		default:
			return ""
		}
	}
}

// parBoundFromField reports whether fn binds name from `self.field`: a `let`, `if let` or
// `match` arm pattern whose value mentions it (`match self.pending.as_mut() { Some(f) => ..`).
func parBoundFromField(t *parser.Tree, fn parser.NodeID, name, field string) bool {
	if name == "" {
		return false
	}
	bound := false
	t.Walk(t.Field(fn, parser.FBody), func(d parser.NodeID) bool {
		if bound {
			return false
		}
		var pat, val parser.NodeID = parser.None, parser.None
		switch t.Kind(d) {
		case parser.KLetCondition, parser.KLetDeclaration:
			pat, val = t.Field(d, parser.FPattern), t.Field(d, parser.FValue)
		case parser.KMatchArm:
			if m := t.Parent(t.Parent(d)); t.Is(m, parser.KMatchExpression) {
				pat, val = t.Field(d, parser.FPattern), t.Field(m, parser.FValue)
			}
		}
		if pat >= 0 && val >= 0 && parMentionsSelfField(t, val, field) {
			ids, _ := appendPatternBindings(nil, t, pat)
			for _, id := range ids {
				bound = bound || t.TextIs(id, name)
			}
		}
		return !bound
	})
	return bound
}
