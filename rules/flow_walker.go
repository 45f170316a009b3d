package rules

import (
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// The hand-written walker the poll rules used before the cfg graph; it goes once they are ported.

// flowRule is what a rule plugs into a flowWalker. Embed flowDefaults for the hooks a rule
// does not need.
type flowRule interface {
	// visit is called first for each node reached with a live state s. When it handles
	// n, out is the state after n and the walker does not look inside n.
	visit(w *flowWalker, n parser.NodeID, s uint8) (out uint8, handled bool)
	// leave gets the state after n (0 when n does not complete normally) and returns the
	// state the walker goes on with.
	leave(n parser.NodeID, s uint8) uint8
	// useContext is the transfer function of a use of the task Context: an identifier
	// naming it, or an unparsed macro whose tokens mention it.
	useContext(s uint8) uint8
	// condition may evaluate a condition the rule knows more about (`r.is_ready()`) and
	// return the states when it is true and when it is false.
	condition(w *flowWalker, n parser.NodeID, s uint8) (yes, no uint8, handled bool)
	// bind is called for each `let` declaration and `let` condition n after its value was
	// evaluated to s, and returns the states where pat matches and where it does not. A
	// `let` without `else` cannot fail: the walker goes on with s.
	bind(n, pat, value parser.NodeID, s uint8) (match, noMatch uint8)
	// arms is called each time match m is evaluated, after its scrutinee value. It may
	// return the state each arm is entered with, from the state s the arm would get
	// otherwise; nil leaves s.
	arms(m, value parser.NodeID) func(arm parser.NodeID, s uint8) uint8
}

// flowDefaults gives a flowRule the neutral hooks.
type flowDefaults struct{}

func (flowDefaults) visit(*flowWalker, parser.NodeID, uint8) (uint8, bool) { return 0, false }
func (flowDefaults) leave(_ parser.NodeID, s uint8) uint8                  { return s }
func (flowDefaults) condition(*flowWalker, parser.NodeID, uint8) (uint8, uint8, bool) {
	return 0, 0, false
}
func (flowDefaults) bind(_, _, _ parser.NodeID, s uint8) (uint8, uint8) { return s, s }
func (flowDefaults) arms(_, _ parser.NodeID) func(parser.NodeID, uint8) uint8 {
	return nil
}

// flowWalker is the path analysis of one body.
type flowWalker struct {
	t    *parser.Tree
	rule flowRule
	cx   string // the Context parameter's name ("" when it has none)
	// guardFallThrough: the state where a match guard is false goes on to the later arms.
	guardFallThrough bool
	jumps            []*flowJump
}

// flowJump is a loop or labeled block that break (and, for loops, continue) can reach,
// with the states that jump to it.
type flowJump struct {
	node      parser.NodeID
	label     string
	isLoop    bool
	breaks    uint8
	continues uint8
}

var flowKLifetime = parser.NamedKind("lifetime")

// seq evaluates the named children of n in order.
func (w *flowWalker) seq(n parser.NodeID, s uint8) uint8 {
	for c := w.t.N(n).FirstChild; c >= 0; c = w.t.N(c).Next {
		if w.t.IsNamed(c) && !w.t.IsComment(c) {
			s = w.expr(c, s)
		}
	}
	return s
}

// expr evaluates n reached with state s and returns the state after it (0: it never
// completes normally).
func (w *flowWalker) expr(n parser.NodeID, s uint8) uint8 {
	if n < 0 || s == 0 {
		return s
	}
	out, handled := w.rule.visit(w, n, s)
	if !handled {
		out = w.step(n, s)
	}
	return w.rule.leave(n, out)
}

func (w *flowWalker) step(n parser.NodeID, s uint8) uint8 {
	t := w.t
	switch t.Kind(n) {
	case parser.KIdentifier:
		if w.cx != "" && t.TextIs(n, w.cx) {
			return w.rule.useContext(s)
		}
		return s
	case parser.KLineComment, parser.KBlockComment, parser.KLabel, flowKLifetime, parser.KAttributeItem:
		return s
	case parser.KClosureExpression, parser.KAsyncBlock:
		return s // not run here
	case parser.KReturnExpression:
		w.seq(n, s)
		return 0
	case parser.KBreakExpression:
		s = w.seq(n, s)
		if j := w.jumpTarget(n); j != nil {
			j.breaks |= s
		}
		return 0
	case parser.KContinueExpression:
		if j := w.jumpTarget(n); j != nil {
			j.continues |= s
		}
		return 0
	case parser.KLetDeclaration:
		v := t.Field(n, parser.FValue)
		sv := w.expr(v, s)
		match, noMatch := w.rule.bind(n, t.Field(n, parser.FPattern), v, sv)
		if alt := t.Field(n, parser.FAlternative); alt >= 0 {
			w.expr(alt, noMatch) // `let .. else { diverges }`
			return match
		}
		return sv
	case parser.KIfExpression:
		ts, fs := w.cond(t.Field(n, parser.FCondition), s)
		out := w.expr(t.Field(n, parser.FConsequence), ts)
		if alt := t.Field(n, parser.FAlternative); alt >= 0 {
			out |= w.seq(alt, fs)
		} else {
			out |= fs
		}
		return out
	case parser.KMatchExpression:
		return w.match(n, s)
	case parser.KLoopExpression, parser.KWhileExpression, parser.KForExpression:
		return w.loop(n, s)
	case parser.KBlock:
		if t.FirstChildOfKind(n, parser.KLabel) >= 0 {
			j := w.pushJump(n, false)
			out := w.seq(n, s)
			w.popJump()
			return out | j.breaks
		}
		return w.seq(n, s)
	case parser.KBinaryExpression:
		op := t.Field(n, parser.FOperator)
		if t.Is(op, flowTAndAnd) || t.Is(op, flowTOrOr) {
			l := w.expr(t.Field(n, parser.FLeft), s)
			return l | w.expr(t.Field(n, parser.FRight), l)
		}
	case parser.KMacroInvocation:
		if body := t.MacroBody(n); body >= 0 {
			s = w.seq(body, s)
		} else if flowMentions(t, n, w.cx) {
			s = w.rule.useContext(s)
		}
		if cfg.DivergingMacros[t.MacroName(n)] {
			return 0
		}
		return s
	case parser.KMacroBody:
		return w.seq(n, s)
	case parser.KTokenTree:
		if flowMentions(t, n, w.cx) {
			return w.rule.useContext(s)
		}
		return s
	}
	if cfg.IsItem(t, n) {
		return s
	}
	return w.seq(n, s)
}

// match evaluates a match expression: the scrutinee, then each arm from the state after it
// (and its guard).
func (w *flowWalker) match(n parser.NodeID, s uint8) uint8 {
	t := w.t
	v := t.Field(n, parser.FValue)
	sv := w.expr(v, s)
	entry := w.rule.arms(n, v)
	out := uint8(0)
	var guardFalse uint8
	if mb := t.Field(n, parser.FBody); mb >= 0 {
		for _, arm := range t.NamedChildren(mb) {
			if !t.Is(arm, parser.KMatchArm) {
				continue
			}
			st := sv
			if w.guardFallThrough {
				st |= guardFalse
			}
			if entry != nil {
				st = entry(arm, st)
			}
			if pat := t.Field(arm, parser.FPattern); pat >= 0 {
				if g := t.Field(pat, parser.FCondition); g >= 0 {
					var fs uint8
					st, fs = w.cond(g, st)
					guardFalse |= fs
				}
			}
			out |= w.expr(t.Field(arm, parser.FValue), st)
		}
	}
	return out
}

// loop evaluates a loop, while or for loop: its body is walked from the states at its head
// until they stop growing (at most four times), and it is left through its breaks, a false
// while condition or the end of a for loop's iterator.
func (w *flowWalker) loop(n parser.NodeID, s uint8) uint8 {
	t := w.t
	isWhile, isFor := t.Is(n, parser.KWhileExpression), t.Is(n, parser.KForExpression)
	head := s
	if isFor {
		head = w.expr(t.Field(n, parser.FValue), s)
	}
	j := w.pushJump(n, true)
	var exit uint8
	for i := 0; i < 4; i++ {
		entry := head
		if isWhile {
			var fs uint8
			entry, fs = w.cond(t.Field(n, parser.FCondition), head)
			exit |= fs
		}
		end := w.expr(t.Field(n, parser.FBody), entry)
		next := head | end | j.continues
		if next == head {
			break
		}
		head = next
	}
	w.popJump()
	if isFor {
		exit = head
	}
	return exit | j.breaks
}

// cond evaluates a condition and returns the states when it is true and when it is false.
func (w *flowWalker) cond(n parser.NodeID, s uint8) (uint8, uint8) {
	t := w.t
	n = t.Unparen(n)
	if yes, no, ok := w.rule.condition(w, n, s); ok {
		return yes, no
	}
	switch t.Kind(n) {
	case parser.KBinaryExpression:
		op := t.Field(n, parser.FOperator)
		if t.Is(op, flowTAndAnd) {
			lt, lf := w.cond(t.Field(n, parser.FLeft), s)
			rt, rf := w.cond(t.Field(n, parser.FRight), lt)
			return rt, lf | rf
		}
		if t.Is(op, flowTOrOr) {
			lt, lf := w.cond(t.Field(n, parser.FLeft), s)
			rt, rf := w.cond(t.Field(n, parser.FRight), lf)
			return lt | rt, rf
		}
	case parser.KUnaryExpression:
		if t.FirstChildOfKind(n, parser.TBang) >= 0 {
			ft, ff := w.cond(t.NamedChild(n, 0), s)
			return ff, ft
		}
	case parser.KLetCondition:
		v := t.Field(n, parser.FValue)
		return w.rule.bind(n, t.Field(n, parser.FPattern), v, w.expr(v, s))
	case parser.KLetChain:
		cur := s
		var f uint8
		for _, c := range t.NamedChildren(n) {
			ct, cf := w.cond(c, cur)
			f |= cf
			cur = ct
		}
		return cur, f
	}
	v := w.expr(n, s)
	return v, v
}

func (w *flowWalker) pushJump(n parser.NodeID, isLoop bool) *flowJump {
	j := &flowJump{node: n, label: cfg.Label(w.t, n), isLoop: isLoop}
	w.jumps = append(w.jumps, j)
	return j
}

func (w *flowWalker) popJump() { w.jumps = w.jumps[:len(w.jumps)-1] }

// jumpTarget returns the enclosing loop or labeled block being walked that br jumps to, or
// nil (a jump out of the walked body).
func (w *flowWalker) jumpTarget(br parser.NodeID) *flowJump {
	target := flowBreakTarget(w.t, br)
	for i := len(w.jumps) - 1; i >= 0; i-- {
		if w.jumps[i].node == target {
			return w.jumps[i]
		}
	}
	return nil
}
