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

//go:embed pending_without_waker.md
var pendingWithoutWakerDoc string

// PendingWithoutWaker is the `pending_without_waker` rule.
var PendingWithoutWaker = &Rule{
	ID:        "pending_without_waker",
	Summary:   "returns `Poll::Pending` without registering the task's waker, so the task may never be polled again",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness", "concurrency"},
	Precision: "high",
	Doc:       pendingWithoutWakerDoc,
	Kinds:     []parser.Kind{parser.KSourceFile, parser.KFunctionItem, parser.KClosureExpression, parser.KTraitItem},
	Check:     checkPendingWithoutWaker,
}

// The rule looks at every function that receives a task Context (`cx: &mut Context<'_>`,
// under whatever name the type is imported) and every `poll_fn(|cx| ..)` closure. It
// collects the `Poll::Pending` values the body returns (tail expressions, `return`s,
// `break`s out of a tail loop) and runs a small path analysis over the body in evaluation
// order: the state is the set of ways a point can be reached, "with nothing registered yet"
// and/or "after some registration" (any use of the Context: passed to a call or macro,
// `cx.waker()`, stored, captured by a closure). A returned Pending that can only be reached
// with nothing registered is a candidate. A Pending reachable both ways (a registration on
// some earlier path, or on an earlier loop iteration) is left alone: that is usually a state
// machine whose other state registered, and precision matters more here than recall.
//
// A candidate is then judged by what it waits for, read from the conditions on its path
// (pwwJudge): state this value owns or values that cannot change (only the owner can make
// it ready, or it never becomes ready by design: a note); a change the function made itself
// or the clock, with the Context unused (it expects another poll that nothing asks for: the
// one case certain enough for an error); anything else, such as shared state, a lock, a
// channel or an unknown method (a warning). Quiet: a Pending guarded by state the function
// sets on another path (the fuse idiom, a one-time registration; see stateGated), by state
// it hands a Context to on another path (a waker stored in a child or shared object; see
// registersThroughState), the `poll` of a framework-polled trait, and a crate-private
// helper whose every call is covered: the caller registered before it, polls other sources
// with the same Context after it, or is such a helper itself (settled from the crate's facts,
// see pending_without_waker_callers.go).

// Path states: a bit set of the ways a program point can be reached.
const (
	pwwUnreg uint8 = 1 // on some path nothing has registered for a wake-up
	pwwReg   uint8 = 2 // on some path the Context was used
)

// Macros that only format or check their arguments: a Context mentioned there (`trace!(?cx)`)
// registers nothing.
var pwwFormattingMacros = map[string]bool{
	"println": true, "print": true, "eprintln": true, "eprint": true, "format": true,
	"format_args": true, "write": true, "writeln": true, "trace": true, "debug": true,
	"info": true, "warn": true, "error": true, "log": true, "event": true,
	"trace_span": true, "debug_span": true, "info_span": true, "span": true,
	"assert": true, "assert_eq": true, "assert_ne": true, "debug_assert": true,
	"debug_assert_eq": true, "debug_assert_ne": true,
}

// pwwFrameworkPolled are trait methods whose framework polls them again after every event
// it delivers through the trait's other methods (libp2p's swarm polls the behaviour and the
// connection handlers after each event): their Pending needs no waker of its own.
var pwwFrameworkPolled = frameworkPolledSet() // knowledge.FrameworkPolled

func checkPendingWithoutWaker(p *Pass, n parser.NodeID) {
	t := p.Tree
	var param, body parser.NodeID = parser.None, parser.None
	var name string // the Context parameter's name ("" for `_`)
	var what string // how the message names the function
	fnName := ""
	legacy := false
	switch t.Kind(n) {
	case parser.KSourceFile:
		if pwwMentionsAny(p, pwwOwnWakerWords) {
			Record(p, pwwOwnExecutorFact, p.Info.Path)
		}
		if pwwMentionsAny(p, pwwRuntimeWords) {
			Record(p, pwwRuntimeFact, p.Info.Path)
		}
		pwwRecordBusyDrivers(p)
		return
	case parser.KTraitItem:
		if !pwwIsPub(t, n) {
			Record(p, pwwPrivateTraitFact, t.Text(t.Field(n, parser.FName)))
		}
		return
	case parser.KFunctionItem:
		param, name = ContextParam(t, n)
		body = t.Field(n, parser.FBody)
		fnName = t.Text(t.Field(n, parser.FName))
		if param >= 0 && body >= 0 {
			if at := pwwGeneratorDriver(t, body); at >= 0 {
				Record(p, pwwDriverFact, pwwDriver{Path: p.Info.Path, Line: int(t.N(at).StartRow) + 1})
			}
			if name != "" && pwwRegistersFirst(t, body, name) {
				pwwRecordRegistersFirst(p, n, fnName)
			}
		}
		what = "`" + fnName + "`"
		if param < 0 && p.Mentions("NotReady") && pwwLegacyPoll(t, n) {
			legacy = true // futures 0.1: `fn poll(&mut self) -> Poll<T, E>`
			param = t.Field(n, parser.FName)
		}
	case parser.KClosureExpression:
		param, name = ClosureContextParam(t, n)
		body = t.Field(n, parser.FBody)
		what = "this closure"
		if args := t.Parent(n); t.Is(args, parser.KArguments) && LastSegment(CalleePath(t, t.Parent(args))) == "poll_fn" {
			what = "this `poll_fn` closure"
			if pwwWakerCapturedBefore(t, t.Parent(args)) {
				// `let waker = poll_fn(|cx| Poll::Ready(cx.waker().clone())).await;` earlier
				// in the same async code: the task's waker was taken and handed out by hand.
				return
			}
		}
	}
	if param < 0 || body < 0 {
		return
	}

	var pendings []parser.NodeID
	others := 0 // returns that may be something else than Pending (Ready, a delegated poll, `?`)
	isPending := IsPollPending
	if legacy {
		isPending = pwwIsLegacyPending
	}
	flowExits(t, body, func(x parser.NodeID) {
		if isPending(t, x) {
			pendings = append(pendings, x)
		} else {
			others++
		}
	}, func() { others++ })
	// Every way out is Pending: a future that never completes on purpose (like
	// `future::pending()`); nothing to report, but its calls still count as callers.
	judge := len(pendings) > 0 && others > 0
	record := name != "" && pwwPassesContextAnywhere(t, body, name)
	if !judge && !record {
		return
	}
	a := &pwwFlow{t: t, name: name, targets: pendings, states: map[parser.NodeID]uint8{}, record: record, legacy: legacy, body: body, pass: p}
	usesContext := name != "" && a.mentionsContext(body) || legacy && a.legacyRegistersAnywhere(body)
	a.run()
	callerHelper := t.Is(n, parser.KFunctionItem) && pwwIsHelper(t, n)
	arity := 0
	if t.Is(n, parser.KFunctionItem) {
		arity = pwwArity(t, n)
	}
	var after *pwwAfter
	for i, c := range a.calls {
		c.Path = p.Info.Path
		if c.Unreg && i < 32 {
			if after == nil {
				after = newPwwAfter(t, body, name)
			}
			c.Covered = after.covered(c.node)
		}
		if callerHelper {
			c.Caller, c.CallerArity, c.CallerHelper = fnName, arity, true
		}
		Record(p, pwwCallFact, c)
	}
	trait := pwwImplTrait(t, n)
	if pwwFrameworkPolled[trait+"."+fnName] {
		return
	}
	helper := pwwIsHelper(t, n)
	a.reportConsumed(p, body, param, pendings, what, fnName, arity, helper, trait)
	if !judge {
		return
	}
	for _, x := range pendings {
		if a.states[x] != pwwUnreg {
			continue
		}
		conds, region := a.pathConds(body, x)
		if usesContext && (a.stateGated(body, conds, region) || a.registersThroughState(body, conds, region)) {
			continue
		}
		v := a.judge(body, x, conds, usesContext)
		if legacy {
			v = pwwLegacyVerdict(v)
		}
		level := v.level
		notes := []string{v.note}
		handOver := parser.None
		if level == LevelError {
			g := parser.None
			if t.Is(n, parser.KClosureExpression) {
				g = pwwGeneratorYield(t, n)
			} else if v.related >= 0 {
				g = pwwGeneratorYieldType(t, n) // (progress made: the one-time `Pending` of a yield)
			}
			if g >= 0 {
				// A generator's yield: certain only if an executor polls this future.
				level = LevelWarning
				notes = append(notes, "warning here, not error: a value is handed over before this one-time `Pending` (a generator's yield); "+
					"if the driver that polls this future takes it and returns `Ready`, its consumer polls again and no wake-up is needed, "+
					"but awaited anywhere else this future hangs")
				handOver = g
			}
		}
		if helper && level > LevelWarning {
			level = LevelWarning
		}
		if helper {
			notes = append(notes, pwwHelperNote)
		}
		var repoll, repollBy parser.NodeID = parser.None, parser.None
		if level > LevelNote && !p.userLevel && t.Is(n, parser.KClosureExpression) {
			if b, o, ok := pwwSelectRepoll(t, n); ok {
				level = LevelNote
				repoll, repollBy = b, o
				notes = append(notes, fmt.Sprintf("note here, not %s: this future is polled as a branch of a `select!` that a loop runs again (line %d), and `select!` polls every branch each time the task is woken: the branch at line %d, which lets the loop go on, wakes it whenever it fires. A state that becomes ready here is seen then, late rather than never; it hangs only while every other branch stays quiet",
					v.level, t.Nodes[b].StartRow+1, t.Nodes[o].StartRow+1))
			}
		}
		rel := "the task `Context` received here is not used on any path to this `Pending`"
		if legacy {
			rel = "nothing on the way to this `NotReady` polls an inner future or stream, calls `task::current()` or notifies a task"
		} else if name == "" {
			rel = "the task `Context` received here is ignored"
		} else if !usesContext {
			rel = fmt.Sprintf("the task `Context` `%s` is never used", name)
		}
		msg := fmt.Sprintf("%s returns `Poll::Pending` on a path that never registers the task's waker: %s", what, v.message)
		if legacy {
			msg = fmt.Sprintf("%s returns `Async::NotReady` (futures 0.1) on a path that never arranges for the current task to be notified: %s", what, v.message)
		}
		d := Diagnostic{
			Node:    x,
			Message: msg,
			Help:    v.help,
			Related: []RelatedNode{{Node: param, Message: rel}},
			Notes:   notes,
			Level:   level,
		}
		if v.related >= 0 {
			d.Related = append(d.Related, RelatedNode{Node: v.related, Message: v.relatedMsg})
		}
		if handOver >= 0 {
			d.Related = append(d.Related, RelatedNode{Node: handOver, Message: "the value is handed to the driver here"})
		}
		if repoll >= 0 {
			d.Related = append(d.Related, RelatedNode{Node: repoll, Message: "polled again as this `select!` branch"},
				RelatedNode{Node: repollBy, Message: "this branch wakes the task and lets the loop go on"})
		}
		if helper || trait != "" || level == LevelError || handOver >= 0 {
			// A method of a crate-private trait is a helper too; only the crate's facts
			// tell whether the trait is one, whether the crate has its own executor, and
			// whether it drives its generators itself.
			settle := pwwSettle(fnName, arity, helper, trait, p.userLevel)
			if handOver >= 0 && !p.userLevel {
				settle = pwwSettleGenerator(settle)
			}
			p.ReportLater(d, pwwSettleBusy(settle, p.userLevel))
		} else {
			p.ReportLater(d, pwwSettleBusy(nil, p.userLevel))
		}
	}
}

// pwwOwnExecutorFact records the files that build wakers of their own (a `RawWakerVTable`,
// a no-op waker, a `Wake` impl): the crate runs futures on its own executor, which may poll
// them in a loop whatever their wakers do (an emulator tick, a kernel's scheduler).
var pwwOwnExecutorFact = NewFactKey[string]("pending_without_waker.own_executor")

// pwwRuntimeFact records the files that name a runtime whose executor polls a task only
// after its waker was called (tokio, async-std, smol, futures' executors ...).
var pwwRuntimeFact = NewFactKey[string]("pending_without_waker.runtime")

var (
	pwwOwnWakerWords = []string{"RawWakerVTable", "noop_waker", "Waker::noop", "ArcWake", "impl Wake for", "task::Wake for"}
	pwwRuntimeWords  = []string{"tokio::", "async_std::", "smol::", "async_executor", "futures::executor", "actix_rt", "glommio", "monoio", "tokio_core::", "futures_cpupool"}
)

// pwwMentionsAny reports whether the file's text contains one of words.
func pwwMentionsAny(p *Pass, words []string) bool {
	for _, w := range words {
		if p.Mentions(w) {
			return true
		}
	}
	return false
}

// pwwSettle settles a finding once the crate's facts are in. An error stays one only in a
// crate that names a runtime which polls a task only when woken and builds no wakers of its
// own: an executor of its own may poll every task on each tick, woken or not (an emulator, a
// kernel's scheduler, a game loop). A helper (a crate-private function, or a
// method of a crate-private trait) is judged at its callers: a helper whose every
// call passes a Context that was already used (the caller polled something first, so the
// waker is registered) is fine. user says the level was set by configuration and is kept.
func pwwSettle(fn string, arity int, helper bool, trait string, user bool) func(c *Crate, f *finding.Finding) bool {
	return func(c *Crate, f *finding.Finding) bool {
		if f.Level == LevelError && !user {
			switch {
			case len(Facts(c, pwwOwnExecutorFact)) > 0:
				f.Level = LevelWarning
				f.Notes = append(f.Notes, "warning here, not error: this crate builds its own wakers, so its executor may poll futures again without being woken")
			case len(Facts(c, pwwRuntimeFact)) == 0:
				f.Level = LevelWarning
				f.Notes = append(f.Notes, "warning here, not error: nothing in this crate names a runtime that polls a task only when woken (tokio, async-std, smol, a futures executor); whatever polls this future may poll it again unasked")
			}
		}
		if trait != "" {
			for _, v := range Facts(c, pwwPrivateTraitFact) {
				if v == trait {
					helper = true
					break
				}
			}
			if helper {
				if f.Level > LevelWarning && !user {
					f.Level = LevelWarning
				}
				f.Notes = append(f.Notes, pwwHelperNote)
			}
		}
		if !helper {
			return true
		}
		callers := newPwwCallers(c)
		calls := callers.of(fn, arity)
		if len(calls) == 0 {
			return true
		}
		var first *pwwCall
		for i := range calls {
			if !callers.covered(calls[i], 0) {
				first = &calls[i]
				break
			}
		}
		if first == nil {
			return false // every call is covered: the waker is registered before, after or above it
		}
		where := callSiteWhere(f.Path, first.Path, first.Line)
		f.Notes = append(f.Notes, fmt.Sprintf("`%s` is called at %s with nothing registered before the call, and its caller hands the `Pending` on without polling anything else with the context", fn, where))
		return true
	}
}

// pwwCallFact records, for each call that hands a function's Context on, the callee's name
// and whether the call can be reached before the caller used the Context itself.
var pwwCallFact = NewFactKey[pwwCall]("pending_without_waker.call")

type pwwCall struct {
	Name  string
	Unreg bool // reachable with nothing registered yet
	Path  string
	Line  int
	// Arity is the number of arguments; Method says it is a method call (`x.name(..)`).
	Arity  int
	Method bool
	// Covered: every way out of the caller that may be `Pending` uses the Context again
	// after this call (see pending_without_waker_callers.go).
	Covered bool
	// Caller is the calling function's name and CallerArity its arity when it is a
	// crate-private helper (CallerHelper), whose own calls may cover this one.
	Caller       string
	CallerArity  int
	CallerHelper bool
	node         parser.NodeID
}

// pwwPassesContextAnywhere reports whether body hands the Context to a call.
func pwwPassesContextAnywhere(t *parser.Tree, body parser.NodeID, cx string) bool {
	return t.Find(body, func(d parser.NodeID) (bool, bool) {
		return t.Is(d, parser.KCallExpression) && pwwPassesContext(t, d, cx), true
	}) >= 0
}

// pwwPassesContext reports whether a call gets the Context itself as an argument (`cx`,
// `&mut *cx`).
func pwwPassesContext(t *parser.Tree, call parser.NodeID, cx string) bool {
	for _, arg := range Args(t, call) {
		if pwwIsContextExpr(t, arg, cx) {
			return true
		}
	}
	return false
}

func pwwIsContextExpr(t *parser.Tree, e parser.NodeID, cx string) bool {
	for i := 0; i < 4; i++ {
		e = t.Unparen(e)
		switch t.Kind(e) {
		case parser.KReferenceExpression:
			e = t.Field(e, parser.FValue)
			continue
		case parser.KUnaryExpression:
			e = t.NamedChild(e, 0)
			continue
		}
		break
	}
	return t.Is(e, parser.KIdentifier) && t.TextIs(e, cx)
}

// pwwCalleeName is the name a call calls: the method, or the path's last segment.
func pwwCalleeName(t *parser.Tree, call parser.NodeID) string {
	if m := MethodName(t, call); m != "" {
		return m
	}
	return LastSegment(CalleePath(t, call))
}

// pwwPrivateTraitFact records the names of traits that are not `pub`.
var pwwPrivateTraitFact = NewFactKey[string]("pending_without_waker.private_trait")

const pwwHelperNote = "a crate-private helper: this is fine only if every caller registers the waker itself before returning `Pending`"

// pwwImplTrait returns the last segment of the trait that fn's impl implements, or "".
func pwwImplTrait(t *parser.Tree, fn parser.NodeID) string {
	dl := t.Parent(fn)
	if !t.Is(fn, parser.KFunctionItem) || !t.Is(dl, parser.KDeclarationList) {
		return ""
	}
	tr := t.Field(t.Parent(dl), parser.FTrait)
	if !t.Is(t.Parent(dl), parser.KImplItem) || tr < 0 {
		return ""
	}
	if t.Is(tr, parser.KGenericType) {
		tr = t.Field(tr, parser.FType)
	}
	return LastSegment(t.Imports.Resolve(t.Text(tr)))
}

// pwwFlow is what the rule adds to the path analysis (flowPlan) of one body: the
// Pending targets whose states it records and what counts as a registration.
type pwwFlow struct {
	t       *parser.Tree
	name    string // the Context parameter's name, "" when it has none
	targets []parser.NodeID
	states  map[parser.NodeID]uint8 // targets -> the ways they can be reached
	record  bool                    // record the calls that hand the Context on
	legacy  bool                    // futures 0.1: no Context; calls register the current task
	body    parser.NodeID           // the body walked
	calls   []pwwCall
	// consumed are the sub-polls whose `Ready` outcome used up the only registration of
	// a path (see pending_without_waker_consumed.go).
	consumed []parser.NodeID
	pass     *Pass // for the types of timers re-armed (pending_without_waker_rearm.go)
}

func (a *pwwFlow) isTarget(n parser.NodeID) bool {
	for _, x := range a.targets {
		if x == n {
			return true
		}
	}
	return false
}

// pwwRegister moves every live path to "registered".
var pwwRegister = flowMapOf(map[uint8]uint8{pwwUnreg: pwwReg, pwwReg: pwwReg, pwwFresh: pwwReg, pwwConsumed: pwwReg}).apply

// pwwReadySite is a point where a sub-poll's `Ready` outcome is taken (see
// pending_without_waker_consumed.go): poll used up a registration if a path reaches p fresh.
type pwwReadySite struct {
	p    cfg.Point
	poll parser.NodeID
}

// run solves the analysis of the body and reads the states the targets are reached with,
// the calls that hand the Context on, and the sub-polls whose `Ready` outcome used up a
// registration.
func (a *pwwFlow) run() {
	f := newFlowPlan(a.t, a.body, a.name)
	g := f.g
	var targets, calls []parser.NodeID
	var readies []pwwReadySite
	f.walk(a.body, func(n parser.NodeID) bool {
		if a.isTarget(n) {
			targets = append(targets, n)
			return false
		}
		if a.record && a.t.Is(n, parser.KCallExpression) && pwwPassesContext(a.t, n, a.name) && pwwCalleeName(a.t, n) != "" {
			calls = append(calls, n)
		}
		return a.decide(f, n, &readies)
	})
	f.solve(pwwUnreg)
	for _, x := range targets {
		a.states[x] |= f.state(g.Enter(x))
	}
	for _, n := range calls {
		if s := f.state(g.Enter(n)); s != 0 {
			a.calls = append(a.calls, pwwCall{Name: pwwCalleeName(a.t, n), Unreg: s&pwwUnreg != 0, Line: a.t.Span(n).Start.Line,
				Arity: len(Args(a.t, n)), Method: MethodName(a.t, n) != "", node: n})
		}
	}
	for _, r := range readies {
		if f.state(r.p)&pwwFresh != 0 && !slices.Contains(a.consumed, r.poll) {
			a.consumed = append(a.consumed, r.poll)
		}
	}
}

// decide says what n does to the paths: a use of the Context registers, except one thrown
// away or only formatted; a closure or async block that captures it counts (usually handed
// on: polled with, or stored); sub-polls and their outcomes move the paths as
// pending_without_waker_consumed.go says, and a timer re-armed registers again.
func (a *pwwFlow) decide(f *flowPlan, n parser.NodeID, readies *[]pwwReadySite) bool {
	t, leave := a.t, f.g.Leave(n)
	if a.legacy && a.legacyRegisters(n) {
		if f.usesContext(n) {
			f.then(leave, pwwRegister)
		}
		f.then(leave, pwwRegister)
		return true
	}
	if a.isSubPoll(n) {
		for _, arg := range Args(t, n) {
			if pwwIsContextExpr(t, arg, a.name) {
				f.skip(arg)
			}
		}
		f.then(leave, pwwSubPolled)
		return true
	}
	if a.isTimerRearm(n) {
		f.then(leave, pwwRearmed)
		return true
	}
	if a.isDiscard(n) {
		return false
	}
	switch t.Kind(n) {
	case parser.KClosureExpression, parser.KAsyncBlock:
		if a.mentionsContext(n) {
			f.then(leave, pwwRegister)
		}
		return false
	case parser.KMacroInvocation:
		if a.localMacroPolls(n) {
			if f.usesContext(n) {
				f.then(leave, pwwRegister)
			}
			f.then(leave, pwwSubPolled)
			return true
		}
		if pwwFormattingMacros[t.MacroName(n)] {
			if a.formattedUseRegisters(n) {
				f.then(leave, pwwRegister)
			}
			return false
		}
	}
	if a.isTerminalEntry(n) {
		f.then(leave, pwwEnteredTerminal)
	}
	a.outcomes(f, n, readies)
	if f.usesContext(n) {
		f.then(leave, pwwRegister)
	}
	return true
}

// mentionsContext reports whether n uses the Context anywhere in a way that could
// register: not only formatted by a logging macro (`trace!(?cx)`, `println!("{:?}",
// cx.waker())`) or thrown away (`let _ = cx`).
func (a *pwwFlow) mentionsContext(n parser.NodeID) bool {
	if a.name == "" {
		return false
	}
	t := a.t
	found := false
	t.Walk(n, func(d parser.NodeID) bool {
		if found {
			return false
		}
		if t.Is(d, parser.KMacroInvocation) && pwwFormattingMacros[t.MacroName(d)] {
			found = a.formattedUseRegisters(d)
			return false
		}
		if a.isDiscard(d) {
			return false
		}
		if t.Is(d, parser.KIdentifier) && t.TextIs(d, a.name) {
			found = true
		}
		return true
	})
	return found
}

// formattedUseRegisters reports whether a formatting macro does more with the Context than
// format it: `assert!(fut.poll(cx).is_pending())` polls with it. A use counts when it is
// inside a call's arguments (or, in an unparsed body, inside a nested group).
func (a *pwwFlow) formattedUseRegisters(m parser.NodeID) bool {
	t := a.t
	found := false
	t.Walk(m, func(d parser.NodeID) bool {
		if found {
			return false
		}
		if !t.Is(d, parser.KIdentifier) || !t.TextIs(d, a.name) {
			return true
		}
		t.Ancestors(d, func(x parser.NodeID) bool {
			if x == m {
				return false
			}
			if t.Is(x, parser.KArguments) || t.Is(x, parser.KTokenTree) && t.Parent(x) != m {
				found = true
				return false
			}
			return true
		})
		return true
	})
	return found
}

// isDiscard reports whether n throws the Context away: `let _ = cx;`, `_ = cx;`,
// `drop(cx)`.
func (a *pwwFlow) isDiscard(n parser.NodeID) bool {
	t := a.t
	isCx := func(x parser.NodeID) bool {
		x = t.Unparen(x)
		if t.Is(x, parser.KReferenceExpression) {
			x = t.Field(x, parser.FValue)
		}
		return t.Is(x, parser.KIdentifier) && t.TextIs(x, a.name)
	}
	switch t.Kind(n) {
	case parser.KLetDeclaration:
		pat := t.Field(n, parser.FPattern)
		return (t.Is(pat, tUnderscore) || t.TextIs(pat, "_")) && isCx(t.Field(n, parser.FValue))
	case parser.KAssignmentExpression:
		return t.TextIs(t.Field(n, parser.FLeft), "_") && isCx(t.Field(n, parser.FRight))
	case parser.KCallExpression:
		if args := Args(t, n); len(args) == 1 && isCx(args[0]) {
			p := CalleePath(t, n)
			return p == "drop" || PathIs(p, "std::mem::drop", "core::mem::drop")
		}
	}
	return false
}

// Polarity of a state read or write: which boolean value it needs or stores.
const (
	pwwTrue    uint8 = 1
	pwwFalse   uint8 = 2
	pwwUnknown uint8 = 4
)

type pwwCond struct {
	node     parser.NodeID
	polarity uint8 // the value the condition has on the Pending's path
}

// pathConds collects the conditions on the way to Pending x (if conditions with the value
// they have there, match scrutinees, `let .. else` values, while conditions, and earlier
// statements that may have returned) and the branch x is in (writes there are on x's own
// path; body when x is in no branch).
func (a *pwwFlow) pathConds(body, x parser.NodeID) ([]pwwCond, parser.NodeID) {
	t := a.t
	region := parser.None // the branch x is in: writes there are on x's own path
	var conds []pwwCond
	child := x
	for anc := t.Parent(x); anc >= 0 && child != body; anc = t.Parent(anc) {
		inBranch := false
		switch t.Kind(anc) {
		case parser.KIfExpression:
			if c := t.Field(anc, parser.FCondition); c >= 0 && c != child {
				pol := pwwTrue
				if t.Is(child, parser.KElseClause) {
					pol = pwwFalse
				}
				conds = append(conds, pwwCond{c, pol})
				inBranch = true
			}
		case parser.KMatchArm:
			if child == t.Field(anc, parser.FValue) {
				if m := t.Parent(t.Parent(anc)); t.Is(m, parser.KMatchExpression) {
					conds = append(conds, pwwCond{t.Field(m, parser.FValue), pwwUnknown})
				}
				inBranch = true
			}
		case parser.KLetDeclaration:
			if child == t.Field(anc, parser.FAlternative) {
				conds = append(conds, pwwCond{t.Field(anc, parser.FValue), pwwUnknown})
				inBranch = true
			}
		case parser.KWhileExpression:
			if child == t.Field(anc, parser.FBody) {
				conds = append(conds, pwwCond{t.Field(anc, parser.FCondition), pwwTrue})
			}
		case parser.KBlock:
			// Earlier statements that may have returned: `if !fired { ..; return .. }`.
			for c := t.N(anc).FirstChild; c >= 0 && c != child; c = t.N(c).Next {
				st := c
				if t.Is(st, parser.KExpressionStatement) {
					st = t.NamedChild(st, 0)
				}
				switch t.Kind(st) {
				case parser.KIfExpression:
					pol := pwwUnknown
					cons, alt := pwwDiverges(t, t.Field(st, parser.FConsequence)), false
					if e := t.Field(st, parser.FAlternative); e >= 0 {
						alt = pwwDiverges(t, t.NamedChild(e, 0))
					}
					if cons && !alt {
						pol = pwwFalse
					} else if alt && !cons {
						pol = pwwTrue
					}
					conds = append(conds, pwwCond{t.Field(st, parser.FCondition), pol})
				case parser.KWhileExpression:
					conds = append(conds, pwwCond{t.Field(st, parser.FCondition), pwwFalse})
				case parser.KMatchExpression:
					conds = append(conds, pwwCond{t.Field(st, parser.FValue), pwwUnknown})
				case parser.KLetDeclaration:
					if t.Field(st, parser.FAlternative) >= 0 {
						conds = append(conds, pwwCond{t.Field(st, parser.FValue), pwwUnknown})
					}
				}
			}
		}
		if inBranch && region < 0 {
			region = child
		}
		if IsBodyBoundary(t, anc) {
			break
		}
		child = anc
	}
	if region < 0 {
		region = body
	}
	return conds, region
}

// stateGated reports whether a Pending is guarded by state that the function itself writes
// on another path, with the value that leads to the Pending: the fuse idiom (`None =>
// Poll::Pending` after `inner.set(None)` on completion, `if *this.is_terminated { return
// Poll::Pending }` after `*this.is_terminated = true`), or a registration made on an earlier
// poll (`if !fired { ..; fired = true; return Poll::Pending }`). Such a Pending is reached
// only after an earlier poll completed or registered.
func (a *pwwFlow) stateGated(body parser.NodeID, conds []pwwCond, region parser.NodeID) bool {
	t := a.t
	reads := map[string]uint8{}
	for _, c := range conds {
		a.stateReads(c.node, c.polarity, reads)
	}
	if len(reads) == 0 {
		return false
	}
	inConds := func(d parser.NodeID) bool {
		for _, c := range conds {
			if t.IsAncestor(c.node, d) {
				return true
			}
		}
		return false
	}
	gated := false
	t.Walk(body, func(d parser.NodeID) bool {
		if gated || d == region || inConds(d) {
			return false
		}
		name, val := pwwWrittenState(t, d)
		if need, ok := reads[name]; ok && name != "" {
			if need&pwwUnknown != 0 || val == pwwUnknown || need&val != 0 {
				gated = true
			}
		}
		return true
	})
	return gated
}

// pwwDiverges reports whether a branch always leaves: every path through it returns,
// breaks, continues or panics.
func pwwDiverges(t *parser.Tree, b parser.NodeID) bool {
	return b >= 0 && cfg.Diverges(t, b)
}

// stateReads collects the state a condition reads, with the value it must have on the
// path: field names (`self.inner`, `*this.is_terminated`) and plain variables (`fired`),
// not method names, paths or constants. A flag read as `x`, `!x`, `x.load(..)` or
// `x.get()` gets a polarity; anything else is unknown.
func (a *pwwFlow) stateReads(n parser.NodeID, pol uint8, out map[string]uint8) {
	t := a.t
	n = t.Unparen(n)
	flip := func(p uint8) uint8 {
		switch p {
		case pwwTrue:
			return pwwFalse
		case pwwFalse:
			return pwwTrue
		}
		return p
	}
	switch t.Kind(n) {
	case parser.KUnaryExpression:
		if t.FirstChildOfKind(n, parser.TBang) >= 0 {
			a.stateReads(t.NamedChild(n, 0), flip(pol), out)
			return
		}
		if name := pwwStateName(t, n); name != "" {
			out[name] |= pol
			return
		}
	case parser.KBinaryExpression:
		op := t.Field(n, parser.FOperator)
		if t.Is(op, parser.TAndAnd) || t.Is(op, parser.TOrOr) {
			sub := pwwUnknown
			if t.Is(op, parser.TAndAnd) && pol == pwwTrue || t.Is(op, parser.TOrOr) && pol == pwwFalse {
				sub = pol
			}
			a.stateReads(t.Field(n, parser.FLeft), sub, out)
			a.stateReads(t.Field(n, parser.FRight), sub, out)
			return
		}
	case parser.KIdentifier, parser.KFieldExpression:
		if name := pwwStateName(t, n); name != "" && name != a.name && !pwwIsConstName(name) {
			out[name] |= pol
			return
		}
	case parser.KCallExpression:
		if m := MethodName(t, n); m == "load" || m == "get" {
			if name := pwwStateName(t, Receiver(t, n)); name != "" {
				out[name] |= pol
				return
			}
		}
	}
	t.Walk(n, func(d parser.NodeID) bool {
		switch t.Kind(d) {
		case parser.KScopedIdentifier, parser.KClosureExpression:
			return false
		case parser.KFieldExpression:
			if p := t.Parent(d); !(t.Is(p, parser.KCallExpression) && t.Field(p, parser.FFunction) == d) {
				out[t.Text(t.Field(d, parser.FField))] |= pwwUnknown
			}
		case parser.KIdentifier:
			p := t.Parent(d)
			if t.Is(p, parser.KFieldExpression) || t.Is(p, parser.KCallExpression) && t.Field(p, parser.FFunction) == d ||
				t.Is(p, parser.KMacroInvocation) || t.TextIs(d, a.name) {
				return true
			}
			if txt := t.Text(d); !pwwIsConstName(txt) {
				out[txt] |= pwwUnknown
			}
		}
		return true
	})
}

func pwwIsConstName(s string) bool {
	return s == "" || s == "_" || s[0] >= 'A' && s[0] <= 'Z'
}

// Methods that change the state of their receiver.
var pwwStateWriters = map[string]bool{
	"set": true, "take": true, "replace": true, "insert": true, "store": true, "swap": true,
	"get_or_insert": true, "get_or_insert_with": true, "fetch_add": true, "fetch_sub": true,
	"fetch_or": true, "fetch_and": true, "compare_exchange": true,
}

// pwwWrittenState returns the state n writes and the boolean it stores, if a literal
// (`self.done = true` gives "done", true; `this.inner.set(None)` gives "inner", unknown;
// `mem::take(&mut self.buf)` gives "buf"), or "".
func pwwWrittenState(t *parser.Tree, n parser.NodeID) (string, uint8) {
	lit := func(e parser.NodeID) uint8 {
		switch {
		case t.Is(e, parser.KBooleanLiteral) && t.TextIs(e, "true"):
			return pwwTrue
		case t.Is(e, parser.KBooleanLiteral) && t.TextIs(e, "false"):
			return pwwFalse
		}
		return pwwUnknown
	}
	switch t.Kind(n) {
	case parser.KAssignmentExpression:
		return pwwStateName(t, t.Field(n, parser.FLeft)), lit(t.Field(n, parser.FRight))
	case parser.KCompoundAssignment:
		return pwwStateName(t, t.Field(n, parser.FLeft)), pwwUnknown
	case parser.KCallExpression:
		if m := MethodName(t, n); pwwStateWriters[m] {
			val := pwwUnknown
			if args := Args(t, n); len(args) > 0 && (m == "set" || m == "store" || m == "swap" || m == "replace") {
				val = lit(args[0])
			}
			return pwwStateName(t, Receiver(t, n)), val
		}
		if p := CalleePath(t, n); PathIs(p, "std::mem::replace", "std::mem::take", "std::mem::swap", "core::mem::replace", "core::mem::take", "core::mem::swap") {
			if args := Args(t, n); len(args) > 0 {
				return pwwStateName(t, args[0]), pwwUnknown
			}
		}
	}
	return "", 0
}

// pwwStateName names the place an expression denotes: the last field of a field chain or a
// variable, through `*`, `&mut`, parentheses and indexing.
func pwwStateName(t *parser.Tree, e parser.NodeID) string {
	for e >= 0 {
		e = t.Unparen(e)
		switch t.Kind(e) {
		case parser.KUnaryExpression, parser.KReferenceExpression:
			kids := t.NamedChildren(e)
			if len(kids) == 0 {
				return ""
			}
			e = kids[len(kids)-1]
			continue
		case parser.KIndexExpression:
			e = t.NamedChild(e, 0)
			continue
		case parser.KFieldExpression:
			return t.Text(t.Field(e, parser.FField))
		case parser.KIdentifier:
			return t.Text(e)
		}
		return ""
	}
	return ""
}

// pwwIsHelper reports whether fn is a crate-private helper: a function or inherent method
// that is not `pub`. Its Pending may be a "not now" that its caller handles, so it is judged
// at its callers.
func pwwIsHelper(t *parser.Tree, fn parser.NodeID) bool {
	return t.Is(fn, parser.KFunctionItem) && !pwwInTraitImpl(t, fn) && !pwwIsPub(t, fn)
}

func pwwIsPub(t *parser.Tree, fn parser.NodeID) bool {
	v := t.FirstChildOfKind(fn, kVisibility)
	return v >= 0 && t.TextIs(v, "pub")
}

func pwwInTraitImpl(t *parser.Tree, fn parser.NodeID) bool {
	dl := t.Parent(fn)
	if t.Is(dl, parser.KDeclarationList) {
		impl := t.Parent(dl)
		return t.Is(impl, parser.KImplItem) && t.Field(impl, parser.FTrait) >= 0 || t.Is(impl, parser.KTraitItem)
	}
	return false
}

// registersThroughState reports whether the function hands the state a Pending's conditions
// read to a call that also gets the Context, on another path: `inner.poll(&this.safety, cx)`
// elsewhere when the Pending is guarded by `this.safety`, or `self.shared.register(cx.waker())`
// when it is guarded by `self.shared`. The waker then lives in that state (a child or shared
// object that wakes the task when it changes), stored on an earlier poll.
func (a *pwwFlow) registersThroughState(body parser.NodeID, conds []pwwCond, region parser.NodeID) bool {
	t := a.t
	fields := map[string]bool{}
	for _, c := range conds {
		t.Walk(c.node, func(d parser.NodeID) bool {
			if t.Is(d, parser.KFieldExpression) {
				if p := t.Parent(d); !(t.Is(p, parser.KCallExpression) && t.Field(p, parser.FFunction) == d) {
					fields[t.Text(t.Field(d, parser.FField))] = true
				}
			}
			return true
		})
	}
	if len(fields) == 0 {
		return false
	}
	isField := func(e parser.NodeID) bool {
		for i := 0; i < 4; i++ {
			e = t.Unparen(e)
			if t.Is(e, parser.KReferenceExpression) {
				e = t.Field(e, parser.FValue)
				continue
			}
			if t.Is(e, parser.KUnaryExpression) {
				e = t.NamedChild(e, 0)
				continue
			}
			break
		}
		// `&this.safety`, `self.shared.waker`: a field of the chain is one the conditions read
		for t.Is(e, parser.KFieldExpression) {
			if fields[t.Text(t.Field(e, parser.FField))] {
				return true
			}
			e = t.Field(e, parser.FValue)
		}
		return false
	}
	found := false
	t.Walk(body, func(d parser.NodeID) bool {
		if found || d == region || pwwInConds(t, conds, d) {
			return false
		}
		if !t.Is(d, parser.KCallExpression) {
			return true
		}
		args := Args(t, d)
		passes, waker := false, false
		for _, arg := range args {
			if pwwIsContextExpr(t, arg, a.name) {
				passes = true
			} else if a.isWakerOf(arg) {
				waker = true
			}
		}
		if !passes && !waker {
			return true
		}
		for _, arg := range args {
			if !pwwIsContextExpr(t, arg, a.name) && isField(arg) {
				found = true
			}
		}
		if waker && isField(Receiver(t, d)) {
			found = true
		}
		if passes && pwwKeepsWaker(t, d) {
			found = true
		}
		return !found
	})
	return found
}

// pwwKeepsWaker reports whether call is a method of this file called on `self` (or a
// `this` made from it) with the Context, whose body keeps a clone of the waker
// (`let waker = cx.waker().clone();` handed to the threads it starts, stored in a field):
// the value then holds the task's waker, and whatever it started wakes the task.
func pwwKeepsWaker(t *parser.Tree, call parser.NodeID) bool {
	m := MethodName(t, call)
	if m == "" {
		return false
	}
	switch r := t.Unparen(Receiver(t, call)); {
	case t.Is(r, parser.KSelf), t.TextIs(r, "this"):
	default:
		return false
	}
	body := FileFnBody(t, m, true)
	if body < 0 {
		return false
	}
	keeps := false
	t.Walk(body, func(d parser.NodeID) bool {
		if keeps {
			return false
		}
		if t.Is(d, parser.KCallExpression) && MethodName(t, d) == "clone" {
			if r := t.Unparen(Receiver(t, d)); t.Is(r, parser.KCallExpression) && MethodName(t, r) == "waker" {
				keeps = true
			}
		}
		return !keeps
	})
	return keeps
}

// isWakerOf reports whether e is the Context's waker: `cx.waker()`, maybe cloned or
// borrowed.
func (a *pwwFlow) isWakerOf(e parser.NodeID) bool {
	t := a.t
	for i := 0; i < 4; i++ {
		e = t.Unparen(e)
		if t.Is(e, parser.KReferenceExpression) {
			e = t.Field(e, parser.FValue)
			continue
		}
		if t.Is(e, parser.KCallExpression) && MethodName(t, e) == "clone" {
			e = Receiver(t, e)
			continue
		}
		break
	}
	return t.Is(e, parser.KCallExpression) && MethodName(t, e) == "waker" && pwwIsContextExpr(t, Receiver(t, e), a.name)
}

func pwwInConds(t *parser.Tree, conds []pwwCond, d parser.NodeID) bool {
	for _, c := range conds {
		if t.IsAncestor(c.node, d) {
			return true
		}
	}
	return false
}

// pwwVerdict is what a reported Pending waits for, and how sure the rule is that it hangs.
type pwwVerdict struct {
	level      Level
	message    string // ends the sentence "… never registers the task's waker: "
	note       string
	help       string
	related    parser.NodeID
	relatedMsg string
}

const pwwRegisterHelp = "register for a wake-up before returning `Pending`: store `cx.waker().clone()` (or an " +
	"`AtomicWaker`) where the event source can wake it, or poll an inner future, stream or channel with `cx`"

// judge reads what a Pending reached with nothing registered waits for, from the
// conditions on its path. `error` is kept for the shapes that expect another poll nobody
// asks for; state only the owner can change is a note; the rest a warning.
func (a *pwwFlow) judge(body, x parser.NodeID, conds []pwwCond, usesContext bool) pwwVerdict {
	sure := LevelWarning
	if !usesContext {
		sure = LevelError
	}
	if w := a.progressWrite(body, x); w >= 0 {
		return pwwVerdict{
			level:      sure,
			message:    "it changed its own state on the way and relies on being polled again, but nothing will wake the task to poll it",
			note:       "the function made progress before returning `Pending` (a yield or a countdown): without a wake-up the executor never polls it again",
			help:       "to yield, call `cx.waker().wake_by_ref()` right before returning `Pending`",
			related:    w,
			relatedMsg: "the state changed here is read by this function's own conditions",
		}
	}
	if c := a.clockRead(conds); c >= 0 {
		return pwwVerdict{
			level:      sure,
			message:    "it waits for a point in time, but no timer will wake the task then",
			note:       "a deadline checked against the clock is not a wake-up: the task is polled again only if something else happens to wake it",
			help:       "poll a timer (`tokio::time::Sleep`, `futures_timer::Delay`) with `cx` so that it wakes the task at the deadline",
			related:    c,
			relatedMsg: "the clock is read here",
		}
	}
	if test := a.finalState(conds); test >= 0 {
		return a.finalStateVerdict(test)
	}
	if lock := a.poisonedOnly(x); lock >= 0 {
		return a.poisonedVerdict(lock)
	}
	if why := a.neverReady(body, conds); why != "" {
		return pwwVerdict{
			level:   LevelNote,
			message: "it waits for state that only its owner can change, or that never changes",
			note:    why,
			help: "if this state is final, nothing needs waking; if something else (another task, a callback) can end it, " +
				pwwRegisterHelp,
			related: parser.None,
		}
	}
	return pwwVerdict{
		level:   LevelWarning,
		message: "nothing will wake the task to poll it again",
		note:    "the conditions on the way read state that may change without this task (shared state, a lock, a channel, I/O, or a method the rule cannot see into): whatever changes it must wake the task",
		help:    pwwRegisterHelp,
		related: parser.None,
	}
}

// progressWrite returns a statement on x's own path (before it, in the blocks around it)
// that writes state which the function's conditions read: `self.left -= 1;` before the
// Pending of a countdown, `self.yielded = true;` before the Pending of a yield. The function
// changed what its next poll will see, so it expects one. None when there is none.
func (a *pwwFlow) progressWrite(body, x parser.NodeID) parser.NodeID {
	t := a.t
	writes := map[string]parser.NodeID{}
	child := x
	for anc := t.Parent(x); anc >= 0; anc = t.Parent(anc) {
		if t.Is(anc, parser.KBlock) {
			for c := t.N(anc).FirstChild; c >= 0 && c != child; c = t.N(c).Next {
				st := c
				if t.Is(st, parser.KExpressionStatement) {
					st = t.NamedChild(st, 0)
				}
				if name, _ := pwwWrittenState(t, st); name != "" {
					if _, seen := writes[name]; !seen {
						writes[name] = st
					}
				}
			}
		}
		if anc == body || IsBodyBoundary(t, anc) {
			break
		}
		child = anc
	}
	if len(writes) == 0 {
		return parser.None
	}
	reads := map[string]uint8{}
	WalkBody(t, body, func(d parser.NodeID) bool {
		var c parser.NodeID = parser.None
		switch t.Kind(d) {
		case parser.KIfExpression, parser.KWhileExpression:
			c = t.Field(d, parser.FCondition)
		case parser.KMatchExpression:
			c = t.Field(d, parser.FValue)
		case parser.KLetDeclaration:
			if t.Field(d, parser.FAlternative) >= 0 {
				c = t.Field(d, parser.FValue)
			}
		}
		if c >= 0 {
			a.stateReads(c, pwwUnknown, reads)
		}
		return true
	})
	for name, w := range writes {
		if _, ok := reads[name]; ok {
			return w
		}
	}
	return parser.None
}

// clockRead returns a read of the clock in the conditions (`Instant::now()`,
// `started.elapsed()`), or None.
func (a *pwwFlow) clockRead(conds []pwwCond) parser.NodeID {
	t := a.t
	found := parser.None
	for _, c := range conds {
		t.Walk(c.node, func(d parser.NodeID) bool {
			if found >= 0 {
				return false
			}
			if t.Is(d, parser.KCallExpression) {
				switch MethodName(t, d) {
				case "elapsed", "duration_since", "saturating_duration_since", "checked_duration_since":
					found = d
					return false
				}
				if p := CalleePath(t, d); strings.Contains(p, "::") && LastSegment(p) == "now" {
					found = d
					return false
				}
			}
			return true
		})
	}
	return found
}

// neverReady says why the conditions on a Pending's path can only be changed by the value's
// owner or never: every condition reads only fields and plain values through accessors that
// observe nothing outside (`self.items.pop_front()`, `self.state` matched, `self.closed`, a
// captured `bool`), or a flag that is only ever set to the value that leads to the Pending
// (a terminal `cancelled = true`). "" when they may change without the task.
func (a *pwwFlow) neverReady(body parser.NodeID, conds []pwwCond) string {
	if len(conds) == 0 {
		return ""
	}
	for _, c := range conds {
		// `if let Some(deadline) = start.checked_add(timeout) { .. } else { Poll::Pending }`:
		// the deadline overflowed, so the timeout is effectively infinite
		t := a.t
		if t.Is(c.node, parser.KLetCondition) && c.polarity == pwwFalse {
			if v := t.Unparen(t.Field(c.node, parser.FValue)); t.Is(v, parser.KCallExpression) && strings.HasPrefix(MethodName(t, v), "checked_") {
				return fmt.Sprintf("`%s` returned `None`: the arithmetic overflowed, so what it computes (a deadline) lies beyond any time that will come, and never ready is the intended result", compactText(t, v))
			}
		}
	}
	if flag := a.terminalFlag(conds); flag != "" {
		return fmt.Sprintf("`%s` is only ever set to the value that leads here: a final state (cancelled, closed, disabled) that never becomes ready, so there is nothing to wake the task for", flag)
	}
	for _, c := range conds {
		if !a.stable(c.node, 0) {
			return ""
		}
	}
	for _, c := range conds {
		if lock := a.exclusiveTryLock(c.node); lock != "" {
			return fmt.Sprintf("`%s` is a private lock that only this value's own `&mut self` methods take, so nobody else can hold it while this poll runs: the try-lock cannot fail, and this `Pending` is never reached", lock)
		}
	}
	return "the conditions on the way read only state this value owns or values that cannot change: nothing outside the task can make it ready, only its owner can (and polls it again after changing it), or it is never ready by design"
}

// exclusiveTryLock returns the lock a try-lock in e takes when only this value's exclusive
// methods take it (pwwExclusiveLock), or "".
func (a *pwwFlow) exclusiveTryLock(e parser.NodeID) string {
	t := a.t
	lock := ""
	t.Walk(e, func(d parser.NodeID) bool {
		if lock == "" && t.Is(d, parser.KCallExpression) && pwwTryLocks[MethodName(t, d)] {
			lock = pwwExclusiveLock(t, d)
		}
		return lock == ""
	})
	return lock
}

// terminalFlag returns a flag a condition on the path needs true (or false) that the file
// only ever assigns true (or false): once the Pending is reached it stays reached.
func (a *pwwFlow) terminalFlag(conds []pwwCond) string {
	t := a.t
	reads := map[string]uint8{}
	for _, c := range conds {
		if c.polarity != pwwUnknown {
			a.stateReads(c.node, c.polarity, reads)
		}
	}
	for name, need := range reads {
		if need != pwwTrue && need != pwwFalse || name == "" || name == a.name {
			continue
		}
		writes, same := 0, true
		t.Walk(t.Root(), func(d parser.NodeID) bool {
			if !same {
				return false
			}
			if n, val := pwwWrittenState(t, d); n == name {
				writes++
				if val != need {
					same = false
				}
			}
			return true
		})
		if writes > 0 && same {
			return name
		}
	}
	return ""
}

// pwwOwnedReaders are methods that read or take from a value the caller owns (std
// containers, Option, Result, Pin, Cursor, fused futures) without observing any other task:
// only whoever holds the value can change what they return.
var pwwOwnedReaders = map[string]bool{
	"is_none": true, "is_some": true, "is_ok": true, "is_err": true, "is_empty": true, "len": true,
	"as_ref": true, "as_mut": true, "as_deref": true, "as_deref_mut": true, "as_pin_mut": true,
	"as_pin_ref": true, "as_slice": true, "as_str": true, "contains": true, "contains_key": true,
	"first": true, "last": true, "front": true, "back": true, "peek": true, "position": true,
	"first_mut": true, "last_mut": true, "front_mut": true, "back_mut": true, "peek_mut": true,
	"get_ref": true, "remaining": true, "has_remaining": true, "capacity": true,
	"pop_front": true, "pop_back": true, "pop": true, "take": true, "remove": true,
	"unwrap": true, "unwrap_or": true, "unwrap_or_default": true, "expect": true,
	"is_some_and": true, "is_none_or": true, "eq": true, "ne": true, "cmp": true,
	"partial_cmp": true, "clone": true, "copied": true, "cloned": true, "is_terminated": true,
	"project": true, "iter": true, "kind": true, "checked_sub": true, "saturating_sub": true,
	"min": true, "max": true,
}

// stable reports whether expression e can change only through its owner: fields, plain
// values (parameters, captures, lets of stable values, pattern bindings), constants and the
// owned readers above. A lock, an atomic, a Cell, a channel, I/O, the clock or any other
// call is not.
func (a *pwwFlow) stable(e parser.NodeID, depth int) bool {
	t := a.t
	if depth > 3 {
		return false
	}
	ok := true
	t.Walk(e, func(d parser.NodeID) bool {
		if !ok {
			return false
		}
		switch t.Kind(d) {
		case parser.KLetCondition:
			ok = a.stable(t.Field(d, parser.FValue), depth)
			return false
		case parser.KCallExpression:
			if m := MethodName(t, d); m != "" {
				nargs := len(Args(t, d))
				switch {
				case m == "get" && nargs > 0, m == "get_mut" && nargs == 0:
					// `map.get(k)`, `Pin::get_mut()`; a Cell's `get()` reads shared state
				case pwwTryLocks[m] && pwwExclusiveLock(t, d) != "":
					// `self.lock.try_lock()` of a lock only this value's `&mut self` methods take
				case !pwwOwnedReaders[m]:
					ok = false
				}
				return ok
			}
			p := CalleePath(t, d)
			switch {
			case p == "Some" || p == "Ok" || p == "Err":
			case PathIs(p, "std::mem::take", "std::mem::replace", "core::mem::take", "core::mem::replace", "std::pin::Pin::new", "core::pin::Pin::new"):
			default:
				ok = false
			}
			return ok
		case parser.KClosureExpression, parser.KAsyncBlock, parser.KAwaitExpression:
			ok = false
			return false
		case parser.KMacroInvocation:
			if t.MacroName(d) != "matches" {
				ok = false
			}
			return ok
		case parser.KScopedIdentifier:
			return false
		case parser.KIdentifier:
			if t.Is(t.Parent(d), parser.KMacroInvocation) {
				return false // the macro's name
			}
			if t.Is(t.Parent(d), parser.KTokenTree) && pwwTokenIsPathOrField(t, d) {
				return false // `.state`, `State::Idle` in an unparsed `matches!`
			}
			ok = a.identStable(d, depth)
			return false
		}
		return true
	})
	return ok
}

// identStable reports whether a variable holds a value only its owner can change: a
// constant, `self`, a parameter or capture, a pattern binding, or a `let` of a stable value.
// The Context itself is not.
func (a *pwwFlow) identStable(id parser.NodeID, depth int) bool {
	t := a.t
	name := t.Text(id)
	if name == "self" || pwwIsConstName(name) {
		return true
	}
	if name == a.name {
		return false
	}
	if let := pwwLetBinding(t, id, name); let >= 0 {
		if t.Is(t.Parent(a.body), parser.KClosureExpression) && !t.IsAncestor(a.body, let) {
			// A variable a closure captures was evaluated once, before the closure: the
			// closure owns (or borrows) it, and nothing else changes it while it lives.
			return true
		}
		v := t.Field(let, parser.FValue)
		return v >= 0 && a.stable(v, depth+1)
	}
	bound := false
	t.Ancestors(id, func(anc parser.NodeID) bool {
		switch t.Kind(anc) {
		case parser.KFunctionItem:
			bound = pwwBinds(t, t.Field(anc, parser.FParameters), name)
			return false // outermost scope
		case parser.KClosureExpression:
			bound = pwwBinds(t, t.Field(anc, parser.FParameters), name)
		case parser.KMatchArm:
			bound = pwwBinds(t, t.Field(anc, parser.FPattern), name)
		case parser.KIfExpression, parser.KWhileExpression:
			if c := t.Field(anc, parser.FCondition); !t.IsAncestor(c, id) {
				bound = pwwBindsLet(t, c, name)
			}
		case parser.KForExpression:
			bound = pwwBinds(t, t.Field(anc, parser.FPattern), name)
		}
		return !bound
	})
	return bound
}

// pwwBinds reports whether pattern (or parameter list) pat binds name.
func pwwBinds(t *parser.Tree, pat parser.NodeID, name string) bool {
	return cfg.PatternBinds(t, pat, name)
}

// pwwBindsLet reports whether an if or while condition binds name in one of its `let`s.
func pwwBindsLet(t *parser.Tree, c parser.NodeID, name string) bool {
	return t.Find(c, func(d parser.NodeID) (bool, bool) {
		if t.Is(d, parser.KLetCondition) {
			return pwwBinds(t, t.Field(d, parser.FPattern), name), false
		}
		return false, true
	}) >= 0
}

// pwwLetBinding returns the last `let` before id, in the function around it (closures
// included), whose pattern binds name and whose scope holds id; None when there is none.
func pwwLetBinding(t *parser.Tree, id parser.NodeID, name string) parser.NodeID {
	outer := parser.None
	t.Ancestors(id, func(anc parser.NodeID) bool {
		if t.Is(anc, parser.KFunctionItem) {
			outer = anc
			return false
		}
		if t.Is(anc, parser.KClosureExpression) {
			outer = anc // until a function is found further up
		}
		return true
	})
	if outer < 0 {
		return parser.None
	}
	start := t.Nodes[id].Start
	found := parser.None
	t.Walk(outer, func(d parser.NodeID) bool {
		if t.Nodes[d].Start >= start {
			return false
		}
		if t.Is(d, parser.KLetDeclaration) && t.Nodes[d].End <= start && pwwBinds(t, t.Field(d, parser.FPattern), name) {
			if scope := pwwLetScope(t, d); scope >= 0 && t.IsAncestor(scope, id) {
				found = d
			}
		}
		return true
	})
	return found
}

// pwwLetScope returns the block a `let` is scoped to.
func pwwLetScope(t *parser.Tree, let parser.NodeID) parser.NodeID {
	for s := t.Parent(let); s >= 0; s = t.Parent(s) {
		if t.Is(s, parser.KBlock) {
			return s
		}
	}
	return parser.None
}

// pwwTokenIsPathOrField reports whether identifier token d in a token tree follows a `.` or
// `::`, or comes before `::`: a field or a path segment, not a variable.
func pwwTokenIsPathOrField(t *parser.Tree, d parser.NodeID) bool {
	prev := parser.None
	for c := t.N(t.Parent(d)).FirstChild; c >= 0 && c != d; c = t.N(c).Next {
		prev = c
	}
	if prev >= 0 && (t.TextIs(prev, ".") || t.TextIs(prev, "::")) {
		return true
	}
	next := t.N(d).Next
	return next >= 0 && t.TextIs(next, "::")
}

// pwwWakerCapturedBefore reports whether the async code around the `poll_fn(..)` call pf took
// its task's waker by hand before it: an awaited `poll_fn(|cx| ..)` whose closure reads
// `cx.waker()` (`let waker = poll_fn(|cx| Poll::Ready(cx.waker().clone())).await;`), earlier
// in the same body. The same task polls the later `poll_fn`, so that waker, kept where the
// code that makes it ready finds it (a queue of waiters), wakes it: a wait queue written by
// hand, whose Pending is registered in advance.
func pwwWakerCapturedBefore(t *parser.Tree, pf parser.NodeID) bool {
	body := EnclosingBody(t, pf)
	if body < 0 || !IsAsyncBody(t, body) {
		return false
	}
	found := false
	WalkBody(t, body, func(d parser.NodeID) bool {
		if found || t.Nodes[d].Start >= t.Nodes[pf].Start {
			return false
		}
		if !t.Is(d, parser.KAwaitExpression) {
			return true
		}
		call := t.Unparen(t.NamedChild(d, 0))
		if !t.Is(call, parser.KCallExpression) || LastSegment(CalleePath(t, call)) != "poll_fn" ||
			!t.Is(t.Parent(d), parser.KLetDeclaration) {
			return true
		}
		for _, a := range Args(t, call) {
			if !t.Is(a, parser.KClosureExpression) {
				continue
			}
			// the closure hands the waker out as its value: `Poll::Ready(cx.waker().clone())`
			if _, cx := ClosureContextParam(t, a); cx != "" &&
				strings.Contains(strings.ReplaceAll(compactText(t, t.Field(a, parser.FBody)), " ", ""), "Ready("+cx+".waker().clone())") {
				found = true
			}
		}
		return !found
	})
	return found
}
