package rules

import (
	"fmt"
	"strings"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
)

// A package that polls its futures itself, in a loop, with a waker that does nothing (issue
// 12).
//
// `let waker = noop_waker(); let mut cx = Context::from_waker(&waker); loop { for f in &mut
// tasks { f.as_mut().poll(&mut cx); } }`: an executor of the package's own that re-polls
// every future on each turn (a busy executor, a GUI event loop that polls its root future
// after every event). A `Pending` that registers nothing is polled again on the next turn
// there by design; it would hang only under an executor that waits for wake-ups. Judged on
// the final fresh set UY: a toy busy executor and a winit executor, both DEBATABLE; on set TX
// a JNI driver that busy-polls its scans (with `poll!`, which this does not see).
//
// Only production code counts: tests poll with no-op wakers all the time, once or twice,
// to look at one result.

// pwwBusyDriverFact records the places where the package makes a no-op waker's Context to
// poll with.
var pwwBusyDriverFact = NewFactKey[pwwDriver]("pending_without_waker.busy_driver")

// pwwRecordBusyDrivers records each `Context::from_waker(w)` of production code whose waker
// w is a no-op one (`noop_waker()`, `noop_waker_ref()`, `Waker::noop()`, a fn of the crate
// named so, directly or through a `let`) in a fn that loops or hands a closure on (the
// event loop's callback).
func pwwRecordBusyDrivers(p *Pass) {
	if !p.Mentions("from_waker") || !p.Mentions("noop") {
		return
	}
	if c, ok := fileContext(p.Info); ok && c.Kind != CtxProduction {
		return
	}
	t := p.Tree
	t.Walk(0, func(d parser.NodeID) bool {
		if !t.Is(d, parser.KCallExpression) || !strings.HasSuffix(CalleePath(t, d), "Context::from_waker") {
			return true
		}
		args := Args(t, d)
		if len(args) != 1 || !pwwNoopWaker(t, args[0]) {
			return true
		}
		if c, _ := nodeContext(t, d); c.Kind != CtxProduction {
			return true
		}
		fn := t.AncestorOfKind(d, parser.KFunctionItem)
		if fn < 0 || !pwwLoopsOrCallsBack(t, t.Field(fn, parser.FBody)) {
			return true
		}
		Record(p, pwwBusyDriverFact, pwwDriver{Path: p.Info.Path, Line: t.Span(d).Start.Line})
		return true
	})
}

// pwwNoopWaker reports whether e (a `from_waker` argument) is a no-op waker: its text, or
// the value of the `let` that binds it, calls something named for a no-op waker.
func pwwNoopWaker(t *parser.Tree, e parser.NodeID) bool {
	e = t.Unparen(e)
	for t.Is(e, parser.KReferenceExpression) {
		e = t.Unparen(t.Field(e, parser.FValue))
	}
	if t.Is(e, parser.KIdentifier) {
		if _, v := PlainLet(t, e); v >= 0 {
			e = v
		}
	}
	text := strings.ToLower(t.Text(e))
	return strings.Contains(text, "noop_waker") || strings.Contains(text, "waker::noop")
}

// pwwLoopsOrCallsBack reports whether body has a loop or a closure: a driver polls on each
// turn of a loop, or in the callback an event loop runs per event.
func pwwLoopsOrCallsBack(t *parser.Tree, body parser.NodeID) bool {
	found := false
	t.Walk(body, func(d parser.NodeID) bool {
		if found {
			return false
		}
		if IsLoop(t, d) || t.Is(d, parser.KClosureExpression) {
			found = true
		}
		return true
	})
	return found
}

// pwwSettleBusy lowers a warning to a note in a package that busy-polls its futures with a
// no-op waker (pwwBusyDriverFact), after next.
func pwwSettleBusy(next func(c *Crate, f *finding.Finding) bool, user bool) func(c *Crate, f *finding.Finding) bool {
	return func(c *Crate, f *finding.Finding) bool {
		if next != nil && !next(c, f) {
			return false
		}
		drivers := Facts(c, pwwBusyDriverFact)
		if user || f.Level != LevelWarning || len(drivers) == 0 {
			return true
		}
		f.Level = LevelNote
		f.Notes = append(f.Notes, fmt.Sprintf("note here, not warning: this package polls its futures itself with a waker that does nothing (%s), in a loop or an event callback: "+
			"a `Pending` that registers nothing is polled again on its next turn there by design; under an executor that waits for wake-ups (tokio, async-std) it would hang",
			pwwFirstDriver(c, drivers)))
		return true
	}
}
