package rules

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

//go:embed select_timer_in_loop.md
var selectTimerInLoopDoc string

// SelectTimerInLoop is the `select_timer_in_loop` rule.
var SelectTimerInLoop = &Rule{
	ID:        "select_timer_in_loop",
	Summary:   "creates a timer inside a `select!` in a loop, so it restarts on every iteration and may never fire",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness"},
	Precision: "high",
	Doc:       selectTimerInLoopDoc,
	// Tests re-create timers in loops on purpose (cancel-injection tests, paused time).
	Contexts: map[ContextKind]Level{CtxTest: LevelAllow},
	// KFunctionItem: every fn records whether it makes a timer (summary_select.go), for
	// branches in other files; facts need every file, so no Needs.
	Kinds: []parser.Kind{parser.KMacroInvocation, parser.KFunctionItem},
	Check: checkSelectTimerInLoop,
}

// stilTimer is one timer constructor call found in a select! branch (directly, or through a
// variable bound earlier in the same loop body).
type stilTimer struct {
	call  parser.NodeID
	kind  timerKind
	whole bool // the branch future is just this timer (maybe fused, boxed or pinned)
	// last: the branch is an async block whose last statement awaits this timer
	// (`async { scan().await; sleep(d).await }`): the branch completes only once it fired.
	last   bool
	viaLet parser.NodeID // the `let` that created it, when the branch polls a variable
	helper bool          // call is a call of a fn of the crate that makes the timer
}

func checkSelectTimerInLoop(p *Pass, m parser.NodeID) {
	t := p.Tree
	if t.Is(m, parser.KFunctionItem) {
		selRecordTimerFn(p, m)
		return
	}
	loop, branches, tried := LoopedSelect(t, m)
	if loop < 0 {
		return
	}
	valued := stilValueUsed(t, m)
	for _, b := range branches {
		fut := SelectBranchFuture(t, b)
		if fut < 0 {
			continue
		}
		if call, _ := stilFreshInterval(t, fut, loop, m); call >= 0 {
			p.Report(stilFreshIntervalDiagnostic(t, b, call, loop))
			continue
		}
		tm, ok := stilFindTimer(t, fut, loop, m)
		if !ok {
			// `_ = self.heartbeat.tick() =>`: a fn of the crate that makes the timer.
			stilHelperBranch(p, m, b, branches, loop, tried, valued)
			continue
		}
		if !stilTimerRestarts(t, tm, loop, m) {
			continue
		}
		if d, ok := stilJudge(t, m, b, branches, loop, tried, valued, tm); ok {
			p.Report(d)
		}
	}
}

// stilJudge decides whether a timer found in branch b restarts before it fires, and at which
// level: the check without the question of what the timer is, shared by timers made in the
// branch and timers made by a fn of the crate.
func stilJudge(t *parser.Tree, m, b parser.NodeID, branches []parser.NodeID, loop parser.NodeID, tried, valued bool, tm stilTimer) (Diagnostic, bool) {
	// Is there a branch that completes without leaving the loop, so that the next
	// iteration builds a new timer before this one fired?
	restarter, selfRestarts, perOp := parser.None, false, false
	var restarters []parser.NodeID // every other branch that lets the loop go on
	for _, o := range branches {
		if !t.Is(o, parser.KSelectBranch) {
			continue
		}
		if o == b {
			if (tm.whole || tm.last && !tm.kind.wraps) && (!tm.kind.wraps || stilTimeoutOfLocal(t, tm, loop, m)) {
				// A sleep completes only when it fired; a timeout around a future made
				// in this iteration is that operation's own timeout.
				continue
			}
			if !HandlerDiverges(t, t.Field(o, parser.FHandler), loop, tried, 0) {
				selfRestarts = true
			}
			continue
		}
		if stilIterationOp(t, t.Field(o, parser.FFuture), loop, m) {
			// `let req = client.send(..); select! { r = req => .., _ = sleep(t) => .. }`:
			// the timer bounds an operation started in this iteration, and is made
			// anew with it.
			perOp = true
			break
		}
		if valued && stilPassThrough(t, o) {
			// `let resp = select! { r = client.call(req) => r, _ = sleep(t) => .. }`:
			// the select awaits one operation with a timeout, like `timeout(t, op)`.
			continue
		}
		if stilOnceOnly(t, o) || stilExitSignal(t, o, loop, tried) || stilEndsWhile(t, t.Field(o, parser.FHandler), loop) {
			// `_ = token.cancelled()`, `_ = &mut shutdown`, `_ = stop.changed() => if
			// *stop.borrow() { break }`: a shutdown signal, after which the loop ends;
			// it cannot keep the timer from firing.
			continue
		}
		if !HandlerDiverges(t, t.Field(o, parser.FHandler), loop, tried, 0) {
			if restarter < 0 {
				restarter = o
			}
			restarters = append(restarters, o)
		}
	}
	if perOp {
		return Diagnostic{}, false
	}
	if restarter < 0 && !selfRestarts {
		return Diagnostic{}, false
	}
	h := t.Field(b, parser.FHandler)
	trivial, resets := stilHandlerTrivial(t, h, loop) || stilTagsWakeup(t, m, h, loop), stilHandlerResetsOnly(t, h, loop)
	around := (trivial || resets) && stilWorkAround(t, branches, m, loop, tm)
	if trivial && around {
		// `_ = sleep(d) => {}` (or only a log line) with more of the loop body before or
		// after the select: "wake on an event, or re-check every d". The timer only
		// bounds how long the loop waits before that work runs again, and every branch
		// runs it too. With nothing else in the loop, the timer does nothing at all when
		// it fires, and it was most likely meant to: reported.
		return Diagnostic{}, false
	}
	by := restarter
	if by < 0 {
		by = b
	}
	d := stilDiagnostic(t, tm, b, by, loop)
	idle, rewritten := stilNamedIdle(t, tm), stilDurationRewritten(t, m, b, restarters, loop)
	switch {
	case restarter < 0 && tm.kind.wraps:
		// Only the timeout's own operation completes and lets the loop go on: each
		// operation gets a fresh timeout, an idle timeout by construction.
		d.Level = LevelNote
		d.Notes = append(d.Notes, "only the wrapped operation restarts this timeout, when it completes: each operation gets its own timeout (a per-operation or idle timeout), which is usually what is meant")
	case stilOuterBound(t, loop) >= 0:
		// `select! { done = async { loop { select! { r = rx.recv() => .., _ = sleep(2s) =>
		// .. } } } => done, _ = sleep(10s) => .. }`: a debounce with a maximum wait.
		ob := stilOuterBound(t, loop)
		d.Level = LevelNote
		d.Notes = append(d.Notes, fmt.Sprintf("this %s runs inside a future that is raced against `%s` (line %d), made outside it: however often this timer restarts, that one ends the wait (a debounce with a maximum wait)",
			LoopWord(t, loop), stilCalleeText(t, ob)+"(..)", t.Nodes[ob].StartRow+1))
		d.Related = append(d.Related, RelatedNode{Node: ob, Message: "the timer that bounds the whole wait"})
	case stilArmedDebounce(t, b):
		// `_ = sleep(d), if self.update_pending => { self.update_pending = false; .. }`:
		// the timer exists only while something is pending, and fires after a quiet period.
		d.Level = LevelNote
		d.Notes = append(d.Notes, fmt.Sprintf("the timer runs only while `%s` is set, and its handler clears it: a deferred action that waits for a quiet period (a debounce), which activity is meant to postpone; if it must fire within d of the first event whatever happens, keep the deadline from when it was armed", compactText(t, t.Field(b, parser.FCondition))))
	case HandlerDiverges(t, t.Field(b, parser.FHandler), loop, tried, 0) && stilPeriodicRestarter(t, restarters) != "":
		// An idle timeout restarted by an interval's tick is no idle timeout: the tick
		// fires whatever else happens.
		d.Notes = append(d.Notes, fmt.Sprintf("it is restarted by `%s`, a periodic tick that fires whatever else happens: if its period is shorter than this timer's, the timer never fires, however idle the loop is", stilPeriodicRestarter(t, restarters)))
	case HandlerDiverges(t, t.Field(b, parser.FHandler), loop, tried, 0) && !selfRestarts && stilPollsForResult(t, restarters, loop):
		// `r = self.check(tx) => { if let Some(r) = r { return Ok(r) } continue }` beside
		// `_ = sleep(d) => return Err(Timeout)`: the other branches only look for the
		// result and go round again, so the timeout is a deadline for the whole wait, and
		// every unsuccessful look restarts it.
		d.Notes = append(d.Notes, "the branches that restart it only look for a result and go round again when there is none (they change nothing else): the timer is a deadline for the whole wait, and every unsuccessful look restarts it, so the wait is unbounded")
	case HandlerDiverges(t, t.Field(b, parser.FHandler), loop, tried, 0):
		// The timer's handler leaves the loop: a timeout that activity resets (an idle
		// timeout, a debounce), not periodic work that activity starves.
		d.Level = LevelNote
		d.Notes = append(d.Notes, "the timer's handler leaves the loop: this is an idle timeout (or a debounce) that restarts on every activity, which is usually what is meant; if it was meant as a deadline for the whole loop, compute the deadline once before the loop")
	case tm.kind.wraps:
		d.Level = LevelNote
		d.Notes = append(d.Notes, "a timeout around the branch's own operation, restarted with it: a per-operation or idle timeout that other activity also resets")
	case idle != "":
		// `let idle = sleep(lanes.idle_timeout());`: the author says what it is.
		d.Level = LevelNote
		d.Notes = append(d.Notes, fmt.Sprintf("the timer is named as an idle timeout (`%s`): it is meant to fire only after a quiet period, so activity restarting it is the design", idle))
	case rewritten != "":
		// `_ = sleep(next.unwrap_or(ZERO))` beside branches that each set `next = None`:
		// whoever wins re-decides the timer's length, so its restart is the design.
		d.Level = LevelNote
		d.Notes = append(d.Notes, fmt.Sprintf("every branch that restarts the timer assigns `%s`, which the timer's length is computed from: each of them decides anew when the timer should fire (a deadline recomputed on every turn), so the restart is deliberate", rewritten))
	case !selfRestarts && stilResetOnly(t, restarters, loop):
		// `_ = reset.notified() => continue`: a branch that exists to restart the timer.
		d.Level = LevelNote
		d.Notes = append(d.Notes, "the branch that restarts the timer does nothing else: restarting it is that branch's purpose (an idle timer or a debounce that fires after a quiet period), which is usually what is meant")
	case !selfRestarts:
		if call, ok := stilSameTraffic(t, t.Field(b, parser.FHandler), restarters); ok {
			// A heartbeat written to the connection that the other branches write to: the
			// traffic itself keeps the peer alive, the timer fills the gaps.
			d.Level = LevelNote
			d.Notes = append(d.Notes, fmt.Sprintf("the timer's handler does what the branch that restarts it does (`%s`): it fills the gaps in that traffic (a keep-alive or an idle flush), and traffic makes it unnecessary, which is usually what is meant", call))
		} else if call := stilValueSent(t, m); call != "" {
			// `let msg = select! { m = rx.recv() => Message::Text(..), _ = sleep(60s) =>
			// Message::Ping(..) }; sink.send(msg).await`: the timer's value is one more
			// item of the same traffic, a keep-alive that traffic makes unnecessary.
			d.Level = LevelNote
			d.Notes = append(d.Notes, fmt.Sprintf("the `select!`'s value goes to `%s` whichever branch wins: the timer's handler makes one more item of the traffic the other branches make (a keep-alive sent only when nothing else was), and that traffic makes it unnecessary, which is usually what is meant", call))
		} else if calls, ok := stilSameWork(t, t.Field(b, parser.FHandler), restarters); ok {
			// `_ = sleep(d) => pick().await` beside `_ = trigger.recv() => pick().await`:
			// the work runs on every trigger, and the timer runs it after a quiet period.
			d.Level = LevelNote
			d.Notes = append(d.Notes, fmt.Sprintf("every branch that restarts the timer runs the very code its handler runs (%s): the work runs on each of those events, and the timer only runs it again after a quiet period, so restarting it loses nothing", calls))
		} else if callee := stilSameCallee(t, t.Field(b, parser.FHandler), restarters); callee != "" {
			// `_ = sleep(10s) => refresh(false).await` beside `_ = epoch.changed() =>
			// { ..; refresh(true).await }`: the same work, run by each event.
			d.Level = LevelNote
			d.Notes = append(d.Notes, fmt.Sprintf("the timer's handler calls `%s`, and so does every branch that restarts the timer: the work runs on each of those events, and the timer only runs it again after a quiet period, so restarting it loses nothing", callee))
		} else if due := stilDueCheck(t, t.Field(b, parser.FHandler), restarters, loop); due >= 0 {
			// `Some(e) = rx.recv() => { buf.push(e); if last.elapsed() > 10s { flush() } }`
			// beside `_ = sleep(10s) => flush()`: traffic runs the work when it is due.
			d.Level = LevelNote
			d.Notes = append(d.Notes, fmt.Sprintf("every branch that restarts the timer runs the timer's work itself when its clock test says it is due (`%s`, line %d): traffic that keeps restarting the timer runs the work on time, and the timer only covers quiet spells", compactText(t, due), t.Nodes[due].StartRow+1))
		} else if why := stilBoundedRestarts(t, restarters, loop, m); why != "" {
			d.Level = LevelNote
			d.Notes = append(d.Notes, why)
		}
	}
	if d.Level == 0 {
		if place := stilTakenArm(t, tm, restarters, loop); place != "" {
			// `if let Some(t) = app.next_render.take() { select! { _ = sleep(t) => render() .. } }`
			d.Level = LevelNote
			d.Notes = append(d.Notes, fmt.Sprintf("the timer's length is taken out of `%s` on this turn: the timer exists only when something armed it again, so it is a deferred action that each arming schedules anew (the code that arms it decides when it fires), not periodic work", place))
		}
	}
	if d.Level != 0 {
		return d, true
	}
	// What the timer's handler does when it fires (select_timer_in_loop_handlers.go).
	switch {
	case stilHandlerLogsOnly(t, h, loop):
		// `_ = sleep(20s) => info!("still waiting for {}", ..)`: a "nothing happened
		// for d" diagnostic, which progress is meant to postpone.
		d.Level = LevelNote
		d.Notes = append(d.Notes, "the timer's handler only logs: a \"nothing happened for a while\" diagnostic, which activity in the other branches is meant to postpone; if the line must come on a fixed period whatever happens, create the timer before the loop")
	case resets && around:
		// `_ = sleep(10s) => (allow_create, allow_drop) = (false, false)` while the loop
		// does its work at the top of every turn: a reset after a quiet period.
		d.Level = LevelNote
		d.Notes = append(d.Notes, "the timer's handler only sets state back to fixed values, and the loop does its work outside the `select!` on every turn: a reset after a quiet period, which activity is meant to postpone")
	default:
		if note, ok := stilWorkElsewhere(t, b, m, loop, restarters); ok {
			d.Level = LevelNote
			d.Notes = append(d.Notes, note)
		}
	}
	return d, true
}

// stilNamedIdle returns the name that calls timer tm an idle timeout: its duration argument
// (`sleep(cfg.idle_timeout)`) or the let that holds it (`let idle = sleep(d);`) mentions
// "idle" or "inactiv"; "" otherwise.
func stilNamedIdle(t *parser.Tree, tm stilTimer) string {
	if args := Args(t, tm.call); len(args) > 0 {
		if s := NameSays(t, args[0], "idle", "inactiv"); s != "" {
			return s
		}
	}
	if tm.viaLet >= 0 {
		return NameSays(t, t.Field(tm.viaLet, parser.FPattern), "idle", "inactiv")
	}
	return ""
}

// stilDurationRewritten returns a place that the future of timer branch b of select! m reads
// (a local not declared in the loop's body, or a `self` field) and that the handler of every restarter
// assigns: the length of the next turn's timer is decided by whichever branch won. "" when
// there is none.
func stilDurationRewritten(t *parser.Tree, m, b parser.NodeID, restarters []parser.NodeID, loop parser.NodeID) string {
	fut := t.Field(b, parser.FFuture)
	if fut < 0 || len(restarters) == 0 {
		return ""
	}
	reads := map[string]bool{}
	t.Walk(fut, func(d parser.NodeID) bool {
		switch {
		case t.Is(d, parser.KFieldExpression) && t.TextIs(t.Unparen(t.Field(d, parser.FValue)), "self"):
			reads[compactText(t, d)] = true
			return false
		case t.Is(d, parser.KIdentifier) && !t.TextIs(d, "self"):
			if par := t.Parent(d); !(t.Is(par, parser.KCallExpression) && t.Field(par, parser.FFunction) == d) &&
				!t.Is(par, parser.KScopedIdentifier) && !stilLetPatternInLoop(t, t.Text(d), loop, m) {
				reads[t.Text(d)] = true
			}
		}
		return true
	})
	var common string
	for i, o := range restarters {
		assigned := map[string]bool{}
		WalkBody(t, t.Field(o, parser.FHandler), func(d parser.NodeID) bool {
			if t.Is(d, parser.KAssignmentExpression) || t.Is(d, parser.KCompoundAssignment) {
				places := []parser.NodeID{t.Unparen(t.Field(d, parser.FLeft))}
				if t.Is(places[0], parser.KTupleExpression) {
					places = t.NamedChildren(places[0]) // `(next, wait) = inner.next_cleanup();`
				}
				for _, l := range places {
					if place := compactText(t, l); reads[place] {
						assigned[place] = true
					}
				}
			}
			return true
		})
		if i == 0 {
			for place := range assigned {
				if common == "" || place < common {
					common = place
				}
			}
		}
		if common == "" || !assigned[common] {
			return ""
		}
	}
	return common
}

// stilResetOnly reports whether every branch that restarts a timer is a bare reset signal:
// its value unused (`_ =`) and its handler empty, a log line or `continue`.
func stilResetOnly(t *parser.Tree, restarters []parser.NodeID, loop parser.NodeID) bool {
	for _, o := range restarters {
		pat := t.Field(o, parser.FPattern)
		if pat >= 0 && !t.TextIs(pat, "_") {
			return false
		}
		if !stilHandlerTrivial(t, t.Field(o, parser.FHandler), loop) {
			return false
		}
	}
	return len(restarters) > 0
}

// stilPeriodicRestarter returns the first restarting branch future that is an interval's
// tick (`flush_every.tick()` on a local made by `interval(..)` or `interval_at(..)`), or "".
func stilPeriodicRestarter(t *parser.Tree, restarters []parser.NodeID) string {
	for _, o := range restarters {
		call := StripFuture(t, false, t.Field(o, parser.FFuture))
		if !t.Is(call, parser.KCallExpression) || MethodName(t, call) != "tick" {
			continue
		}
		recv := t.Unparen(Receiver(t, call))
		if !t.Is(recv, parser.KIdentifier) {
			continue
		}
		if _, let := ResolveBinding(t, recv); let >= 0 {
			if v := t.Field(let, parser.FValue); v >= 0 && TextMentions(t, v, "interval(", "interval_at(") {
				return compactText(t, call)
			}
		}
	}
	return ""
}

// stilPollsForResult reports whether every restarting branch binds its future's value and,
// on the paths that go round the loop again, does nothing but test it: its handler is made
// of `if`/`if let`/`match` on the value whose arms either leave the loop or do nothing,
// and `continue`. Such a branch is a look for a result, not activity.
func stilPollsForResult(t *parser.Tree, restarters []parser.NodeID, loop parser.NodeID) bool {
	for _, o := range restarters {
		pat := t.Field(o, parser.FPattern)
		if pat < 0 || t.TextIs(pat, "_") || len(patternNames(t, pat).names) == 0 {
			return false
		}
		h := t.Field(o, parser.FHandler)
		if h < 0 || !stilNothingOnGoingOn(t, h, loop) || !TextMentions(t, h, patternNames(t, pat).names...) {
			return false
		}
	}
	return len(restarters) > 0
}

// stilNothingOnGoingOn reports whether n does nothing on the paths that stay in the loop:
// it is `continue`, `()`, an empty block, or an `if`/`match` whose every branch leaves the
// loop or does nothing, and blocks of such statements.
func stilNothingOnGoingOn(t *parser.Tree, n, loop parser.NodeID) bool {
	n = t.Unparen(n)
	if n < 0 {
		return true
	}
	if cfg.LeavesLoop(t, n, loop) {
		return true
	}
	switch t.Kind(n) {
	case parser.KBlock:
		for _, c := range t.NamedChildren(n) {
			if t.IsComment(c) {
				continue
			}
			if t.Is(c, parser.KExpressionStatement) {
				c = t.NamedChild(c, 0)
			}
			if !stilNothingOnGoingOn(t, c, loop) {
				return false
			}
		}
		return true
	case parser.KContinueExpression, parser.KUnitExpression:
		return true
	case parser.KIfExpression:
		if alt := t.Field(n, parser.FAlternative); alt >= 0 {
			e := alt
			if t.Is(e, parser.KElseClause) {
				e = t.NamedChild(e, 0)
			}
			if !stilNothingOnGoingOn(t, e, loop) {
				return false
			}
		}
		return stilNothingOnGoingOn(t, t.Field(n, parser.FConsequence), loop)
	case parser.KMatchExpression:
		for _, arm := range t.NamedChildren(t.Field(n, parser.FBody)) {
			if t.Is(arm, parser.KMatchArm) && !stilNothingOnGoingOn(t, t.Field(arm, parser.FValue), loop) {
				return false
			}
		}
		return true
	}
	return false
}

// stilTrafficWords are the method-name parts of calls that send: to a peer, a sink, a
// channel.
var stilTrafficWords = []string{"send", "write", "feed", "flush", "publish", "emit"}

// stilSameTraffic returns a call that the timer's handler makes and every restarting branch
// makes too (the same method on the same receiver, a method that sends), or false.
func stilSameTraffic(t *parser.Tree, timerHandler parser.NodeID, restarters []parser.NodeID) (string, bool) {
	calls := func(h parser.NodeID) map[string]bool {
		out := map[string]bool{}
		WalkBody(t, h, func(d parser.NodeID) bool {
			if t.Is(d, parser.KCallExpression) {
				if name := MethodName(t, d); stilSends(name) {
					out[strings.Join(strings.Fields(t.Text(Receiver(t, d))), "")+"."+name] = true
				}
			}
			return true
		})
		return out
	}
	if len(restarters) == 0 || timerHandler < 0 {
		return "", false
	}
	shared := calls(timerHandler)
	for _, o := range restarters {
		mine := calls(t.Field(o, parser.FHandler))
		for c := range shared {
			if !mine[c] {
				delete(shared, c)
			}
		}
	}
	best := ""
	for c := range shared {
		if best == "" || c < best {
			best = c
		}
	}
	return best + "(..)", best != ""
}

// stilValueSent returns the sending call (`sink.send(..)`) that the value of select m is
// handed to, when m is the value of a `let` that binds one name and every later use of that
// name in the block is an argument of a call that sends (stilTrafficWords), or "". A value
// that the code looks into (a `match`, a method of its own) is dispatched by branch: the
// timer's item may be other work, which the traffic starves.
func stilValueSent(t *parser.Tree, m parser.NodeID) string {
	let := t.Parent(m)
	if !t.Is(let, parser.KLetDeclaration) || t.Field(let, parser.FValue) != m {
		return ""
	}
	pat := t.Field(let, parser.FPattern)
	if !t.Is(pat, parser.KIdentifier) {
		return ""
	}
	sent, other := "", false
	UsesAfterLet(t, let, t.Text(pat), func(d parser.NodeID) bool {
		arg := d
		if up := t.Parent(arg); t.Is(up, parser.KReferenceExpression) {
			arg = up
		}
		call := t.Parent(t.Parent(arg))
		if !t.Is(t.Parent(arg), parser.KArguments) || !t.Is(call, parser.KCallExpression) || !stilSends(MethodName(t, call)) {
			other = true
			return false
		}
		if sent == "" {
			sent = compactText(t, t.Field(call, parser.FFunction)) + "(..)"
		}
		return true
	})
	if other {
		return ""
	}
	return sent
}

// stilSends reports whether a method's name says it sends (stilTrafficWords).
func stilSends(name string) bool {
	for _, w := range stilTrafficWords {
		if name != "" && strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// stilSameWork reports whether the timer's handler does something (makes a call), and every
// branch that restarts the timer runs the very same statements, as written, in a row of its
// own block (not inside a nested `if`): the timer is a fallback for work those events
// trigger anyway. It returns the handler's first statement as a note names it.
func stilSameWork(t *parser.Tree, timerHandler parser.NodeID, restarters []parser.NodeID) (string, bool) {
	if len(restarters) == 0 || timerHandler < 0 {
		return "", false
	}
	calls := false
	WalkBody(t, timerHandler, func(d parser.NodeID) bool {
		calls = calls || t.Is(d, parser.KCallExpression)
		return !calls
	})
	want := stilStatements(t, timerHandler)
	if !calls || len(want) == 0 {
		return "", false
	}
	for _, o := range restarters {
		mine := stilStatements(t, t.Field(o, parser.FHandler))
		found := false
		for i := 0; i+len(want) <= len(mine) && !found; i++ {
			found = slices.Equal(mine[i:i+len(want)], want)
		}
		if !found {
			return "", false
		}
	}
	first := want[0]
	if len(first) > 60 {
		first = first[:57] + "..."
	}
	return "`" + first + "`", true
}

// stilStatements is a handler's statements as written (white space folded, comments left
// out): those of its block, or the handler expression itself.
func stilStatements(t *parser.Tree, h parser.NodeID) []string {
	if h < 0 {
		return nil
	}
	h = t.Unparen(h)
	if !t.Is(h, parser.KBlock) {
		return []string{compactText(t, h)}
	}
	var out []string
	for _, st := range t.NamedChildren(h) {
		if !t.IsComment(st) {
			out = append(out, compactText(t, st))
		}
	}
	return out
}

// stilIterationOp reports whether a branch future is an operation of this iteration only: a
// variable bound earlier in the same loop body (`r = req`, `r = &mut req`), also by a
// destructuring `let` (`let (tx, rx) = oneshot::channel();`, `r = rx`).
func stilIterationOp(t *parser.Tree, fut, loop, sel parser.NodeID) bool {
	if stilIterationLocal(t, fut, loop, sel) {
		return true
	}
	f := t.Unparen(fut)
	return t.Is(f, parser.KIdentifier) && stilLetPatternInLoop(t, t.Text(f), loop, sel)
}

// stilLetPatternInLoop reports whether a `let` with a destructuring pattern in loop's body,
// before sel, binds name (`let (tx, rx) = oneshot::channel();`).
func stilLetPatternInLoop(t *parser.Tree, name string, loop, sel parser.NodeID) bool {
	body := t.Field(loop, parser.FBody)
	if !t.IsAncestor(body, sel) {
		return false
	}
	selStart := t.Nodes[sel].Start
	found := false
	WalkBody(t, body, func(d parser.NodeID) bool {
		if found || t.Nodes[d].Start >= selStart {
			return false
		}
		if t.Is(d, parser.KLetDeclaration) && t.Nodes[d].End <= selStart && t.IsAncestor(LetScope(t, d), sel) {
			t.Walk(t.Field(d, parser.FPattern), func(x parser.NodeID) bool {
				if t.Is(x, parser.KIdentifier) && t.TextIs(x, name) {
					found = true
				}
				return !found
			})
		}
		return !found
	})
	return found
}

// stilExitSignal reports whether a branch is a shutdown signal: a watch's `changed()` whose
// handler does nothing but leave the loop when the value says so (`_ = stop.changed() => if
// *stop.borrow() { break }`). When it completes without leaving, the signal said "not yet",
// which happens rarely; it does not keep a timer from firing.
func stilExitSignal(t *parser.Tree, b, loop parser.NodeID, tried bool) bool {
	fut := StripFuture(t, false, t.Field(b, parser.FFuture))
	if MethodName(t, fut) != "changed" {
		return false
	}
	h := t.Unparen(t.Field(b, parser.FHandler))
	if !t.Is(h, parser.KBlock) {
		return false
	}
	exits := 0
	for _, c := range t.NamedChildren(h) {
		if t.IsComment(c) {
			continue
		}
		if t.Is(c, parser.KExpressionStatement) {
			c = t.NamedChild(c, 0)
		}
		switch {
		case t.Is(c, parser.KIfExpression) && t.Field(c, parser.FAlternative) < 0 &&
			HandlerDiverges(t, t.Field(c, parser.FConsequence), loop, tried, 0):
			exits++
		case t.Is(c, parser.KMacroInvocation) && stilLogMacros[t.MacroName(c)]:
		default:
			return false
		}
	}
	return exits > 0
}

// stilLogMacros are the logging macros: a handler that only logs does no work of its own.
// (`println!` is left out: for a command-line tool, printing is the work.)
var stilLogMacros = map[string]bool{
	"trace": true, "debug": true, "info": true, "warn": true, "error": true, "log": true, "event": true,
}

// stilWorkAround reports whether the loop does something besides the select! on every turn,
// so that a timer with an empty handler only bounds how long it waits: statements with a
// call before the select, or after it (unless another branch `continue`s past them), or a
// `while` condition evaluated again.
func stilWorkAround(t *parser.Tree, branches []parser.NodeID, m, loop parser.NodeID, tm stilTimer) bool {
	if t.Is(loop, parser.KWhileExpression) {
		return true
	}
	body, stmt := stilLoopStmt(t, m, loop)
	if stmt < 0 {
		return false
	}
	timer := ""
	if tm.viaLet >= 0 {
		timer = t.Text(t.Field(tm.viaLet, parser.FPattern))
	}
	for s := t.N(body).FirstChild; s >= 0 && s != stmt; s = t.N(s).Next {
		if !t.IsNamed(s) || t.IsComment(s) || t.IsAncestor(s, tm.viaLet) {
			continue
		}
		if timer != "" && flowMentions(t, s, strings.TrimPrefix(timer, "mut ")) {
			continue // `tokio::pin!(timer)`: making the timer is not work
		}
		if stilDoesWork(t, s) {
			return true
		}
	}
	return stilWorkFollows(t, m, loop) && !stilAnyContinues(t, branches, parser.None, loop)
}

// stilHandlerTrivial reports whether a select handler does nothing but maybe log and go round
// the loop: `{}`, `()`, `{ debug!("tick"); }`, `continue`.
func stilHandlerTrivial(t *parser.Tree, h, loop parser.NodeID) bool {
	if stilHandlerEmpty(t, h) {
		return true
	}
	return stilHandlerOnly(t, h, loop, func(c parser.NodeID) bool {
		return t.Is(c, parser.KMacroInvocation) && stilLogMacros[t.MacroName(c)]
	})
}

// stilHandlerOnly reports whether every statement of a select handler (its block's, or the
// handler expression itself; comments skipped, expression statements unwrapped) is a
// `continue` of this loop or one that ok accepts.
func stilHandlerOnly(t *parser.Tree, h, loop parser.NodeID, ok func(c parser.NodeID) bool) bool {
	h = t.Unparen(h)
	if h < 0 {
		return false
	}
	var kids []parser.NodeID
	if t.Is(h, parser.KBlock) {
		kids = t.NamedChildren(h)
	} else {
		kids = []parser.NodeID{h}
	}
	own := t.FirstChildOfKind(loop, parser.KLabel)
	for _, c := range kids {
		if t.IsComment(c) {
			continue
		}
		if t.Is(c, parser.KExpressionStatement) {
			c = t.NamedChild(c, 0)
		}
		switch {
		case t.Is(c, parser.KContinueExpression):
			if lbl := t.FirstChildOfKind(c, parser.KLabel); lbl >= 0 && (own < 0 || t.Text(own) != t.Text(lbl)) {
				return false
			}
		case !ok(c):
			return false
		}
	}
	return true
}

// stilDoesWork reports whether a statement calls something (a call, a macro, an await).
func stilDoesWork(t *parser.Tree, s parser.NodeID) bool {
	found := false
	WalkBody(t, s, func(d parser.NodeID) bool {
		if found {
			return false
		}
		switch t.Kind(d) {
		case parser.KCallExpression, parser.KMacroInvocation, parser.KAwaitExpression:
			found = true
		}
		return !found
	})
	return found
}

func stilDiagnostic(t *parser.Tree, tm stilTimer, branch, restarter, loop parser.NodeID) Diagnostic {
	name := "`" + stilCalleeText(t, tm.call) + "(..)`"
	var msg, fix string
	switch {
	case tm.kind.wraps:
		msg = name + " starts a new timeout on every iteration of the loop: whenever a `select!` branch " +
			"completes and the loop goes on, the timeout restarts from zero, so it may never fire"
		fix = "compute the deadline once before the loop (`let deadline = Instant::now() + d;`) and use " +
			"`timeout_at(deadline, ..)`, or race a `sleep` created and pinned before the loop (`_ = &mut sleep =>`)"
	case tm.kind.deadline:
		msg = name + " gets a deadline computed from the clock on every iteration of the loop: whenever " +
			"another `select!` branch completes first, the deadline moves on, so the timer may never fire"
		fix = "compute the deadline once before the loop (`let deadline = Instant::now() + d;`) and pass " +
			"that, or create the timer before the loop, `tokio::pin!` it and branch on `&mut sleep`"
	default:
		msg = name + " creates a new timer on every iteration of the loop: whenever another `select!` " +
			"branch completes first, the timer restarts from zero, so it may never fire"
		fix = "create the timer once before the loop and pin it (`let sleep = sleep(d); tokio::pin!(sleep);`), " +
			"branch on `&mut sleep`, and re-arm it after it fired with `sleep.as_mut().reset(Instant::now() + d)`"
	}
	help := fix + "; if this is an idle timeout meant to restart on every activity, suppress it with " +
		"`// rustaudit:allow(select_timer_in_loop) idle timeout`"
	d := Diagnostic{Node: tm.call, Message: msg, Help: help}
	kw := LoopWord(t, loop)
	d.Related = append(d.Related, RelatedNode{Node: LoopHead(t, loop), Message: "the " + kw + " that re-creates the timer on every iteration"})
	if tm.viaLet >= 0 {
		d.Related = append(d.Related, RelatedNode{Node: t.Field(branch, parser.FFuture), Message: "polled here, in a `select!` in the same loop body"})
	}
	if restarter != branch {
		d.Related = append(d.Related, RelatedNode{Node: stilBranchHead(t, restarter), Message: "this branch can complete first and continue the loop"})
	} else {
		d.Related = append(d.Related, RelatedNode{Node: t.Field(branch, parser.FHandler), Message: "when the wrapped future completes first, the loop goes on"})
	}
	return d
}

// stilIterationLocal reports whether a branch future is a variable bound earlier in the
// same loop body (`r = req`, `r = &mut req`): a one-shot operation of this iteration.
func stilIterationLocal(t *parser.Tree, fut, loop, sel parser.NodeID) bool {
	root := StripFuture(t, false, fut)
	return t.Is(root, parser.KIdentifier) && LetInLoop(t, t.Text(root), loop, sel) >= 0
}

// stilValueUsed reports whether the select's value is used: bound by a `let`, assigned,
// matched on or passed to `?`.
func stilValueUsed(t *parser.Tree, m parser.NodeID) bool {
	child, par := ParenParent(t, m)
	switch t.Kind(par) {
	case parser.KLetDeclaration:
		return t.Field(par, parser.FValue) == child
	case parser.KAssignmentExpression:
		return t.Field(par, parser.FRight) == child
	case parser.KMatchExpression:
		return t.Field(par, parser.FValue) == child
	case parser.KTryExpression:
		return true
	}
	return false
}

// stilEventSources are methods whose future waits for the next of many events; a select on
// one of them in a loop is an event loop, not one operation with a timeout.
var stilEventSources = map[string]bool{
	"recv": true, "recv_many": true, "recv_async": true, "recv_from": true, "next": true,
	"try_next": true, "select_next_some": true, "accept": true, "changed": true,
	"notified": true, "tick": true, "read": true, "read_buf": true, "readable": true,
	"writable": true, "message": true, "next_message": true, "wait_for": true,
}

// stilPassThrough reports whether a branch hands its future's output on unchanged
// (`r = op => r`, `Ok(r) = op => Some(r)`, `r = op => r?`), for a one-shot operation rather
// than an event source.
func stilPassThrough(t *parser.Tree, b parser.NodeID) bool {
	fut := StripFuture(t, false, t.Field(b, parser.FFuture))
	if stilEventSources[MethodName(t, fut)] {
		return false
	}
	pat := t.Field(b, parser.FPattern)
	if t.Is(pat, parser.KTupleStructPattern) {
		kids := t.NamedChildren(pat)
		if len(kids) != 2 {
			return false
		}
		pat = kids[1]
	}
	if !t.Is(pat, parser.KIdentifier) {
		return false
	}
	h := t.Unparen(t.Field(b, parser.FHandler))
	for i := 0; i < 4; i++ {
		if t.Is(h, parser.KBlock) {
			kids := t.NamedChildren(h)
			if len(kids) != 1 {
				return false
			}
			h = t.Unparen(kids[0])
			continue
		}
		if t.Is(h, parser.KTryExpression) {
			h = t.Unparen(t.NamedChild(h, 0))
			continue
		}
		if t.Is(h, parser.KCallExpression) {
			fn := t.Field(h, parser.FFunction)
			args := Args(t, h)
			if (t.TextIs(fn, "Ok") || t.TextIs(fn, "Some")) && len(args) == 1 {
				h = t.Unparen(args[0])
				continue
			}
		}
		break
	}
	return t.Is(h, parser.KIdentifier) && t.Text(h) == t.Text(pat)
}

// stilOnceOnly reports whether a branch's future can complete only once: a future polled by
// reference (`&mut shutdown`, `&mut self.done`) that the handler does not replace, which must
// not be polled again once it has completed, or a cancellation token's `cancelled()`, which
// stays ready for good.
func stilOnceOnly(t *parser.Tree, b parser.NodeID) bool {
	fut := t.Unparen(t.Field(b, parser.FFuture))
	if t.Is(fut, parser.KReferenceExpression) && t.FirstChildOfKind(fut, parser.KMutableSpecifier) >= 0 {
		v := t.Unparen(t.Field(fut, parser.FValue))
		if !t.Is(v, parser.KIdentifier) && !t.Is(v, parser.KFieldExpression) {
			return false
		}
		return !stilReplaces(t, t.Field(b, parser.FHandler), t.Text(v))
	}
	switch MethodName(t, fut) {
	case "cancelled", "cancelled_owned":
		return true
	}
	return false
}

// stilReplaces reports whether handler h assigns a new future to target (`fut = ..`,
// `fut.set(..)`).
func stilReplaces(t *parser.Tree, h parser.NodeID, target string) bool {
	found := false
	t.Walk(h, func(d parser.NodeID) bool {
		if found {
			return false
		}
		switch t.Kind(d) {
		case parser.KAssignmentExpression:
			if t.Text(t.Field(d, parser.FLeft)) == target {
				found = true
			}
		case parser.KCallExpression:
			if MethodName(t, d) == "set" {
				r := Receiver(t, d)
				if t.Is(r, parser.KCallExpression) && MethodName(t, r) == "as_mut" {
					r = Receiver(t, r)
				}
				if t.Text(r) == target {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// stilTimeoutOfLocal reports whether a timeout wraps a future bound earlier in the loop body.
func stilTimeoutOfLocal(t *parser.Tree, tm stilTimer, loop, sel parser.NodeID) bool {
	if tm.helper {
		return false // the helper's arguments are not the timeout's
	}
	args := Args(t, tm.call)
	return tm.kind.wraps && len(args) >= 2 && stilIterationLocal(t, args[1], loop, sel)
}

// stilWorkFollows reports whether the loop does something after the select! on every turn:
// statements after it in the loop body, or a `while` condition evaluated again.
func stilWorkFollows(t *parser.Tree, m, loop parser.NodeID) bool {
	if t.Is(loop, parser.KWhileExpression) {
		return true
	}
	_, stmt := stilLoopStmt(t, m, loop)
	if stmt < 0 {
		return false
	}
	for s := t.Nodes[stmt].Next; s >= 0; s = t.Nodes[s].Next {
		if t.IsNamed(s) && !t.IsComment(s) {
			return true
		}
	}
	return false
}

// stilHandlerEmpty reports whether a select handler does nothing: `{}` or `()`.
func stilHandlerEmpty(t *parser.Tree, h parser.NodeID) bool {
	h = t.Unparen(h)
	switch t.Kind(h) {
	case parser.KUnitExpression:
		return true
	case parser.KBlock:
		for _, c := range t.NamedChildren(h) {
			if !t.IsComment(c) {
				return false
			}
		}
		return true
	}
	return false
}

// stilAnyContinues reports whether a branch other than skip may `continue` the loop, which
// skips the code after the select.
func stilAnyContinues(t *parser.Tree, branches []parser.NodeID, skip, loop parser.NodeID) bool {
	own := t.FirstChildOfKind(loop, parser.KLabel)
	for _, o := range branches {
		if o == skip {
			continue
		}
		h := t.Field(o, parser.FHandler)
		found := false
		WalkBody(t, h, func(d parser.NodeID) bool {
			if found || (d != h && IsBodyBoundary(t, d)) {
				return false
			}
			if t.Is(d, parser.KContinueExpression) {
				lbl := t.FirstChildOfKind(d, parser.KLabel)
				if lbl >= 0 {
					found = own >= 0 && t.Text(own) == t.Text(lbl)
				} else {
					// an unlabelled continue targets the innermost loop around it
					found = !stilInnerLoop(t, d, h)
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// stilEndsWhile reports whether handler h sets the flag its `while` loop tests so that the
// loop ends at its next test: `while !self.done { select! { .. _ = stop.wait() => { self.done
// = true; } } }`, `while running { .. running = false .. }`, as a statement of the handler
// (not under an `if`). Such a branch leaves the loop.
func stilEndsWhile(t *parser.Tree, h, loop parser.NodeID) bool {
	if !t.Is(loop, parser.KWhileExpression) || h < 0 {
		return false
	}
	cond := t.Unparen(t.Field(loop, parser.FCondition))
	want := "false"
	if x, ok := Negated(t, cond); ok {
		cond, want = x, "true"
	}
	if !t.Is(cond, parser.KIdentifier) && !t.Is(cond, parser.KFieldExpression) {
		return false
	}
	place := compactText(t, cond)
	ends := false
	WalkBody(t, h, func(d parser.NodeID) bool {
		if ends || d != h && IsBodyBoundary(t, d) {
			return false
		}
		if t.Is(d, parser.KAssignmentExpression) && compactText(t, t.Field(d, parser.FLeft)) == place && t.TextIs(t.Unparen(t.Field(d, parser.FRight)), want) {
			// unconditionally: a statement of the handler itself, not under an `if`
			ends = true
			for a := t.Parent(d); a >= 0 && a != h; a = t.Parent(a) {
				if !t.Is(a, parser.KExpressionStatement) && !t.Is(a, parser.KBlock) {
					ends = false
					break
				}
			}
		}
		return !ends
	})
	return ends
}

// stilInnerLoop reports whether there is a loop between n and the handler h.
func stilInnerLoop(t *parser.Tree, n, h parser.NodeID) bool {
	inner := false
	t.Ancestors(n, func(a parser.NodeID) bool {
		if a == h {
			return false
		}
		if IsLoop(t, a) {
			inner = true
			return false
		}
		return true
	})
	return inner
}

// stilBranchHead returns the future of a select branch, or the branch itself.
func stilBranchHead(t *parser.Tree, b parser.NodeID) parser.NodeID {
	if f := t.Field(b, parser.FFuture); f >= 0 {
		return f
	}
	return b
}

func stilCalleeText(t *parser.Tree, call parser.NodeID) string {
	fn := Callee(t, call)
	return strings.Join(strings.Fields(t.Text(fn)), "")
}

// stilTimerCall reports whether call constructs a timer, and which kind.
func stilTimerCall(t *parser.Tree, call parser.NodeID) (timerKind, bool) {
	fn := Callee(t, call)
	var raw string
	switch t.Kind(fn) {
	case parser.KIdentifier, parser.KScopedIdentifier:
		raw = strings.TrimPrefix(strings.Join(strings.Fields(t.Text(fn)), ""), "::")
	default:
		return timerKind{}, false
	}
	path := CalleePath(t, call)
	if k, ok := timerConstructors[path]; ok {
		if !strings.Contains(raw, "::") && DefinesFreeFn(t, raw) {
			return timerKind{}, false // a local `fn sleep` shadows or replaces the import
		}
		return k, true
	}
	first, _, _ := strings.Cut(raw, "::")
	if _, imported := t.Imports.Names[first]; !imported {
		// `use tokio::time::*; sleep(d)`
		for _, g := range t.Imports.Globs {
			if k, ok := timerConstructors[g+"::"+raw]; ok {
				if !strings.Contains(raw, "::") && DefinesFreeFn(t, raw) {
					return timerKind{}, false
				}
				return k, true
			}
		}
	}
	// A partly qualified module path whose crate prefix we cannot see (`time::sleep` with
	// the module brought in some other way). Type paths (`Delay::new`, `Timer::after`) and
	// single names must be imported, as too many crates have their own.
	if strings.Contains(path, "::") && path[0] >= 'a' && path[0] <= 'z' && !DeclaresModule(t, first) {
		for w, k := range timerConstructors {
			if strings.HasSuffix(w, "::"+path) {
				return k, true
			}
		}
	}
	return timerKind{}, false
}

// stilFindTimer finds the timer a branch future creates: a timer call in the future
// expression (not inside closures; inside an async block only when the block is the whole
// future), or a variable bound to a timer earlier in the loop body.
func stilFindTimer(t *parser.Tree, fut, loop, sel parser.NodeID) (stilTimer, bool) {
	root := StripFuture(t, false, fut)
	if t.Is(root, parser.KIdentifier) {
		// `&mut sleep` where `let sleep = sleep(d)` (maybe pinned) sits in this loop body.
		return stilLocalTimer(t, root, loop, sel, 0)
	}
	var found stilTimer
	ok := false
	visit := func(d parser.NodeID) bool {
		if ok {
			return false
		}
		if t.Is(d, parser.KCallExpression) {
			if k, is := stilTimerCall(t, d); is {
				found = stilTimer{call: d, kind: k, whole: d == root, viaLet: parser.None}
				ok = true
				return false
			}
		}
		return true
	}
	if t.Is(root, parser.KAsyncBlock) {
		// `async { sleep(d).await; .. }`: the timer is created when the select first polls
		// the block. Only timers in the block's own statements count: one behind an `if` or
		// a `match` may not be created at all.
		blk := t.FirstChildOfKind(root, parser.KBlock)
		for _, st := range t.NamedChildren(blk) {
			if t.Is(st, parser.KExpressionStatement) || t.Is(st, parser.KLetDeclaration) || t.Is(st, parser.KAwaitExpression) || t.Is(st, parser.KCallExpression) {
				switch t.Kind(t.Unparen(st)) {
				case parser.KIfExpression, parser.KMatchExpression, parser.KLoopExpression, parser.KWhileExpression, parser.KForExpression:
					continue
				}
				if e := t.NamedChild(st, 0); t.Is(st, parser.KExpressionStatement) && e >= 0 {
					switch t.Kind(e) {
					case parser.KIfExpression, parser.KMatchExpression, parser.KLoopExpression, parser.KWhileExpression, parser.KForExpression:
						continue
					}
				}
				WalkBody(t, st, visit)
			}
			if ok {
				break
			}
		}
		if ok {
			// whole only if the block is nothing but awaiting the timer
			found.whole = stilAsyncIsJust(t, root, found.call)
			found.last = stilAsyncEndsWith(t, root, found.call)
			return found, ok
		}
		// `async { if let Some(ref mut s) = idle { s.as_mut().await } else { .. } }`: a
		// timer made in this loop body, awaited by the block.
		WalkBody(t, blk, func(d parser.NodeID) bool {
			if ok || d != blk && IsBodyBoundary(t, d) {
				return false
			}
			if t.Is(d, parser.KAwaitExpression) {
				if r := StripFuture(t, false, t.NamedChild(d, 0)); t.Is(r, parser.KIdentifier) {
					if tm, is := stilLocalTimer(t, r, loop, sel, 0); is {
						found, ok = tm, true
						found.whole = false
					}
				}
			}
			return !ok
		})
		return found, ok
	}
	WalkBody(t, fut, visit)
	return found, ok
}

// stilLocalTimer follows a variable to the timer a `let` of this loop body makes: directly
// (`let sleep = sleep(d);`), through what wraps it (`Box::pin(..)`, `Some(..)`,
// `.map(Box::pin)`, `opt.map(|ms| sleep(ms))`), through another such variable, or through the
// `Some(s)` of an `if let`/`match` on one (`if let Some(ref mut s) = idle { s.as_mut().await }`).
func stilLocalTimer(t *parser.Tree, id, loop, sel parser.NodeID, depth int) (stilTimer, bool) {
	if depth > 3 {
		return stilTimer{}, false
	}
	let := LetInLoop(t, t.Text(id), loop, sel)
	var v parser.NodeID = parser.None
	if let >= 0 {
		v = t.Field(let, parser.FValue)
	} else if decl, l := ResolveBinding(t, id); decl >= 0 && l < 0 {
		// a `Some(s)` pattern of an `if let` or `match` on another variable
		v, _ = BindingSource(t, decl)
		if r := StripFuture(t, false, v); v >= 0 && t.Is(r, parser.KIdentifier) && r != id {
			return stilLocalTimer(t, r, loop, sel, depth+1)
		}
		return stilTimer{}, false
	}
	for i := 0; v >= 0 && i < 6; i++ {
		v = StripFuture(t, false, v)
		switch t.Kind(v) {
		case parser.KIdentifier:
			// a variable the `let` reads: bound before this `let` (`let idle = idle.map(..)`)
			return stilLocalTimer(t, v, loop, let, depth+1)
		case parser.KCallExpression:
			if k, ok := stilTimerCall(t, v); ok {
				return stilTimer{call: v, kind: k, whole: depth == 0, viaLet: let}, true
			}
			args := Args(t, v)
			switch {
			case MethodName(t, v) == "map" && len(args) == 1:
				// `opt.map(Box::pin)` keeps the receiver; `opt.map(|d| sleep(d))` makes it
				if a := t.Unparen(args[0]); t.Is(a, parser.KClosureExpression) {
					v = t.Field(a, parser.FBody)
					if t.Is(v, parser.KBlock) {
						v = cfg.BlockTail(t, v)
					}
				} else {
					v = Receiver(t, v)
				}
				continue
			case LastSegment(CalleePath(t, v)) == "Some" && len(args) == 1:
				v = args[0]
				continue
			}
		}
		return stilTimer{}, false
	}
	return stilTimer{}, false
}

// stilAsyncIsJust reports whether async block b is just `{ call.await }` (maybe with `;`).
func stilAsyncIsJust(t *parser.Tree, b, call parser.NodeID) bool {
	return len(stilAsyncStatements(t, b)) == 1 && stilAsyncEndsWith(t, b, call)
}

// stilAsyncStatements returns the statements of async block b, comments left out.
func stilAsyncStatements(t *parser.Tree, b parser.NodeID) []parser.NodeID {
	blk := t.Field(b, parser.FBody)
	if blk < 0 {
		blk = t.FirstChildOfKind(b, parser.KBlock)
	}
	var out []parser.NodeID
	for _, c := range t.NamedChildren(blk) {
		if !t.IsComment(c) {
			out = append(out, c)
		}
	}
	return out
}

// stilAsyncEndsWith reports whether the last statement of async block b awaits the timer
// call (`async { work().await; sleep(d).await; }`).
func stilAsyncEndsWith(t *parser.Tree, b, call parser.NodeID) bool {
	kids := stilAsyncStatements(t, b)
	if len(kids) == 0 {
		return false
	}
	e := kids[len(kids)-1]
	if t.Is(e, parser.KExpressionStatement) {
		e = t.NamedChild(e, 0)
	}
	e = t.Unparen(e)
	return t.Is(e, parser.KAwaitExpression) && StripFuture(t, false, t.NamedChild(e, 0)) == call
}

// stilTimerRestarts reports whether re-creating the timer really starts it over: a duration
// timer does, unless its duration is computed from the clock (`deadline - Instant::now()`,
// `period - last.elapsed()`), which makes it a deadline; a deadline timer does only when the
// deadline is computed from the clock inside the loop.
func stilTimerRestarts(t *parser.Tree, tm stilTimer, loop, sel parser.NodeID) bool {
	args := Args(t, tm.call)
	if len(args) == 0 {
		return !tm.kind.deadline
	}
	// Lets are looked up from the let's own position when the timer was bound to a variable.
	at := sel
	if tm.viaLet >= 0 {
		at = tm.viaLet
	}
	fromClock := stilUsesClock(t, args[0], loop, at, 0)
	if tm.kind.deadline {
		return fromClock
	}
	return !fromClock
}

// stilBareNow reports whether e is `Instant::now()` with nothing added, the path
// `Instant::now` handed as a function, or a closure that ends in one (`|| { warn!(..);
// Instant::now() }`, the fallback of a deadline that overflowed).
func stilBareNow(t *parser.Tree, e parser.NodeID) bool {
	e = t.Unparen(e)
	switch t.Kind(e) {
	case parser.KClosureExpression:
		body := t.Field(e, parser.FBody)
		if t.Is(body, parser.KBlock) {
			body = selTail(t, body)
		}
		return body >= 0 && !t.Is(body, parser.KClosureExpression) && stilBareNow(t, body)
	case parser.KCallExpression:
		return len(Args(t, e)) == 0 && LastSegment(CalleePath(t, e)) == "now" && strings.Contains(CalleePath(t, e), "::")
	case parser.KScopedIdentifier:
		return LastSegment(t.Text(e)) == "now"
	}
	return false
}

// stilUsesClock reports whether expression e reads the clock (`Instant::now()`,
// `clock.now()`, `x.elapsed()`, `d.duration_since(..)`), directly, in a closure it runs,
// through variables bound earlier in the loop body, or in the body of a fn of this file it
// calls.
func stilUsesClock(t *parser.Tree, e, loop, at parser.NodeID, depth int) bool {
	if depth > 4 {
		return false
	}
	found := false
	// Closures count (`map_or(MAX, |d| d.saturating_duration_since(now()))` runs now).
	t.Walk(e, func(d parser.NodeID) bool {
		if found || d != e && t.Is(d, parser.KFunctionItem) {
			return false
		}
		switch t.Kind(d) {
		case parser.KCallExpression:
			switch MethodName(t, d) {
			case "now", "elapsed", "duration_since", "saturating_duration_since", "checked_duration_since":
				found = true
				return false
			case "map_or", "map_or_else", "unwrap_or", "unwrap_or_else":
				// A default of plain `Instant::now()` (or `Instant::now` itself) is a deadline
				// that has passed: the timer fires at once rather than restarting, and the
				// stored deadline is what the branch waits for
				// (`sched.as_ref().map_or(Instant::now(), |s| s.when)`).
				if args := Args(t, d); len(args) > 0 && stilBareNow(t, args[0]) {
					found = stilUsesClock(t, Receiver(t, d), loop, at, depth+1)
					for _, a := range args[1:] {
						found = found || stilUsesClock(t, a, loop, at, depth+1)
					}
					return false
				}
			}
			if path := CalleePath(t, d); strings.Contains(path, "::") && stilClockNow[LastSegment(path)] {
				found = true
				return false
			}
			// `Self::until_next(&self.deadlines)`: a fn of this file that computes the
			// time left from the clock.
			if body := stilFileFnBody(t, d); body >= 0 && !stilCachedDeadline(t, body) && stilUsesClock(t, body, loop, at, depth+1) {
				found = true
				return false
			}
		case parser.KFieldExpression:
			if p := t.Parent(d); t.Is(p, parser.KCallExpression) && t.Field(p, parser.FFunction) == d {
				return true
			}
			if stilFieldFromClock(t, d, loop, at, depth) {
				found = true
				return false
			}
		case parser.KIdentifier:
			if p := t.Parent(d); t.Is(p, parser.KCallExpression) && t.Field(p, parser.FFunction) == d {
				return false
			}
			name := t.Text(d)
			// (`let Some(left) = remaining(deadline) else { .. }` too: the value unwrapped)
			if let := LetUnwrapInLoop(t, name, loop, at); let >= 0 {
				if v := t.Field(let, parser.FValue); v >= 0 && stilUsesClock(t, v, loop, let, depth+1) {
					found = true
				}
				// `let mut wait = DEFAULT; for d in deadlines { wait = wait.min(d.duration_since(now)) }`:
				// what the loop assigns it before the select! counts too
				for _, v := range stilAssignedBefore(t, name, let, at) {
					found = found || stilUsesClock(t, v, loop, at, depth+1)
				}
			}
			// `if let Ok(d) = next.duration_since(now) { wait = d }`: a binding of an `if let`
			if v := stilIfLetValue(t, d, name); !found && v >= 0 {
				found = stilUsesClock(t, v, loop, at, depth+1)
			}
		}
		return true
	})
	return found
}

// stilFieldFromClock reports whether the loop, before at, sets field expression fe
// (`mas.duration`) from the clock: it assigns it (`mas.duration = deadline - now()`,
// `mas.left -= started.elapsed()`), or calls a method of its owner, declared in this file,
// that writes that field of `self` and reads the clock (`mas.refresh()`, which takes the time
// elapsed since the wait began off the duration left). The duration then is what remains of
// a wait, not a fresh one.
func stilFieldFromClock(t *parser.Tree, fe, loop, at parser.NodeID, depth int) bool {
	owner, field := t.Text(t.Field(fe, parser.FValue)), t.Text(t.Field(fe, parser.FField))
	if owner == "" || field == "" || loop < 0 || at < 0 {
		return false
	}
	full := joinFields(t.Text(fe), "")
	found := false
	WalkBody(t, t.Field(loop, parser.FBody), func(d parser.NodeID) bool {
		if found || t.Nodes[d].Start >= t.Nodes[at].Start {
			return false
		}
		switch t.Kind(d) {
		case parser.KAssignmentExpression, parser.KCompoundAssignment:
			if joinFields(t.Text(t.Unparen(t.Field(d, parser.FLeft))), "") == full {
				found = stilUsesClock(t, t.Field(d, parser.FRight), loop, d, depth+1)
			}
		case parser.KCallExpression:
			if MethodName(t, d) == "" || joinFields(t.Text(Receiver(t, d)), "") != owner {
				return true
			}
			if body := stilFileFnBody(t, d); body >= 0 && stilWritesSelfField(t, body, field) {
				found = stilUsesClock(t, body, loop, at, depth+1)
			}
		}
		return !found
	})
	return found
}

// stilWritesSelfField reports whether a fn body assigns `self.field` (`=`, `-=`, ...).
func stilWritesSelfField(t *parser.Tree, body parser.NodeID, field string) bool {
	writes := false
	WalkBody(t, body, func(d parser.NodeID) bool {
		if (t.Is(d, parser.KAssignmentExpression) || t.Is(d, parser.KCompoundAssignment)) && SelfField(t, t.Field(d, parser.FLeft)) == field {
			writes = true
		}
		return !writes
	})
	return writes
}

// stilCachedDeadline reports whether a fn body keeps the deadline it computes in a field of
// self and hands back the kept one while it is set: `self.next.get_or_insert_with(..)`, or
// `match self.next { Some(d) => d, None => { let d = now() + t; self.next = Some(d); d } }`
// (any read of `self.next` before the assignment). Such a deadline stays put from one call
// to the next, so a `sleep_until` re-created on it each turn does not move; what resets the
// field moves it, on purpose.
func stilCachedDeadline(t *parser.Tree, body parser.NodeID) bool {
	found := false
	var stored []parser.NodeID // `self.f = ..` assignments
	WalkBody(t, body, func(d parser.NodeID) bool {
		if found {
			return false
		}
		switch t.Kind(d) {
		case parser.KCallExpression:
			if m := MethodName(t, d); (m == "get_or_insert_with" || m == "get_or_insert") && SelfField(t, Receiver(t, d)) != "" {
				found = true
			}
		case parser.KAssignmentExpression:
			if SelfField(t, t.Field(d, parser.FLeft)) != "" {
				stored = append(stored, d)
			}
		}
		return true
	})
	for _, a := range stored {
		if found {
			break
		}
		field := SelfField(t, t.Field(a, parser.FLeft))
		WalkBody(t, body, func(d parser.NodeID) bool {
			if found || t.Nodes[d].Start >= t.Nodes[a].Start {
				return false
			}
			if t.Is(d, parser.KFieldExpression) && SelfField(t, d) == field {
				found = true
			}
			return true
		})
	}
	return found
}

// stilAssignedBefore returns the values assigned to name (`name = v`) after its let and
// before at, in the let's scope.
func stilAssignedBefore(t *parser.Tree, name string, let, at parser.NodeID) []parser.NodeID {
	var out []parser.NodeID
	scope := LetScope(t, let)
	if scope < 0 {
		return nil
	}
	WalkBody(t, scope, func(x parser.NodeID) bool {
		if t.Nodes[x].Start >= t.Nodes[at].Start {
			return false
		}
		if t.Is(x, parser.KAssignmentExpression) && t.Nodes[x].Start > t.Nodes[let].End && t.TextIs(t.Unparen(t.Field(x, parser.FLeft)), name) {
			out = append(out, t.Field(x, parser.FRight))
		}
		return true
	})
	return out
}

// stilIfLetValue returns the value of the `if let` around use whose pattern binds name (the
// use in its body), or None.
func stilIfLetValue(t *parser.Tree, use parser.NodeID, name string) parser.NodeID {
	for a := t.Parent(use); a >= 0 && !IsBodyBoundary(t, a); a = t.Parent(a) {
		if !t.Is(a, parser.KIfExpression) || !t.IsAncestor(t.Field(a, parser.FConsequence), use) {
			continue
		}
		if c := t.Field(a, parser.FCondition); t.Is(c, parser.KLetCondition) && patternBinding(t, t.Field(c, parser.FPattern), name) >= 0 {
			return t.Field(c, parser.FValue)
		}
	}
	return parser.None
}

// stilClockNow are the constructors that read a clock: `Instant::now()`, `SystemTime::now()`,
// chrono's `Utc::now()`, and the time crate's `OffsetDateTime::now_utc()`/`now_local()`.
var stilClockNow = map[string]bool{"now": true, "now_utc": true, "now_local": true}

// stilFileFnBody is the body of the fn a call runs when that fn is declared in this file by
// a name no other fn of the file has: `name(..)`, `Self::name(..)`, `self.name(..)`,
// `local.name(..)`; else None.
func stilFileFnBody(t *parser.Tree, call parser.NodeID) parser.NodeID {
	name := ""
	if m := MethodName(t, call); m != "" {
		// `self.time_left()`, or `uploader.wait()` on a local: the file's only fn of that
		// name (std's and Tokio's methods are not declared in the file)
		name = m
	} else {
		path := CalleePath(t, call)
		if strings.Contains(path, "::") && !strings.HasPrefix(path, "Self::") {
			return parser.None
		}
		name = LastSegment(path)
	}
	if name == "" {
		return parser.None
	}
	return FileFnBody(t, name, false)
}

// stilHelperBranch checks a branch whose future is a call that may run a fn of the crate
// (`_ = self.heartbeat.tick() =>`, `r = read_with_keepalive(&mut conn) =>`): whether that fn
// makes a new timer (or awaits one) is settled against the crate's fns (summary_select.go).
// The check runs once per shape the timer may have (a sleep the fn only awaits, a sleep
// with more work around it, a timeout around an operation), and the crate keeps the finding
// of the shape it finds.
func stilHelperBranch(p *Pass, m, b parser.NodeID, branches []parser.NodeID, loop parser.NodeID, tried, valued bool) {
	t := p.Tree
	root := StripFuture(t, false, t.Field(b, parser.FFuture))
	if !t.Is(root, parser.KCallExpression) {
		return
	}
	call, ok := selCallOf(p, root)
	if !ok {
		return
	}
	// Whether each argument is computed from the clock (`deadline - Instant::now()`): a
	// helper that hands its parameter to the timer as it is makes a deadline of it.
	args := Args(t, root)
	fromClock := make([]bool, len(args))
	for i, a := range args {
		fromClock[i] = stilUsesClock(t, a, loop, m, 0)
	}
	for _, tm := range []stilTimer{
		{call: root, whole: true, viaLet: parser.None, helper: true},
		{call: root, whole: false, viaLet: parser.None, helper: true},
		{call: root, kind: timerKind{wraps: true}, whole: true, viaLet: parser.None, helper: true},
	} {
		d, ok := stilJudge(t, m, b, branches, loop, tried, valued, tm)
		if !ok {
			continue
		}
		shape := tm
		p.ReportLater(d, func(c *Crate, f *finding.Finding) bool {
			chain, ok := selTimerOf(c, call)
			if !ok {
				return false
			}
			last := chain[len(chain)-1].Fact
			whole := selChainWhole(chain)
			if last.Timer.wraps != shape.kind.wraps || !shape.kind.wraps && whole != shape.whole {
				return false // another shape's finding
			}
			if k := last.TimerParam - 1; len(chain) == 1 && k >= 0 && k < len(fromClock) && fromClock[k] != last.Timer.deadline {
				// `sleep(until_due)` with `until_due = due.saturating_duration_since(now())`,
				// through `async fn sleep(d) { tokio::time::sleep(d).await }`: the time left
				// to a stored deadline, which a new timer does not push back; or a
				// deadline helper handed a deadline that is not computed from the clock.
				return false
			}
			stilHelperMessage(c, f, call, chain)
			return true
		})
	}
}

// stilHelperMessage words a finding on a helper's timer: the message names the chain from
// the branch to the constructor, the notes walk it.
func stilHelperMessage(c *Crate, f *finding.Finding, call selCall, chain []selStep) {
	last := chain[len(chain)-1].Fact
	how := "returns a new"
	if last.Async {
		how = "awaits a new"
	}
	by := selChainNames(chain)
	op := "`" + last.Op + "`"
	if last.Timer.wraps {
		f.Message = "`" + call.Text + "` starts a new timeout on every iteration of the loop: " + by + " " + how + " " + op +
			"; whenever a `select!` branch completes and the loop goes on, the timeout restarts from zero, so it may never fire"
	} else {
		f.Message = "`" + call.Text + "` creates a new timer on every iteration of the loop: " + by + " " + how + " " + op +
			"; whenever another `select!` branch completes first, the timer restarts from zero, so it may never fire"
	}
	f.Help = "create the timer once, before the loop or in a field of its own, pin it and poll it by reference in the branch " +
		"(`_ = &mut sleep =>`, or have the helper return `Pin<&mut Sleep>` of a stored timer), re-arming it with " +
		"`sleep.as_mut().reset(Instant::now() + d)` after it fired; if this is an idle timeout meant to restart on every " +
		"activity, suppress it with `// rustaudit:allow(select_timer_in_loop) idle timeout`"
	f.Notes = append(selChainNotes(c, chain, func(g *selFnFact, op bool) string {
		switch {
		case g.Async && op:
			return "awaits a new"
		case g.Async:
			return "awaits"
		case op:
			return "returns a new"
		}
		return "returns the timer of"
	}), f.Notes...)
}

// stilOuterBound returns the timer that bounds the whole of loop from outside: loop is in an
// async block that is a branch of an enclosing `select!` whose only other branch is on a
// timer made there (`_ = sleep(d) =>`), or that `timeout(d, async { .. })` wraps. None
// otherwise.
func stilOuterBound(t *parser.Tree, loop parser.NodeID) parser.NodeID {
	blk := t.Parent(loop)
	for blk >= 0 && !cfg.IsBody(t, blk) {
		blk = t.Parent(blk)
	}
	if !t.Is(blk, parser.KAsyncBlock) {
		return parser.None
	}
	if args := t.Parent(blk); t.Is(args, parser.KArguments) {
		call := t.Parent(args)
		if k, ok := stilTimerCall(t, call); ok && k.wraps {
			return call // `timeout(d, async { loop { .. } })`
		}
		return parser.None
	}
	b, m := SelectBranchPolling(t, blk)
	if b < 0 {
		return parser.None
	}
	// Only the two of them: a third branch could restart the bounding timer too, if a loop
	// runs that select! again.
	bound, others := parser.None, 0
	for _, o := range SelectBranches(t, m) {
		if o == b || SelectBranchFuture(t, o) < 0 {
			continue
		}
		others++
		if call := StripFuture(t, false, SelectBranchFuture(t, o)); t.Is(call, parser.KCallExpression) {
			if k, ok := stilTimerCall(t, call); ok && !k.wraps {
				bound = call
			}
		}
	}
	if others != 1 {
		return parser.None
	}
	return bound
}
