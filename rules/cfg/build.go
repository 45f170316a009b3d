package cfg

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

var (
	kEmptyStatement = parser.NamedKind("empty_statement")
)

type builder struct {
	g     *Graph
	from  []Point // edges, from[i] -> to[i]
	to    []Point
	jumps []*jump
	never map[string]bool
	crate *CrateFns // the crate's `-> !` fns (WithCrateFns), or nil
	fns   *treeFns  // where the names asked of crate are kept (Track), or nil
	asked []uint32  // nameHash of the names asked of crate, for fns
}

// jump is a loop or labeled block being built, which break (and for a loop continue) reach.
type jump struct {
	node   parser.NodeID
	label  string
	head   Point // where continue goes (loops)
	breaks []Point
}

func (b *builder) point(n parser.NodeID) Point {
	b.g.node = append(b.g.node, n)
	b.g.kind = append(b.g.kind, AtEnter)
	return Point(len(b.g.node) - 1)
}

// outcomes makes the OnTrue and OnFalse points of condition n, reached from the points
// after it.
func (b *builder) outcomes(n parser.NodeID, after []Point) (yes, no []Point) {
	p := b.point(n)
	b.point(n)
	b.g.kind[p], b.g.kind[p+1] = OnTrue, OnFalse
	if b.g.outcome == nil {
		b.g.outcome = map[parser.NodeID]Point{}
	}
	b.g.outcome[n] = p
	b.link(after, p)
	b.link(after, p+1)
	if len(after) == 0 {
		return nil, nil
	}
	return []Point{p}, []Point{p + 1}
}

func (b *builder) link(from []Point, to Point) {
	for _, f := range from {
		b.from = append(b.from, f)
		b.to = append(b.to, to)
	}
}

// open makes Enter(n) and Leave(n), links from to Enter(n) and returns it.
func (b *builder) open(n parser.NodeID, from []Point) Point {
	p := b.point(n)
	b.point(n)
	b.g.kind[p+1] = AtLeave
	b.g.enter[n] = p
	b.link(from, p)
	return p
}

func (b *builder) finish() {
	g := b.g
	g.off = make([]int32, len(g.node)+1)
	for _, f := range b.from {
		g.off[f+1]++
	}
	for i := 1; i < len(g.off); i++ {
		g.off[i] += g.off[i-1]
	}
	g.succ = make([]Point, len(b.from))
	fill := make([]int32, len(g.node))
	for i, f := range b.from {
		g.succ[g.off[f]+fill[f]] = b.to[i]
		fill[f]++
	}
}

// expr adds n reached from the points from and returns the points after it: Leave(n), or
// nothing when n never completes normally.
func (b *builder) expr(n parser.NodeID, from []Point) []Point {
	if n < 0 {
		return from
	}
	p := b.open(n, from)
	out := b.step(n, []Point{p})
	if len(out) == 0 {
		return nil
	}
	b.link(out, p+1)
	return []Point{p + 1}
}

// seq evaluates the named children of n in order.
func (b *builder) seq(n parser.NodeID, cur []Point) []Point {
	t := b.g.t
	for c := t.N(n).FirstChild; c >= 0; c = t.N(c).Next {
		if t.IsNamed(c) && !t.IsComment(c) {
			cur = b.expr(c, cur)
		}
	}
	return cur
}

func (b *builder) step(n parser.NodeID, cur []Point) []Point {
	t := b.g.t
	switch t.Kind(n) {
	case parser.KLineComment, parser.KBlockComment, parser.KLabel, parser.KLifetime, parser.KAttributeItem,
		parser.KClosureExpression, parser.KAsyncBlock:
		return cur // a closure or async block does not run where it is written
	case parser.KReturnExpression:
		b.link(b.seq(n, cur), Exit)
		return nil
	case parser.KBreakExpression:
		out := b.seq(n, cur)
		if j := b.target(n); j != nil {
			j.breaks = append(j.breaks, out...)
		}
		return nil
	case parser.KContinueExpression:
		if j := b.target(n); j != nil {
			b.link(cur, j.head)
		}
		return nil
	case parser.KTryExpression:
		out := b.seq(n, cur)
		b.link(out, Exit)
		if Failing(t, t.NamedChild(n, 0)) {
			return nil // `Err(e)?`, `None?`: the early return is the only way on
		}
		return out
	case parser.KAwaitExpression:
		b.g.suspend = append(b.g.suspend, n)
		return b.seq(n, cur)
	case parser.KLetDeclaration:
		out := b.expr(t.Field(n, parser.FValue), cur)
		if alt := t.Field(n, parser.FAlternative); alt >= 0 {
			yes, no := b.outcomes(n, out)
			return append(yes, b.expr(alt, no)...) // `let .. else { diverges }`
		}
		return out
	case parser.KIfExpression:
		yes, no := b.cond(t.Field(n, parser.FCondition), cur)
		out := b.expr(t.Field(n, parser.FConsequence), yes)
		if alt := t.Field(n, parser.FAlternative); alt >= 0 {
			return append(out, b.expr(alt, no)...)
		}
		return append(out, no...)
	case parser.KMatchExpression:
		return b.match(n, cur)
	case parser.KLoopExpression:
		j := b.push(n, cur[0])
		b.link(b.expr(t.Field(n, parser.FBody), cur), cur[0])
		b.pop()
		return j.breaks
	case parser.KWhileExpression:
		j := b.push(n, cur[0])
		yes, no := b.cond(t.Field(n, parser.FCondition), cur)
		b.link(b.expr(t.Field(n, parser.FBody), yes), cur[0])
		b.pop()
		return append(no, j.breaks...)
	case parser.KForExpression:
		v := b.expr(t.Field(n, parser.FValue), cur)
		h := b.point(n)
		b.g.kind[h] = AtHead
		b.link(v, h)
		j := b.push(n, h)
		b.link(b.expr(t.Field(n, parser.FBody), []Point{h}), h)
		b.pop()
		return append([]Point{h}, j.breaks...)
	case parser.KBlock:
		if t.FirstChildOfKind(n, parser.KLabel) >= 0 {
			j := b.push(n, None)
			out := b.seq(n, cur)
			b.pop()
			return append(out, j.breaks...)
		}
		return b.seq(n, cur)
	case parser.KBinaryExpression:
		op := t.Field(n, parser.FOperator)
		if t.Is(op, parser.TAndAnd) || t.Is(op, parser.TOrOr) {
			l := b.expr(t.Field(n, parser.FLeft), cur)
			return append(l, b.expr(t.Field(n, parser.FRight), l)...)
		}
	case parser.KMacroInvocation:
		return b.macro(n, cur)
	case parser.KCallExpression:
		out := b.seq(n, cur)
		if b.divergingCall(n) {
			b.link(out, Panic)
			return nil
		}
		return out
	}
	if IsItem(t, n) {
		return cur
	}
	return b.seq(n, cur)
}

// match: the scrutinee, then each arm from the scrutinee and from the false guards of the
// arms before it (through each one's AtFall point).
func (b *builder) match(n parser.NodeID, cur []Point) []Point {
	t := b.g.t
	sv := b.expr(t.Field(n, parser.FValue), cur)
	var out, fall []Point
	mb := t.Field(n, parser.FBody)
	if mb < 0 {
		return sv
	}
	for arm := t.N(mb).FirstChild; arm >= 0; arm = t.N(arm).Next {
		if !t.Is(arm, parser.KMatchArm) {
			continue
		}
		entry := append(append([]Point(nil), sv...), fall...)
		p := b.open(arm, entry)
		in := []Point{p}
		if pat := t.Field(arm, parser.FPattern); pat >= 0 {
			if g := t.Field(pat, parser.FCondition); g >= 0 {
				var no []Point
				in, no = b.cond(g, in)
				f := b.point(arm)
				b.g.kind[f] = AtFall
				if b.g.outcome == nil {
					b.g.outcome = map[parser.NodeID]Point{}
				}
				b.g.outcome[arm] = f
				b.link(no, f)
				if len(no) > 0 {
					fall = append(fall, f)
				}
			}
		}
		end := b.expr(t.Field(arm, parser.FValue), in)
		if len(end) > 0 {
			b.link(end, p+1)
			out = append(out, p+1)
		}
	}
	return out
}

// cond adds a condition and returns the points where it is true and where it is false. A
// condition built of `&&`, `||`, `!`, parentheses and `let` chains has its Enter point but
// no way to its Leave point: the outcomes of its leaves (their OnTrue and OnFalse points)
// go to the branches.
func (b *builder) cond(n parser.NodeID, cur []Point) (yes, no []Point) {
	t := b.g.t
	if n < 0 {
		return cur, cur
	}
	switch t.Kind(n) {
	case parser.KParenthesizedExpression:
		p := b.open(n, cur)
		return b.cond(t.NamedChild(n, 0), []Point{p})
	case parser.KBinaryExpression:
		op := t.Field(n, parser.FOperator)
		if t.Is(op, parser.TAndAnd) {
			p := b.open(n, cur)
			lt, lf := b.cond(t.Field(n, parser.FLeft), []Point{p})
			rt, rf := b.cond(t.Field(n, parser.FRight), lt)
			return rt, append(lf, rf...)
		}
		if t.Is(op, parser.TOrOr) {
			p := b.open(n, cur)
			lt, lf := b.cond(t.Field(n, parser.FLeft), []Point{p})
			rt, rf := b.cond(t.Field(n, parser.FRight), lf)
			return append(lt, rt...), rf
		}
	case parser.KUnaryExpression:
		if t.FirstChildOfKind(n, parser.TBang) >= 0 {
			p := b.open(n, cur)
			ft, ff := b.cond(t.NamedChild(n, 0), []Point{p})
			return ff, ft
		}
	case parser.KLetChain:
		p := b.open(n, cur)
		in := []Point{p}
		var f []Point
		for _, c := range t.NamedChildren(n) {
			ct, cf := b.cond(c, in)
			f = append(f, cf...)
			in = ct
		}
		return in, f
	case parser.KBooleanLiteral:
		v := b.expr(n, cur)
		if t.TextIs(n, "true") {
			return v, nil
		}
		return nil, v
	}
	return b.outcomes(n, b.expr(n, cur)) // a `let` condition may match or not
}

func (b *builder) macro(n parser.NodeID, cur []Point) []Point {
	t := b.g.t
	name := t.MacroName(n)
	body := t.MacroBody(n)
	switch {
	case body >= 0 && (name == "select" || name == "select_biased"):
		return b.selectMacro(n, body, cur)
	case body >= 0:
		cur = b.seq(body, cur)
	}
	if SuspendingMacros[name] {
		b.g.suspend = append(b.g.suspend, n)
	}
	if DivergingMacro(name) {
		b.link(cur, Panic)
		return nil
	}
	if ReturningMacros[name] {
		b.link(cur, Exit)
	}
	return cur
}

// selectMacro: the branches' conditions and futures in order, the suspension, then one of
// the handlers.
func (b *builder) selectMacro(n, body parser.NodeID, cur []Point) []Point {
	t := b.g.t
	b.g.suspend = append(b.g.suspend, n)
	var handlers []parser.NodeID
	for br := t.N(body).FirstChild; br >= 0; br = t.N(br).Next {
		if !t.Is(br, parser.KSelectBranch) && !t.Is(br, parser.KSelectElse) {
			continue
		}
		h := t.Field(br, parser.FHandler)
		for c := t.N(br).FirstChild; c >= 0; c = t.N(c).Next {
			if c == h || !t.IsNamed(c) || t.IsComment(c) || t.Nodes[c].Field == parser.FPattern {
				continue
			}
			cur = b.expr(c, cur)
		}
		handlers = append(handlers, h)
	}
	var out []Point
	for _, h := range handlers {
		out = append(out, b.expr(h, cur)...)
	}
	return out
}

func (b *builder) push(n parser.NodeID, head Point) *jump {
	j := &jump{node: n, label: Label(b.g.t, n), head: head}
	b.jumps = append(b.jumps, j)
	return j
}

func (b *builder) pop() { b.jumps = b.jumps[:len(b.jumps)-1] }

// target records and returns the loop or labeled block being built that br goes to (nil:
// out of the body, which Rust rejects).
func (b *builder) target(br parser.NodeID) *jump {
	label := Label(b.g.t, br)
	isContinue := b.g.t.Is(br, parser.KContinueExpression)
	for i := len(b.jumps) - 1; i >= 0; i-- {
		j := b.jumps[i]
		if j.head == None && (label == "" || isContinue) {
			continue // a labeled block takes only a labeled break
		}
		if label == "" || j.label == label {
			if b.g.jumps == nil {
				b.g.jumps = map[parser.NodeID]parser.NodeID{}
			}
			b.g.jumps[br] = j.node
			return j
		}
	}
	return nil
}

// divergingCall reports whether a call never returns: `std::process::exit`/`abort`, or a
// fn of the file or (WithCrateFns) of the crate declared to return `!`.
func (b *builder) divergingCall(call parser.NodeID) bool {
	t := b.g.t
	fn := t.Field(call, parser.FFunction)
	if t.Is(fn, parser.KGenericFunction) {
		fn = t.Field(fn, parser.FFunction)
	}
	var name string
	switch t.Kind(fn) {
	case parser.KIdentifier, parser.KScopedIdentifier:
		text := t.Text(fn)
		path := text
		if t.Imports != nil {
			path = t.Imports.Resolve(text)
		}
		if DivergingCall(path) || b.crateDiverges(call, path, false) {
			return true
		}
		if strings.Contains(text, "::") && !strings.HasPrefix(text, "crate::") && !strings.HasPrefix(text, "self::") &&
			!strings.HasPrefix(text, "super::") && !strings.HasPrefix(text, "Self::") {
			return false
		}
		name = text[strings.LastIndex(text, ":")+1:]
	case parser.KFieldExpression:
		if !t.Is(t.Field(fn, parser.FValue), parser.KSelf) {
			return false
		}
		name = t.Text(t.Field(fn, parser.FField))
		if b.crateDiverges(call, name, true) {
			return true
		}
	default:
		return false
	}
	if b.never == nil {
		b.never = neverFns(t)
	}
	return b.never[name]
}

// crateDiverges reports whether the call resolves to a fn of another file of the crate
// declared `-> !` (WithCrateFns).
func (b *builder) crateDiverges(call parser.NodeID, resolved string, method bool) bool {
	if b.fns != nil {
		b.asked = append(b.asked, nameHash(resolved[strings.LastIndex(resolved, ":")+1:])) // as diverges names it
	}
	if b.crate == nil {
		return false
	}
	module, impl := scopesAt(b.g.t, call)
	return b.crate.diverges(resolved, method, module, impl)
}

// neverFns returns the names of the fns and methods of the file declared to return `!`.
func neverFns(t *parser.Tree) map[string]bool {
	c := cacheFor(t)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.never != nil {
		return c.never
	}
	c.never = map[string]bool{}
	if !strings.Contains(string(t.Src), "-> !") {
		return c.never
	}
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if t.Is(d, parser.KFunctionItem) || t.Is(d, parser.KFunctionSignatureItem) {
			if t.Is(t.Field(d, parser.FReturnType), parser.KNeverType) {
				c.never[t.Text(t.Field(d, parser.FName))] = true
			}
			return true
		}
		return true
	})
	return c.never
}

// Label returns the label of a loop, block, break or continue without its `'`, or "".
func Label(t *parser.Tree, n parser.NodeID) string {
	if l := t.FirstChildOfKind(n, parser.KLabel); l >= 0 {
		return strings.TrimPrefix(t.Text(l), "'")
	}
	return ""
}

// IsItem reports whether n is an item: written in a body, it does not run there.
func IsItem(t *parser.Tree, n parser.NodeID) bool {
	switch t.Kind(n) {
	case parser.KFunctionItem, parser.KImplItem, parser.KTraitItem, parser.KStructItem, parser.KEnumItem,
		parser.KUseDeclaration, parser.KConstItem, parser.KStaticItem, parser.KModItem, parser.KMacroDefinition,
		parser.KTypeItem, parser.KUnionItem, parser.KFunctionSignatureItem:
		return true
	}
	return false
}

// Failing reports whether e is a value that `?` always returns early with: `Err(..)` or
// `None`.
func Failing(t *parser.Tree, e parser.NodeID) bool {
	e = t.Unparen(e)
	return t.Is(e, parser.KIdentifier) && t.TextIs(e, "None") ||
		t.Is(e, parser.KCallExpression) && t.TextIs(t.Field(e, parser.FFunction), "Err")
}
