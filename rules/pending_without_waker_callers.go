package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// Crate-private helpers judged at their callers (issue 12).
//
// A helper's `Pending` is its caller's business. A call of the helper is covered when the
// waker is registered around it, one of three ways:
//   - before: the caller used the Context before calling (pwwCall.Unreg is false);
//   - after: the caller does not hand the helper's `Pending` on; every way out of the caller
//     that may be `Pending` uses the Context again after the call (a composite poll:
//     `let _ = self.poll_read(cx)?; self.poll_write(cx)?; self.poll_flush(cx)?`, where the
//     sibling polls hold the waker);
//   - above: the caller is itself a crate-private helper, and each of its own calls is
//     covered (`return self.conn.poll_keep_alive(cx)` in a `poll_read` helper that the
//     dispatcher's loop calls before polling the write side).
// A helper some call of which is covered none of these ways is reported.

// Path states of the "after" walk of one call.
const (
	pwwBeforeCall  uint8 = 1 // the call has not run yet
	pwwAfterUnused uint8 = 2 // the call ran and the Context has not been used since
	pwwAfterUsed   uint8 = 4 // the call ran and the Context was used again since
)

var pwwUseAfterCall = flowMapOf(map[uint8]uint8{pwwBeforeCall: pwwBeforeCall, pwwAfterUnused: pwwAfterUsed, pwwAfterUsed: pwwAfterUsed}).apply

// pwwAfterCall: the call ran, whatever had happened before; the Context is unused since.
var pwwAfterCall = flowMapOf(map[uint8]uint8{pwwBeforeCall: pwwAfterUnused, pwwAfterUnused: pwwAfterUnused, pwwAfterUsed: pwwAfterUnused}).apply

// pwwAfter is the "after" analysis of one body, set up once for the calls it judges: the
// ways out watched are the leaves the body may return that are not `Ready(..)` and
// `ready!(..)`, which returns the `Pending` it sees.
type pwwAfter struct {
	f     *flowPlan
	watch []cfg.Point
}

func newPwwAfter(t *parser.Tree, body parser.NodeID, cx string) *pwwAfter {
	exits := map[parser.NodeID]bool{}
	flowExits(t, body, func(x parser.NodeID) {
		if !pwwIsReadyValue(t, x) {
			exits[x] = true
		}
	}, nil)
	a := &pwwAfter{f: newFlowPlan(t, body, cx)}
	f := a.f
	f.walk(body, func(n parser.NodeID) bool {
		leave := f.g.Leave(n)
		if f.usesContext(n) {
			f.then(leave, pwwUseAfterCall)
		}
		if exits[n] {
			a.watch = append(a.watch, leave)
		} else if m := t.MacroName(n); t.Is(n, parser.KMacroInvocation) && (m == "ready" || m == "try_ready") {
			a.watch = append(a.watch, leave)
		}
		return true
	})
	return a
}

// covered reports whether every way out of the body that may be `Pending` uses the
// Context again after call: the caller does not hand on the `Pending` of what call
// returned, and something it polls afterwards holds the waker.
func (a *pwwAfter) covered(call parser.NodeID) bool {
	f := a.f
	p := f.g.Leave(call)
	if p < 0 {
		return true
	}
	old := f.at[p]
	defer func() { f.at[p] = old }()
	f.then(p, pwwAfterCall)
	f.solve(pwwBeforeCall)
	for _, w := range a.watch {
		if f.after(w)&pwwAfterUnused != 0 {
			return false
		}
	}
	return true
}

// pwwIsReadyValue reports whether x is `Poll::Ready(..)` (or `Ready(..)`).
func pwwIsReadyValue(t *parser.Tree, x parser.NodeID) bool {
	x = t.Unparen(x)
	return t.Is(x, parser.KCallExpression) && MethodName(t, x) == "" && LastSegment(CalleePath(t, x)) == "Ready"
}

// pwwArity is the number of parameters of fn other than `self`.
func pwwArity(t *parser.Tree, fn parser.NodeID) int {
	params := t.Field(fn, parser.FParameters)
	n := 0
	for _, c := range t.NamedChildren(params) {
		if t.Is(c, parser.KParameter) && !pwwIsSelfPattern(t, t.Field(c, parser.FPattern)) {
			n++ // `self: Pin<&mut Self>` is a receiver
		}
	}
	return n
}

func pwwIsSelfPattern(t *parser.Tree, pat parser.NodeID) bool {
	if t.Is(pat, parser.KMutPattern) {
		pat = t.NamedChild(pat, 0)
	}
	return t.Is(pat, parser.KSelf) || t.TextIs(pat, "self")
}

// calls reports whether call c may call a function of arity n (without `self`): a method
// call passes n arguments, a path call n, or n+1 when it passes the receiver
// (`Self::poll_x(self, cx)`).
func (c pwwCall) calls(name string, arity int) bool {
	if c.Name != name {
		return false
	}
	return c.Arity == arity || !c.Method && c.Arity == arity+1
}

// pwwCallers settles the calls of helpers against the crate's facts.
type pwwCallers struct {
	calls []pwwCall
	memo  map[string]bool
}

func newPwwCallers(c *Crate) *pwwCallers {
	r := &pwwCallers{memo: map[string]bool{}}
	r.calls = append(r.calls, Facts(c, pwwCallFact)...)
	return r
}

// of returns the calls in the crate that may call name with arity.
func (r *pwwCallers) of(name string, arity int) []pwwCall {
	var out []pwwCall
	for _, c := range r.calls {
		if c.calls(name, arity) {
			out = append(out, c)
		}
	}
	return out
}

// covered reports whether call c is covered before, after or above (see above).
func (r *pwwCallers) covered(c pwwCall, depth int) bool {
	if !c.Unreg || c.Covered {
		return true
	}
	if !c.CallerHelper || c.Caller == "" || depth > 4 {
		return false
	}
	return r.allCovered(c.Caller, c.CallerArity, depth+1)
}

// allCovered reports whether a helper is called somewhere and every call is covered.
func (r *pwwCallers) allCovered(name string, arity int, depth int) bool {
	key := name + "/" + string(rune('0'+arity))
	if v, ok := r.memo[key]; ok {
		return v
	}
	r.memo[key] = false // a cycle covers nothing
	calls := r.of(name, arity)
	ok := len(calls) > 0
	for _, c := range calls {
		if !r.covered(c, depth) {
			ok = false
			break
		}
	}
	r.memo[key] = ok
	return ok
}

// pwwSlotWriters are methods that hand a value to a slot or queue.
var pwwSlotWriters = map[string]bool{
	"replace": true, "set": true, "insert": true, "push": true, "push_back": true,
	"send": true, "try_send": true, "store": true, "put": true,
}

// pwwGeneratorYield returns the call that hands a value over before a `poll_fn` closure cl
// suspends once: in an `async fn`, before the closure, a parameter is put into a slot
// (`self.value.lock()?.replace(val)`, `slot.set(Some(item))`). That is a generator's yield:
// the driver that polls this future (a `Stream::poll_next` around it) takes the value and
// returns it as `Ready`, and its consumer polls again, so no wake-up is needed when the
// driver is the only poller. None when there is no such hand-over.
func pwwGeneratorYield(t *parser.Tree, cl parser.NodeID) parser.NodeID {
	fn := parser.None
	t.Ancestors(cl, func(x parser.NodeID) bool {
		if t.Is(x, parser.KFunctionItem) {
			fn = x
			return false
		}
		return !t.Is(x, parser.KClosureExpression)
	})
	if fn < 0 || !IsAsyncFn(t, fn) {
		return parser.None
	}
	return pwwHandOverBefore(t, fn, t.N(cl).Start)
}

// pwwHandOverBefore returns the first call in fn's body, before offset start, that hands one
// of fn's parameters to a slot (pwwSlotWriters), or None.
func pwwHandOverBefore(t *parser.Tree, fn parser.NodeID, start uint32) parser.NodeID {
	params := map[string]bool{}
	for _, p := range t.NamedChildren(t.Field(fn, parser.FParameters)) {
		if t.Is(p, parser.KParameter) {
			if name := bindingName(t, t.Field(p, parser.FPattern)); name != "" {
				params[name] = true
			}
		}
	}
	return FindInBody(t, t.Field(fn, parser.FBody), func(d parser.NodeID) bool {
		if t.N(d).Start >= start || !t.Is(d, parser.KCallExpression) || !pwwSlotWriters[MethodName(t, d)] {
			return false
		}
		for _, arg := range Args(t, d) {
			if pwwMentionsName(t, arg, params) {
				return true
			}
		}
		return false
	})
}

// pwwMentionsName reports whether an identifier in n is one of names.
func pwwMentionsName(t *parser.Tree, n parser.NodeID, names map[string]bool) bool {
	found := false
	t.Walk(n, func(d parser.NodeID) bool {
		if !found && t.Is(d, parser.KIdentifier) && names[t.Text(d)] {
			found = true
		}
		return !found
	})
	return found
}

// pwwGeneratorYieldType is pwwGeneratorYield for a named future: fn is the `poll` of `impl
// Future for T`, and a fn of the file, before it makes a `T` (`T::new(..)`, `T { .. }`),
// hands one of its parameters to a slot (`self.0.set(Some(item.into())); SenderFuture::new()`):
// the yield of a generator whose driver takes the value. It returns that hand-over, or None.
func pwwGeneratorYieldType(t *parser.Tree, fn parser.NodeID) parser.NodeID {
	if pwwImplTrait(t, fn) != "Future" || !t.TextIs(t.Field(fn, parser.FName), "poll") {
		return parser.None
	}
	ty := implTypeName(t, ownerItem(t, fn), implNameText)
	if ty == "" {
		return parser.None
	}
	found := parser.None
	t.Find(t.Root(), func(d parser.NodeID) (bool, bool) {
		if !t.Is(d, parser.KFunctionItem) || d == fn {
			return false, true
		}
		// the first `T::new(..)` / `T { .. }` of d, and a hand-over before it
		made := FindInBody(t, t.Field(d, parser.FBody), func(x parser.NodeID) bool {
			return t.Is(x, parser.KCallExpression) && CtorName(t.Text(t.Field(x, parser.FFunction))) == ty+"::new" ||
				t.Is(x, parser.KStructExpression) && LastSegment(t.Text(t.Field(x, parser.FName))) == ty
		})
		if made >= 0 {
			found = pwwHandOverBefore(t, d, t.N(made).Start)
		}
		return found >= 0, false
	})
	return found
}

// pwwDriverFact records the poll fns of the crate that drive a generator (pwwGeneratorDriver).
var pwwDriverFact = NewFactKey[pwwDriver]("pending_without_waker.generator_driver")

type pwwDriver struct {
	Path string
	Line int
}

// pwwFirstDriver names the first of drivers in file and line order, as `path:line` relative
// to the crate's root.
func pwwFirstDriver(c *Crate, drivers []pwwDriver) string {
	first := slices.MinFunc(drivers, func(a, b pwwDriver) int {
		if a.Path != b.Path {
			return strings.Compare(a.Path, b.Path)
		}
		return a.Line - b.Line
	})
	return fmt.Sprintf("%s:%d", biRel(c.Root, first.Path), first.Line)
}

// pwwSlotTakers are the methods that take a value out of a slot.
var pwwSlotTakers = map[string]bool{"take": true, "replace": true, "pop": true, "pop_front": true}

// pwwGeneratorDriver returns where body, the body of a poll fn, drives a generator: it polls
// an inner future (`.poll(cx)`, `.poll_unpin(cx)`) and returns `Ready(Some(..))` of a value
// taken out of a slot (`self.slot.take()`, `cell.replace(None)`, directly or through a
// binding), the value the inner future handed over before it suspended. None otherwise.
func pwwGeneratorDriver(t *parser.Tree, body parser.NodeID) parser.NodeID {
	polls := false
	var readies []parser.NodeID
	WalkBody(t, body, func(x parser.NodeID) bool {
		if !t.Is(x, parser.KCallExpression) {
			return true
		}
		switch m := MethodName(t, x); {
		case m == "poll" || m == "poll_unpin":
			polls = true
		case m == "" && LastSegment(CalleePath(t, x)) == "Ready":
			if args := Args(t, x); len(args) == 1 {
				if a := t.Unparen(args[0]); t.Is(a, parser.KCallExpression) && LastSegment(CalleePath(t, a)) == "Some" {
					readies = append(readies, x)
				}
			}
		}
		return true
	})
	if !polls {
		return parser.None
	}
	for _, r := range readies {
		if pwwTakenFromSlot(t, Args(t, r)[0], 0) {
			return r
		}
	}
	return parser.None
}

// pwwTakenFromSlot reports whether e holds a value taken out of a slot: a pwwSlotTakers call
// in it, or a name bound (by `let` or `if let`) from one.
func pwwTakenFromSlot(t *parser.Tree, e parser.NodeID, depth int) bool {
	return t.Find(e, func(x parser.NodeID) (bool, bool) {
		switch {
		case t.Is(x, parser.KCallExpression) && pwwSlotTakers[MethodName(t, x)]:
			return true, false
		case t.Is(x, parser.KIdentifier) && depth < 3:
			decl, _ := ResolveBinding(t, x)
			if decl >= 0 {
				v, _ := BindingSource(t, decl)
				return v >= 0 && pwwTakenFromSlot(t, v, depth+1), true
			}
		}
		return false, true
	}) >= 0
}

// pwwSettleGenerator lowers a generator's yield (see pwwGeneratorYield) to a note where the
// crate has a driver for it (pwwDriverFact): the value handed over is taken there and
// returned as `Ready`, so the consumer polls again. Judged on real code (December 2026,
// blind): a WebDAV server's async-block stream, whose send future suspends once.
func pwwSettleGenerator(next func(c *Crate, f *finding.Finding) bool) func(c *Crate, f *finding.Finding) bool {
	return func(c *Crate, f *finding.Finding) bool {
		if !next(c, f) {
			return false
		}
		drivers := Facts(c, pwwDriverFact)
		if len(drivers) == 0 || f.Level <= LevelNote {
			return true
		}
		f.Level = LevelNote
		f.Notes = append(f.Notes, fmt.Sprintf("note here, not warning: this crate drives its generators itself: the poll fn at %s returns `Ready(Some(..))` when the future it polls returned `Pending` after handing a value over, so the consumer polls again without a wake-up; awaited anywhere else this future would hang", pwwFirstDriver(c, drivers)))
		return true
	}
}
