package rules

import (
	_ "embed"
	"fmt"
	"math/big"
	"regexp"
	"sort"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

//go:embed large_future_capture.md
var largeFutureCaptureDoc string

// LargeFutureCapture is the `large_future_capture` rule.
var LargeFutureCapture = &Rule{
	ID:        "large_future_capture",
	Summary:   "holds a large array across an `.await`, so it is stored inside the future",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "performance"},
	Precision: "high",
	Doc:       largeFutureCaptureDoc,
	// A test's futures are created once: their size costs nothing worth a report.
	Contexts: map[ContextKind]Level{CtxTest: LevelAllow},
	Kinds:    []parser.Kind{parser.KSourceFile, parser.KLetDeclaration, parser.KConstItem},
	Check:    checkLargeFutureCapture,
	Options: map[string]any{
		// The smallest array, in bytes, that is reported (Clippy's large_futures default).
		"threshold": int64(16384),
		// The smallest array reported at warning; smaller ones are notes (lfcHeapNote).
		"warn-threshold": int64(lfcWarnDefault),
	},
}

// lfcWarnDefault is the size from which a held array is a warning: 512 KiB. Tokio (1.41 and
// later) moves a future larger than 2 KiB to the heap the moment it is spawned or handed to
// `block_on` (tokio-rs/tokio#6826, #6692), so a 64 KiB buffer costs its bytes once per task,
// as a `Vec` would. What still overflows stacks is a future of hundreds of KiB built on a
// worker thread's 2 MiB stack before it reaches the heap (an `async` block that calls the
// function, debug builds that keep a copy per frame): from there on it is a warning.
const lfcWarnDefault = 512 << 10

// lfcHeapNote says why a finding below warn-threshold is a note.
func lfcHeapNote(warnAt int64) string {
	return fmt.Sprintf("a note at this size, not a warning: Tokio 1.41 and later moves a future larger than 2 KiB to the heap as soon as it is spawned "+
		"or handed to `block_on`, so the array costs its bytes once per task, as a `Vec` would, plus a copy where the future is built; "+
		"it threatens the stack from about %s, on a worker thread's 2 MiB stack (option `warn-threshold`)", lfcBytesShort(warnAt))
}

// lfcBytesShort renders a size as "512 KiB" (or bytes when it is not a whole KiB).
func lfcBytesShort(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// What rustc does (checked with size_of_val on async fn futures, rustc 1.95): an array local
// is saved in the future's state when it is live across a yield point (read after it, or
// read again by a loop that goes through it) or when it may be borrowed at that point (a `&`,
// a method call, `==`, a format macro argument, a non-move closure or async block capturing
// it, on a path that reaches the yield). Writes (`buf[i] = x`) are not reads; copies and
// by-value indexing before the yield are not borrows; a borrow on a path that returns or
// panics does not reach the yield; `drop(buf)` of a Copy array does not end a borrow.

// lfcFactStatic is recorded by a file of a crate whose futures live in static memory, not
// on a heap Tokio moves them to: `no_std` (`#![no_std]`, or `no_std` under a `cfg_attr`),
// `#![no_main]`, or an embassy executor, whose `#[embassy_executor::task]` keeps each task's
// future in a static. There every byte of the array is RAM held for good: a warning at any
// size over the threshold.
var lfcFactStatic = NewFactKey[bool]("large_future_capture:static")

func checkLargeFutureCapture(p *Pass, n parser.NodeID) {
	t := p.Tree
	if t.Is(n, parser.KSourceFile) {
		if p.Mentions("no_std") || p.Mentions("no_main") || p.Mentions("embassy_executor") {
			Record(p, lfcFactStatic, true)
		}
		return
	}
	if t.Is(n, parser.KConstItem) {
		RecordConst(p, n)
		return
	}
	body := EnclosingBody(t, n)
	if body < 0 || !IsAsyncBody(t, body) {
		return
	}
	pat := t.Field(n, parser.FPattern)
	if !t.Is(pat, parser.KIdentifier) {
		return
	}
	size := lfcLocalSize(t, n)
	if size == nil || size.HasUnknown() || lfcUsesConstGeneric(t, n, size) {
		return
	}
	threshold := big.NewInt(p.IntOption("threshold"))
	warnAt := p.IntOption("warn-threshold")
	level := func(v *big.Int) (Level, []string) {
		if v.Cmp(big.NewInt(warnAt)) >= 0 {
			return LevelWarning, nil
		}
		return LevelNote, []string{lfcHeapNote(warnAt)}
	}
	var known *big.Int
	if len(size.Refs()) == 0 {
		v, ok := EvalConst(size, p.Info.Path, 0, nil)
		if !ok || v.Cmp(threshold) < 0 {
			return
		}
		known = v
	}
	name := t.Text(pat)
	h, ok := lfcHeldAcross(t, n, body, name)
	if !ok {
		return
	}
	across, at, yieldName := "an `.await`", "the `.await`", "`.await`"
	if t.Is(h.yield, parser.KMacroInvocation) {
		yieldName = "`" + t.MacroName(h.yield) + "!`"
		across, at = "the await inside "+yieldName, "the await inside "+yieldName
	}
	line := int(t.Nodes[h.use].StartRow) + 1
	var note string
	switch h.why {
	case lfcUsedAfter:
		note = fmt.Sprintf("`%s` is used at line %d, after %s, so it must survive the suspension", name, line, at)
	case lfcBorrowedBefore:
		note = fmt.Sprintf("`%s` is borrowed at line %d, before %s; rustc keeps a local that may be borrowed in the future's state until its scope ends", name, line, at)
	default:
		note = fmt.Sprintf("`%s` is used at line %d, in a loop that comes back to it after %s, so it must survive the suspension", name, line, at)
	}
	d := Diagnostic{
		Node: n,
		Help: "allocate it on the heap (`vec![0u8; N]` or `Box::new([0u8; N])`), keep it in a block " +
			"that ends before the " + yieldName + ", or `Box::pin` this future where it is awaited or spawned",
		Notes:   []string{note},
		Related: []RelatedNode{{Node: h.yield, Message: fmt.Sprintf("`%s` is held across this %s", name, yieldName)}},
	}
	msg := func(v *big.Int) string {
		return fmt.Sprintf("`%s` (%s) is held across %s and stored inside the future", name, lfcBytes(v), across)
	}
	// The level waits for the crate: where its futures live (lfcFactStatic), and the size
	// when it depends on consts that may live in other files.
	file, pos, userLevel := p.Info.Path, t.Nodes[n].Start, p.userLevel
	d.Message = fmt.Sprintf("`%s` is held across %s and stored inside the future", name, across)
	p.ReportLater(d, func(c *Crate, f *finding.Finding) bool {
		v, cfgs := known, []CfgChoice(nil)
		if v == nil {
			var ok bool
			if v, cfgs, ok = EvalConstLargest(size, file, pos, CrateConsts(c)); !ok || v.Cmp(threshold) < 0 {
				return false
			}
		}
		f.Message = msg(v)
		if !userLevel {
			switch {
			case len(Facts(c, lfcFactStatic)) > 0:
				f.Level = LevelWarning
				f.Notes = append(f.Notes, "a warning at any size: the crate is `no_std` or runs on an embedded executor (embassy), which keeps each task's future in static memory, so the array is RAM taken for the life of the program")
			default:
				var more []string
				f.Level, more = level(v)
				f.Notes = append(f.Notes, more...)
			}
		}
		for _, ch := range cfgs {
			// `#[cfg]` alternatives that disagree: judged by the largest, on its target.
			f.Message += fmt.Sprintf(" (with `%s`)", ch.Cfg)
			f.Notes = append(f.Notes, fmt.Sprintf("`%s` has several `#[cfg]` definitions; this size uses the largest, %s under `%s`: smaller on other targets", ch.Name, ch.Value, ch.Cfg))
		}
		return true
	})
}

// lfcBytes renders a size: "65536 bytes, 64 KiB".
func lfcBytes(v *big.Int) string {
	if v.IsInt64() {
		n := v.Int64()
		switch {
		case n >= 1<<20 && n%(1<<20) == 0:
			return fmt.Sprintf("%d bytes, %d MiB", n, n>>20)
		case n >= 1<<10 && n%(1<<10) == 0:
			return fmt.Sprintf("%d bytes, %d KiB", n, n>>10)
		case n >= 1<<10:
			return fmt.Sprintf("%d bytes, %d.%d KiB", n, n>>10, (n%1024)*10/1024) // truncated: never rounds up to a threshold

		}
	}
	return v.String() + " bytes"
}

// lfcLocalSize returns the size in bytes of the array a `let` declares, from its type
// (`let b: [u8; N] = ..`) or its value (`[0u8; N]`, `[[0u32; 64]; 64]`), or nil when the
// local is not an array. Element types it cannot size count one byte.
func lfcLocalSize(t *parser.Tree, let parser.NodeID) *ConstExpr {
	v := t.Field(let, parser.FValue)
	if ty := t.Field(let, parser.FType); ty >= 0 {
		if !t.Is(ty, parser.KArrayType) || t.Field(ty, parser.FLength) < 0 {
			return nil
		}
		return TypeSizeExpr(t, ty, ConstLit(1))
	}
	if !t.Is(v, parser.KArrayExpression) {
		return nil
	}
	return lfcValueSize(t, v)
}

// lfcValueSize is a lower bound of the size of the value expression v, or nil when unknown.
func lfcValueSize(t *parser.Tree, v parser.NodeID) *ConstExpr {
	v = t.Unparen(v)
	switch t.Kind(v) {
	case parser.KArrayExpression:
		length := t.Field(v, parser.FLength)
		var elems []parser.NodeID
		for _, c := range t.NamedChildren(v) {
			if c != length && !t.Is(c, parser.KAttributeItem) {
				elems = append(elems, c)
			}
		}
		if len(elems) == 0 {
			return ConstLit(0)
		}
		elem := lfcValueSize(t, elems[0])
		if elem == nil {
			elem = ConstLit(1)
		}
		if length >= 0 {
			return ConstMul(ConstExprOf(t, length), elem)
		}
		return ConstMul(ConstLit(int64(len(elems))), elem)
	case parser.KIntegerLiteral:
		if sz, ok := PrimitiveSize(IntLiteralSuffix(t.Text(v))); ok {
			return ConstLit(sz)
		}
	case kFloatLiteral:
		if s := t.Text(v); len(s) > 3 && s[len(s)-3:] == "f64" {
			return ConstLit(8)
		}
		return ConstLit(4) // f32 or f64
	case kCharLiteral:
		if t.Text(v)[0] == 'b' {
			return ConstLit(1)
		}
		return ConstLit(4)
	case parser.KBooleanLiteral:
		return ConstLit(1)
	case parser.KUnitExpression:
		return ConstLit(0)
	case parser.KUnaryExpression:
		return lfcValueSize(t, t.NamedChild(v, 0))
	case parser.KTypeCastExpression:
		if ty := t.Field(v, parser.FType); t.Is(ty, parser.KPrimitiveType) {
			return TypeSizeExpr(t, ty, nil)
		}
	case parser.KScopedIdentifier:
		// `u16::MAX`
		if path := t.Field(v, parser.FPath); path >= 0 {
			if sz, ok := PrimitiveSize(t.Text(path)); ok {
				return ConstLit(sz)
			}
		}
	case parser.KTupleExpression:
		sum := ConstLit(0)
		for _, c := range t.NamedChildren(v) {
			sz := lfcValueSize(t, c)
			if sz == nil {
				sz = ConstLit(1)
			}
			sum = &ConstExpr{Op: "+", X: sum, Y: sz}
		}
		return sum
	}
	return nil
}

// lfcUsesConstGeneric reports whether size refers to a const generic parameter in scope
// (`[0u8; N]` in `fn f<const N: usize>`): its value is not known here.
func lfcUsesConstGeneric(t *parser.Tree, n parser.NodeID, size *ConstExpr) bool {
	refs := size.Refs()
	if len(refs) == 0 {
		return false
	}
	found := false
	t.Ancestors(n, func(a parser.NodeID) bool {
		tp := t.FirstChildOfKind(a, kTypeParameters)
		if tp < 0 {
			return true
		}
		t.Children(tp, func(c parser.NodeID) bool {
			if t.Is(c, kConstParameter) {
				cn := t.Text(t.Field(c, parser.FName))
				for _, r := range refs {
					if r == cn {
						found = true
					}
				}
			}
			return !found
		})
		return !found
	})
	return found
}

// lfcUseKind says how a use of the array treats it.
type lfcUseKind int

const (
	lfcWrite  lfcUseKind = iota // `buf[i] = x`, `buf = ..`: not a read
	lfcRead                     // a copy, an index read, a by-value call or method
	lfcBorrow                   // `&buf`, `buf.iter()`, `buf == x`, a format argument, a capture
)

type lfcUse struct {
	at       parser.NodeID // the identifier, or the closure / async block that captures it
	kind     lfcUseKind
	diverges bool // only happens on a panicking path (the message arguments of assert!)
}

type lfcHeld struct {
	yield parser.NodeID // the `.await` or awaiting macro crossed
	use   parser.NodeID // the use that makes it held
	why   lfcReason
}

type lfcReason int

const (
	lfcUsedAfter      lfcReason = iota // read after the yield
	lfcBorrowedBefore                  // borrowed on a path that reaches the yield
	lfcUsedInLoop                      // read by a loop that goes through the yield again
)

// lfcHeldAcross decides whether the local declared by let (named name, in body) is held
// across a yield point of body, and returns the first such yield with the use that proves it.
func lfcHeldAcross(t *parser.Tree, let, body parser.NodeID, name string) (lfcHeld, bool) {
	scope := t.Parent(let)
	if scope < 0 {
		return lfcHeld{}, false
	}
	a := &lfcAnalysis{t: t, let: let, body: body, name: name}
	var idents []parser.NodeID
	var yields []parser.NodeID
	// Nothing is held before the array has a value: for `let buf: [u8; N];` that is the
	// first `buf = ..` (rustc keeps nothing across an `.await` before it).
	start := t.Nodes[let].End
	if t.Field(let, parser.FValue) < 0 {
		start = a.firstAssignment(let)
		if start == 0 {
			return lfcHeld{}, false
		}
	}
	for c := t.Nodes[let].Next; c >= 0; c = t.Nodes[c].Next {
		t.Walk(c, func(d parser.NodeID) bool {
			switch t.Kind(d) {
			case parser.KFunctionItem, parser.KImplItem, parser.KModItem, parser.KTraitItem, parser.KStructItem,
				parser.KEnumItem, parser.KConstItem, parser.KStaticItem, parser.KMacroDefinition, parser.KUseDeclaration,
				parser.KAttributeItem, parser.KFunctionSignatureItem:
				return false // items cannot see the local
			case parser.KIdentifier, parser.KShorthandFieldIdent:
				if t.TextIs(d, name) {
					idents = append(idents, d)
				}
			case parser.KAwaitExpression:
				if t.Nodes[d].Start >= start && EnclosingBody(t, d) == body {
					yields = append(yields, d)
				}
			case parser.KMacroInvocation:
				if lfcAwaitingMacro(t, d) && t.Nodes[d].Start >= start && EnclosingBody(t, d) == body {
					yields = append(yields, d)
				}
				if s := a.inlineFormatUse(d); s >= 0 {
					a.inline = append(a.inline, s)
				}
			}
			return true
		})
	}
	if len(yields) == 0 {
		return lfcHeld{}, false
	}
	// Bindings of the same name shadow the local in their region.
	var uses []parser.NodeID
	for _, id := range idents {
		if s, e, ok := a.bindingRegion(id); ok {
			a.shadows = append(a.shadows, [2]uint32{s, e})
			continue
		}
		if t.Is(id, parser.KShorthandFieldIdent) {
			continue
		}
		switch t.Kind(t.Parent(id)) {
		case parser.KScopedIdentifier, parser.KScopedTypeIdentifier, parser.KLabel:
			continue
		case parser.KMacroInvocation:
			if t.Nodes[id].Field == parser.FMacro {
				continue
			}
		}
		uses = append(uses, id)
	}
	uses = append(uses, a.inline...)
	var all []lfcUse
	for _, id := range uses {
		if a.shadowed(id) {
			continue
		}
		u := a.classify(id)
		if u.kind != lfcWrite {
			all = append(all, u)
		}
	}
	if len(all) == 0 {
		return lfcHeld{}, false
	}
	sort.Slice(all, func(i, j int) bool { return t.Nodes[all[i].at].Start < t.Nodes[all[j].at].Start })
	sort.Slice(yields, func(i, j int) bool { return t.Nodes[yields[i]].Start < t.Nodes[yields[j]].Start })
	a.g = cfg.Of(t, body)
	for _, y := range yields {
		// Prefer the plainest reason: a use after the yield, a borrow before it, then a
		// loop that comes back to either.
		for _, u := range all {
			if a.usedAfter(u.at, y) {
				return lfcHeld{yield: y, use: u.at, why: lfcUsedAfter}, true
			}
		}
		for _, u := range all {
			if a.borrowReaches(u, y) {
				return lfcHeld{yield: y, use: u.at, why: lfcBorrowedBefore}, true
			}
		}
		for _, u := range all {
			if a.loopCarried(y, u.at) {
				return lfcHeld{yield: y, use: u.at, why: lfcUsedInLoop}, true
			}
		}
	}
	return lfcHeld{}, false
}

type lfcAnalysis struct {
	t       *parser.Tree
	g       *cfg.Graph // the body's
	let     parser.NodeID
	body    parser.NodeID
	name    string
	shadows [][2]uint32
	inline  []parser.NodeID // format strings naming the local (`"{buf:?}"`)
	fmtRE   *regexp.Regexp
}

// firstAssignment returns the end of the first `name = ..` after the valueless let, or 0.
func (a *lfcAnalysis) firstAssignment(let parser.NodeID) uint32 {
	t := a.t
	var end uint32
	for c := t.Nodes[let].Next; c >= 0 && end == 0; c = t.Nodes[c].Next {
		t.Walk(c, func(d parser.NodeID) bool {
			if end != 0 || (IsBodyBoundary(t, d) && d != c) {
				return false
			}
			if t.Is(d, parser.KAssignmentExpression) {
				if l := t.Field(d, parser.FLeft); t.Is(l, parser.KIdentifier) && t.TextIs(l, a.name) {
					end = t.Nodes[d].End
					return false
				}
			}
			return true
		})
	}
	return end
}

// lfcAwaitingMacro reports whether macro invocation m awaits (select!, join! ...).
func lfcAwaitingMacro(t *parser.Tree, m parser.NodeID) bool {
	return MacroIs(t, m, "select", "select_biased", "join", "try_join")
}

// bindingRegion reports whether identifier id binds a new variable (in a pattern or a
// closure parameter) and returns the byte region where that binding shadows the local.
func (a *lfcAnalysis) bindingRegion(id parser.NodeID) (uint32, uint32, bool) {
	t := a.t
	c := id
	for {
		p := t.Parent(c)
		if p < 0 {
			return 0, 0, false
		}
		f := t.Nodes[c].Field
		switch t.Kind(p) {
		case parser.KTuplePattern, parser.KStructPattern, kFieldPattern, parser.KRefPattern, parser.KMutPattern,
			kOrPattern, kSlicePattern, kCapturedPattern, kReferencePattern:
			c = p
			continue
		case parser.KTupleStructPattern:
			if f == parser.FType {
				return 0, 0, false
			}
			c = p
			continue
		case parser.KLetDeclaration:
			if f != parser.FPattern {
				return 0, 0, false
			}
			return t.Nodes[p].End, t.Nodes[t.Parent(p)].End, true
		case parser.KForExpression:
			if f != parser.FPattern {
				return 0, 0, false
			}
			b := t.Field(p, parser.FBody)
			return t.Nodes[b].Start, t.Nodes[b].End, b >= 0
		case parser.KLetCondition:
			if f != parser.FPattern {
				return 0, 0, false
			}
			x := t.Parent(p)
			for t.Is(x, parser.KLetChain) {
				x = t.Parent(x)
			}
			var b parser.NodeID = parser.None
			switch t.Kind(x) {
			case parser.KIfExpression:
				b = t.Field(x, parser.FConsequence)
			case parser.KWhileExpression:
				b = t.Field(x, parser.FBody)
			}
			if b < 0 {
				return 0, 0, false
			}
			return t.Nodes[p].End, t.Nodes[b].End, true
		case parser.KMatchPattern:
			if f == parser.FCondition {
				return 0, 0, false
			}
			arm := t.Parent(p)
			return t.Nodes[p].Start, t.Nodes[arm].End, true
		case kClosureParameters:
			cl := t.Parent(p)
			return t.Nodes[cl].Start, t.Nodes[cl].End, true
		case parser.KParameter:
			if f != parser.FPattern || !t.Is(t.Parent(p), kClosureParameters) {
				return 0, 0, false
			}
			cl := t.Parent(t.Parent(p))
			return t.Nodes[cl].Start, t.Nodes[cl].End, true
		case parser.KSelectBranch:
			if f != parser.FPattern {
				return 0, 0, false
			}
			h := t.Field(p, parser.FHandler)
			if h < 0 {
				return 0, 0, false
			}
			return t.Nodes[h].Start, t.Nodes[h].End, true
		}
		return 0, 0, false
	}
}

func (a *lfcAnalysis) shadowed(n parser.NodeID) bool {
	s := a.t.Nodes[n].Start
	for _, r := range a.shadows {
		if s >= r[0] && s < r[1] {
			return true
		}
	}
	return false
}

// classify tells how the use id (an identifier naming the local, or a format string naming
// it) treats the array, and where in the body it happens.
func (a *lfcAnalysis) classify(id parser.NodeID) lfcUse {
	t := a.t
	// A use inside a closure or async block happens where that closure is created: a capture
	// by reference (a borrow) unless it is `move` (a copy of the Copy array).
	outer := parser.None
	for x := t.Parent(id); x >= 0 && x != a.body; x = t.Parent(x) {
		if IsBodyBoundary(t, x) {
			outer = x
		}
	}
	if outer >= 0 {
		u := lfcUse{at: outer, kind: lfcBorrow}
		if t.FirstChildOfKind(outer, parser.TMove) >= 0 {
			u.kind = lfcRead
		}
		return u
	}
	if t.Is(id, parser.KStringLiteral) {
		kind, div := lfcMacroArgUse(t, id)
		return lfcUse{at: id, kind: kind, diverges: div}
	}
	u := lfcUse{at: id, kind: lfcRead}
	c, p := ParenParent(t, id)
	if t.Is(p, parser.KIndexExpression) && t.NamedChild(p, 0) == c {
		isRange := t.Is(t.NamedChild(p, 1), parser.KRangeExpression)
		c, p = ParenParent(t, p)
		switch {
		case t.Is(p, parser.KAssignmentExpression) && t.Nodes[c].Field == parser.FLeft:
			u.kind = lfcWrite
		case t.Is(p, parser.KCompoundAssignment) && t.Nodes[c].Field == parser.FLeft:
			u.kind = lfcRead // reads the element: live after, but not a borrow
		case t.Is(p, parser.KReferenceExpression), lfcIsMethodReceiver(t, c), isRange:
			u.kind = lfcBorrow
		default:
			if k, div, ok := lfcDirectMacroArg(t, c); ok {
				u.kind, u.diverges = k, div
			}
		}
		return u
	}
	switch {
	case t.Is(p, parser.KReferenceExpression):
		u.kind = lfcBorrow
	case lfcIsMethodReceiver(t, c):
		switch MethodName(t, t.Parent(p)) {
		case "map", "into_iter", "into", "try_into", "zip":
			// by-value array methods: a copy
		default:
			u.kind = lfcBorrow // autoref: `&self` / `&mut self` (slice methods, clone, len ...)
		}
	case t.Is(p, parser.KBinaryExpression):
		switch t.Text(t.Field(p, parser.FOperator)) {
		case "==", "!=", "<", "<=", ">", ">=":
			u.kind = lfcBorrow // PartialEq / PartialOrd take `&self`
		}
	case t.Is(p, parser.KAssignmentExpression) && t.Nodes[c].Field == parser.FLeft:
		u.kind = lfcWrite
	case t.Is(p, parser.KTokenTree):
		// an unparsed macro body: most macros that take a variable format it (by reference)
		u.kind = lfcBorrow
		u.diverges = lfcInPanicMacro(t, p)
	default:
		if k, div, ok := lfcDirectMacroArg(t, c); ok {
			u.kind, u.diverges = k, div
		}
	}
	return u
}

// lfcIsMethodReceiver reports whether c is the receiver of a method call.
func lfcIsMethodReceiver(t *parser.Tree, c parser.NodeID) bool {
	p := t.Parent(c)
	if !t.Is(p, parser.KFieldExpression) || t.Nodes[c].Field != parser.FValue {
		return false
	}
	call := t.Parent(p)
	return t.Is(call, parser.KCallExpression) && t.Field(call, parser.FFunction) == p
}

// lfcDirectMacroArg classifies c when it is a whole argument of a re-parsed macro (or the
// value of a named argument `x = c`).
func lfcDirectMacroArg(t *parser.Tree, c parser.NodeID) (lfcUseKind, bool, bool) {
	p := t.Parent(c)
	if t.Is(p, parser.KAssignmentExpression) && t.Nodes[c].Field == parser.FRight && t.Is(t.Parent(p), parser.KMacroBody) {
		c, p = p, t.Parent(p)
	}
	if !t.Is(p, parser.KMacroBody) {
		return 0, false, false
	}
	k, div := lfcMacroArgUse(t, c)
	return k, div, true
}

// lfcMacroArgUse classifies a direct argument c of a macro (its body's child).
func lfcMacroArgUse(t *parser.Tree, c parser.NodeID) (lfcUseKind, bool) {
	body := t.Parent(c)
	m := t.Parent(body)
	idx := 0
	t.Children(body, func(x parser.NodeID) bool {
		if x == c {
			return false
		}
		if t.IsNamed(x) && !t.IsComment(x) {
			idx++
		}
		return true
	})
	switch t.MacroName(m) {
	case "panic", "unreachable", "todo", "unimplemented", "bail":
		return lfcBorrow, true
	case "assert", "debug_assert", "ensure":
		if idx == 0 {
			return lfcRead, false // a bool condition
		}
		return lfcBorrow, true // message arguments, formatted only on failure
	case "assert_eq", "assert_ne", "debug_assert_eq", "debug_assert_ne":
		return lfcBorrow, idx >= 2
	case "vec", "matches", "dbg", "ready", "pin", "pin_mut", "join", "try_join", "select", "select_biased",
		"Some", "Ok", "Err":
		return lfcRead, false
	}
	// println!, format!, write!, log and tracing macros ... take their arguments by reference.
	return lfcBorrow, false
}

func lfcInPanicMacro(t *parser.Tree, n parser.NodeID) bool {
	found := false
	t.Ancestors(n, func(x parser.NodeID) bool {
		if t.Is(x, parser.KMacroInvocation) {
			found = MacroIs(t, x, "panic", "unreachable", "todo", "unimplemented", "bail")
			return false
		}
		return true
	})
	return found
}

var lfcFormatMacro = map[string]bool{
	"println": true, "print": true, "eprintln": true, "eprint": true, "format": true, "format_args": true,
	"write": true, "writeln": true, "panic": true, "unreachable": true, "todo": true, "unimplemented": true,
	"assert": true, "assert_eq": true, "assert_ne": true, "debug_assert": true, "debug_assert_eq": true,
	"debug_assert_ne": true, "trace": true, "debug": true, "info": true, "warn": true, "error": true,
	"bail": true, "anyhow": true, "ensure": true,
}

// inlineFormatUse returns the format string of a formatting macro m that names the local
// inline (`"{buf:?}"`), or None.
func (a *lfcAnalysis) inlineFormatUse(m parser.NodeID) parser.NodeID {
	t := a.t
	if !lfcFormatMacro[t.MacroName(m)] {
		return parser.None
	}
	body := t.MacroBody(m)
	if body < 0 {
		return parser.None
	}
	if a.fmtRE == nil {
		a.fmtRE = regexp.MustCompile(`(^|[^{])\{` + regexp.QuoteMeta(a.name) + `(:[^}]*)?\}`)
	}
	re := a.fmtRE
	found := parser.None
	t.Children(body, func(c parser.NodeID) bool {
		if t.Is(c, parser.KStringLiteral) && re.Match(t.Bytes(c)) {
			found = c
			return false
		}
		return true
	})
	return found
}

// The questions below are the control-flow core's, asked of the body's graph. A use inside a
// closure or async block is asked at the closure (where it captures), one in the tokens of
// a macro at the macro.

// usedAfter reports whether the task, resumed after the yield y, can reach the use u in one
// pass (not by going round a loop: that is loopCarried's case).
func (a *lfcAnalysis) usedAfter(u, y parser.NodeID) bool {
	to := a.g.Enter(a.g.Around(u))
	for _, r := range a.g.Resumes(y) {
		if a.g.ReachesForward(r, to) {
			return true
		}
	}
	return false
}

// borrowReaches reports whether u borrows the local on a path that goes on to the yield y
// without declaring the local again (through a loop's next iteration too: rustc counts a
// local as maybe borrowed from the borrow to the end of its scope). A borrow only made on
// the way to a panic (a panic's arguments, an assertion's message) does not reach.
func (a *lfcAnalysis) borrowReaches(u lfcUse, y parser.NodeID) bool {
	if u.kind != lfcBorrow || u.diverges || lfcInMessageArg(a.t, u.at, a.body) {
		return false
	}
	from := a.g.Leave(a.g.Around(u.at))
	avoid := []cfg.Point{a.g.Enter(a.let)}
	for _, r := range a.g.Resumes(y) {
		if a.g.ReachesAvoidingAll(from, r, avoid) {
			return true
		}
	}
	return false
}

// loopCarried reports whether the task, resumed after the yield y, can come back to the use
// u through a loop without declaring the local again: a loop inside the local's scope runs
// both, so that whatever order they have in the text, one iteration's y is followed by
// the next one's u.
func (a *lfcAnalysis) loopCarried(y, u parser.NodeID) bool {
	to := a.g.Enter(a.g.Around(u))
	avoid := []cfg.Point{a.g.Enter(a.let)}
	for _, r := range a.g.Resumes(y) {
		if a.g.ReachesAvoidingAll(r, to, avoid) {
			return true
		}
	}
	return false
}

// lfcInMessageArg reports whether n lies in a failure-message argument of an assertion
// (formatted only when it panics), below body.
func lfcInMessageArg(t *parser.Tree, n, body parser.NodeID) bool {
	for prev, x := n, t.Parent(n); x >= 0 && x != body; prev, x = x, t.Parent(x) {
		if t.Is(x, parser.KMacroBody) && lfcMessageArg(t, x, prev) {
			return true
		}
	}
	return false
}

// lfcMessageArg reports whether child c of the body of a macro is a failure-message
// argument of an assertion (formatted only when it panics).
func lfcMessageArg(t *parser.Tree, body, c parser.NodeID) bool {
	m := t.Parent(body)
	first := 1
	switch t.MacroName(m) {
	case "assert", "debug_assert", "ensure":
	case "assert_eq", "assert_ne", "debug_assert_eq", "debug_assert_ne":
		first = 2
	default:
		return false
	}
	idx := 0
	for x := t.Nodes[body].FirstChild; x >= 0 && x != c; x = t.Nodes[x].Next {
		if t.IsNamed(x) && !t.IsComment(x) {
			idx++
		}
	}
	return idx >= first
}
