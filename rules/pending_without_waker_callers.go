package rules

import (
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
	params := map[string]bool{}
	for _, p := range t.NamedChildren(t.Field(fn, parser.FParameters)) {
		if t.Is(p, parser.KParameter) {
			if name := bindingName(t, t.Field(p, parser.FPattern)); name != "" {
				params[name] = true
			}
		}
	}
	found := parser.None
	start := t.N(cl).Start
	WalkBody(t, t.Field(fn, parser.FBody), func(d parser.NodeID) bool {
		if found >= 0 || t.N(d).Start >= start {
			return false
		}
		if t.Is(d, parser.KCallExpression) && pwwSlotWriters[MethodName(t, d)] {
			for _, arg := range Args(t, d) {
				if pwwMentionsName(t, arg, params) {
					found = d
					return false
				}
			}
		}
		return true
	})
	return found
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
