package rules

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
)

//go:embed pending_without_waker.md
var pendingWithoutWakerDoc string

// PendingWithoutWaker is the `pending_without_waker` rule.
var PendingWithoutWaker = &Rule{
	ID:        "pending_without_waker",
	Summary:   "returns `Poll::Pending` without registering the task's waker, so the task may never be polled again",
	Level:     LevelError,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness", "concurrency"},
	Precision: "high",
	Doc:       pendingWithoutWakerDoc,
	Kinds:     []parser.Kind{parser.KFunctionItem, parser.KClosureExpression, parser.KTraitItem},
	Check:     checkPendingWithoutWaker,
}

// The rule looks at every function that receives a task Context (`cx: &mut Context<'_>`,
// under whatever name the type is imported) and every `poll_fn(|cx| ..)` closure. It
// collects the `Poll::Pending` values the body returns (tail expressions, `return`s,
// `break`s out of a tail loop) and runs a small path analysis over the body in evaluation
// order: the state is the set of ways a point can be reached, "with nothing registered yet"
// and/or "after some registration" (any use of the Context: passed to a call or macro,
// `cx.waker()`, stored, captured by a closure). A returned Pending that can only be reached
// with nothing registered is reported. A Pending reachable both ways (a registration on some
// earlier path, or on an earlier loop iteration) is left alone: that is usually a state
// machine whose other state registered, and precision matters more here than recall.
//
// Two more exemptions keep it quiet on idiomatic code: a function whose every return is
// Pending never completes on purpose, and a Pending guarded by state that the function sets
// on another path (the fuse idiom, a one-time registration; see stateGated). Findings in
// crate-private helpers are warnings and in test code notes (see pwwCaseLevel).

// Path states: a bit set of the ways a program point can be reached.
const (
	pwwUnreg uint8 = 1 // on some path nothing has registered for a wake-up
	pwwReg   uint8 = 2 // on some path the Context was used
)

var (
	pwwTUnderscore = parser.TokenKind("_")
	pwwKVisibility = parser.NamedKind("visibility_modifier")
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

func checkPendingWithoutWaker(p *Pass, n parser.NodeID) {
	t := p.Tree
	var param, body parser.NodeID = parser.None, parser.None
	var name string // the Context parameter's name ("" for `_`)
	var what string // how the message names the function
	switch t.Kind(n) {
	case parser.KTraitItem:
		if !pwwIsPub(t, n) {
			p.AddFact(pwwPrivateTraitFact, t.Text(t.Field(n, parser.FName)))
		}
		return
	case parser.KFunctionItem:
		param, name = pwwContextParam(t, n)
		body = t.Field(n, parser.FBody)
		what = "`" + t.Text(t.Field(n, parser.FName)) + "`"
	case parser.KClosureExpression:
		param, name = pwwClosureContextParam(t, n)
		body = t.Field(n, parser.FBody)
		what = "this closure"
		if args := t.Parent(n); t.Is(args, parser.KArguments) && LastSegment(CalleePath(t, t.Parent(args))) == "poll_fn" {
			what = "this `poll_fn` closure"
		}
	}
	if param < 0 || body < 0 {
		return
	}

	var pendings []parser.NodeID
	others := 0 // returns that may be something else than Pending (Ready, a delegated poll, `?`)
	flowExits(t, body, func(x parser.NodeID) {
		if pwwIsPending(t, x) {
			pendings = append(pendings, x)
		} else {
			others++
		}
	}, func() { others++ })
	if len(pendings) == 0 {
		return
	}
	if others == 0 {
		// Every way out is Pending: a future that never completes on purpose (like
		// `future::pending()`).
		return
	}
	a := &pwwFlow{t: t, name: name, targets: pendings, states: map[parser.NodeID]uint8{}}
	usesContext := name != "" && a.mentionsContext(body)
	w := &flowWalker{t: t, rule: a, cx: name, guardFallThrough: true}
	w.expr(body, pwwUnreg)

	level, note := pwwCaseLevel(p, n)
	for _, x := range pendings {
		if a.states[x] != pwwUnreg {
			continue
		}
		if usesContext && a.stateGated(body, x) {
			continue
		}
		var notes []string
		if note != "" {
			notes = append(notes, note)
		}
		rel := "the task `Context` received here is not used on any path to this `Pending`"
		if name == "" {
			rel = "the task `Context` received here is ignored"
		} else if !usesContext {
			rel = fmt.Sprintf("the task `Context` `%s` is never used", name)
		}
		d := Diagnostic{
			Node:    x,
			Message: fmt.Sprintf("%s returns `Poll::Pending` on a path that never registers the task's waker: nothing will wake the task to poll it again", what),
			Help:    "register for a wake-up before returning `Pending`: call `cx.waker().wake_by_ref()` to yield, store `cx.waker().clone()` where the event source can wake it, or poll an inner future or stream with `cx`",
			Related: []RelatedNode{{Node: param, Message: rel}},
			Notes:   notes,
			Level:   level,
		}
		if trait := pwwImplTrait(t, n); trait != "" && level == 0 {
			// A method of a crate-private trait is a helper too; only the crate's facts
			// tell whether the trait is one.
			user := p.userLevel
			p.ReportLater(d, func(c *Crate, f *finding.Finding) bool {
				for _, v := range c.Facts(pwwPrivateTraitFact) {
					if v == trait && !user && f.Level > LevelWarning {
						f.Level = LevelWarning
						f.Notes = append(f.Notes, pwwHelperNote)
						break
					}
				}
				return true
			})
			continue
		}
		p.Report(d)
	}
}

// pwwPrivateTraitFact records the names of traits that are not `pub`.
const pwwPrivateTraitFact = "pending_without_waker.private_trait"

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

// pwwContextParam finds a function's `&mut Context<'_>` / `&Context` parameter and its name.
func pwwContextParam(t *parser.Tree, fn parser.NodeID) (parser.NodeID, string) {
	params := t.Field(fn, parser.FParameters)
	if params < 0 {
		return parser.None, ""
	}
	for _, c := range t.NamedChildren(params) {
		if !t.Is(c, parser.KParameter) || !pwwIsContextType(t, t.Field(c, parser.FType)) {
			continue
		}
		return c, pwwPatternName(t, t.Field(c, parser.FPattern))
	}
	return parser.None, ""
}

// pwwClosureContextParam finds the Context parameter of a closure: a parameter typed as a
// task Context, or the first parameter of a closure handed to `poll_fn`.
func pwwClosureContextParam(t *parser.Tree, cl parser.NodeID) (parser.NodeID, string) {
	params := t.Field(cl, parser.FParameters)
	if params < 0 {
		return parser.None, ""
	}
	var first parser.NodeID = parser.None
	t.Children(params, func(c parser.NodeID) bool {
		if t.IsNamed(c) && !t.IsComment(c) || t.Is(c, pwwTUnderscore) {
			first = c
			return false
		}
		return true
	})
	if first < 0 {
		return parser.None, ""
	}
	if t.Is(first, parser.KParameter) {
		if pwwIsContextType(t, t.Field(first, parser.FType)) {
			return first, pwwPatternName(t, t.Field(first, parser.FPattern))
		}
		if t.Field(first, parser.FType) >= 0 {
			return parser.None, ""
		}
	}
	// `poll_fn(|cx| ..)`: the closure must be the call's argument.
	args := t.Parent(cl)
	if !t.Is(args, parser.KArguments) {
		return parser.None, ""
	}
	call := t.Parent(args)
	if LastSegment(CalleePath(t, call)) != "poll_fn" {
		return parser.None, ""
	}
	if t.Is(first, parser.KParameter) {
		return first, pwwPatternName(t, t.Field(first, parser.FPattern))
	}
	return first, pwwPatternName(t, first)
}

// pwwPatternName returns the name a parameter pattern binds (`cx`, `mut cx`), or "" for `_`
// and patterns that bind no single name.
func pwwPatternName(t *parser.Tree, pat parser.NodeID) string {
	if t.Is(pat, parser.KIdentifier) && !t.TextIs(pat, "_") {
		return t.Text(pat)
	}
	return ""
}

// pwwIsContextType reports whether ty is `&mut Context<'_>` or `&Context` for the task
// Context (std::task, core::task, futures::task ... or a name it was imported under).
func pwwIsContextType(t *parser.Tree, ty parser.NodeID) bool {
	if !t.Is(ty, parser.KReferenceType) {
		return false
	}
	inner := t.Field(ty, parser.FType)
	if t.Is(inner, parser.KGenericType) {
		inner = t.Field(inner, parser.FType)
	}
	if !t.Is(inner, parser.KTypeIdentifier) && !t.Is(inner, parser.KScopedTypeIdentifier) {
		return false
	}
	path := t.Imports.Resolve(t.Text(inner))
	return path == "Context" || strings.HasSuffix(path, "task::Context")
}

// pwwIsPending reports whether x is `Poll::Pending` (any path to it, or `Pending` imported
// from Poll).
func pwwIsPending(t *parser.Tree, x parser.NodeID) bool {
	x = t.Unparen(x)
	switch t.Kind(x) {
	case parser.KScopedIdentifier:
		if !t.TextIs(t.Field(x, parser.FName), "Pending") {
			return false
		}
		path := t.Imports.Resolve(t.Text(x))
		return path == "Poll::Pending" || strings.HasSuffix(path, "::Poll::Pending")
	case parser.KIdentifier:
		if !t.TextIs(x, "Pending") {
			return false
		}
		if full, ok := t.Imports.Names["Pending"]; ok {
			return full == "Poll::Pending" || strings.HasSuffix(full, "::Poll::Pending")
		}
		for _, g := range t.Imports.Globs {
			// `use std::task::Poll::{self, *}` is recorded as "std::task::Poll::".
			g = strings.TrimSuffix(g, "::")
			if g == "Poll" || strings.HasSuffix(g, "::Poll") {
				return true
			}
		}
	}
	return false
}

// pwwFlow is what the rule adds to the path analysis (flowWalker) of one body: the
// Pending targets whose states it records and what counts as a registration.
type pwwFlow struct {
	flowDefaults
	t       *parser.Tree
	name    string // the Context parameter's name, "" when it has none
	targets []parser.NodeID
	states  map[parser.NodeID]uint8 // targets -> the ways they can be reached
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
var pwwRegister = flowMapOf(map[uint8]uint8{pwwUnreg: pwwReg, pwwReg: pwwReg}).apply

func (a *pwwFlow) useContext(s uint8) uint8 { return pwwRegister(s) }

// visit records the state a target is reached with, skips a Context thrown away, counts a
// Context captured by a closure or async block (usually handed on: polled with, or stored)
// and one that a formatting macro does more with than format.
func (a *pwwFlow) visit(_ *flowWalker, n parser.NodeID, s uint8) (uint8, bool) {
	t := a.t
	if a.isTarget(n) {
		a.states[n] |= s
		return s, true
	}
	if a.isDiscard(n) {
		return s, true
	}
	switch t.Kind(n) {
	case parser.KClosureExpression, parser.KAsyncBlock:
		if a.mentionsContext(n) {
			return pwwRegister(s), true
		}
		return s, true
	case parser.KMacroInvocation:
		if pwwFormattingMacros[t.MacroName(n)] {
			if a.formattedUseRegisters(n) {
				return pwwRegister(s), true
			}
			return s, true
		}
	}
	return 0, false
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
		return (t.Is(pat, pwwTUnderscore) || t.TextIs(pat, "_")) && isCx(t.Field(n, parser.FValue))
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

// stateGated reports whether a Pending is guarded by state that the function itself writes
// on another path, with the value that leads to the Pending: the fuse idiom (`None =>
// Poll::Pending` after `inner.set(None)` on completion, `if *this.is_terminated { return
// Poll::Pending }` after `*this.is_terminated = true`), or a registration made on an earlier
// poll (`if !fired { ..; fired = true; return Poll::Pending }`). Such a Pending is reached
// only after an earlier poll completed or registered.
func (a *pwwFlow) stateGated(body, x parser.NodeID) bool {
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

// pwwDiverges reports whether a branch always leaves: it ends with return, break,
// continue or a panic.
func pwwDiverges(t *parser.Tree, b parser.NodeID) bool {
	if b < 0 {
		return false
	}
	last := b
	if t.Is(b, parser.KBlock) {
		last = parser.None
		for c := t.N(b).FirstChild; c >= 0; c = t.N(c).Next {
			if t.IsNamed(c) && !t.IsComment(c) {
				last = c
			}
		}
	}
	if t.Is(last, parser.KExpressionStatement) {
		last = t.NamedChild(last, 0)
	}
	switch t.Kind(last) {
	case parser.KReturnExpression, parser.KBreakExpression, parser.KContinueExpression:
		return true
	case parser.KMacroInvocation:
		return flowDivergingMacros[t.MacroName(last)]
	}
	return false
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
		if t.Is(op, flowTAndAnd) || t.Is(op, flowTOrOr) {
			sub := pwwUnknown
			if t.Is(op, flowTAndAnd) && pol == pwwTrue || t.Is(op, flowTOrOr) && pol == pwwFalse {
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

// pwwCaseLevel gives the level for findings in fn (0: the rule's own) and a note saying why.
// Test doubles often return Pending on purpose and are driven by hand; a crate-private
// helper's Pending may be a "not now" that its caller handles.
func pwwCaseLevel(p *Pass, fn parser.NodeID) (Level, string) {
	t := p.Tree
	if t.Is(fn, parser.KFunctionItem) && !pwwInTraitImpl(t, fn) && !pwwIsPub(t, fn) {
		return LevelWarning, pwwHelperNote
	}
	return 0, ""
}

func pwwIsPub(t *parser.Tree, fn parser.NodeID) bool {
	v := t.FirstChildOfKind(fn, pwwKVisibility)
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
