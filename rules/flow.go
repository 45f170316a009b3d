package rules

import (
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// The path analysis that pending_without_waker and poll_after_ready share.
//
// A flowPlan is a forward dataflow problem over the control-flow graph of one body
// (cfg.Graph, solved by cfg.Forward). Its state is a small bit set (uint8) of the ways a
// program point can be reached; 0 means it cannot be (after a `return`, a `break`, a
// panic). The graph knows how Rust moves between points; what the bits mean is the rule's:
// walking the nodes the body evaluates, it says what happens at the points it cares about
// (the Leave point of a call, the OnTrue and OnFalse points of a condition, the Enter point
// of a match arm), and reads the states at the points it asks about once solved.

// flowPlan is the path analysis of one body.
type flowPlan struct {
	t  *parser.Tree
	g  *cfg.Graph
	cx string // the Context parameter's name ("" when it has none)
	// at[p] is the transfer function of point p (nil: the state passes unchanged).
	at []func(uint8) uint8
	// mute: nodes whose inside the rule has taken care of (see walk).
	mute map[parser.NodeID]bool
	in   []uint8 // after solve: the state each point is reached with
}

func newFlowPlan(t *parser.Tree, body parser.NodeID, cx string) *flowPlan {
	g := cfg.Of(t, body)
	return &flowPlan{t: t, g: g, cx: cx, at: make([]func(uint8) uint8, g.Len())}
}

// then makes point p apply fn after what it does already. A point of None is ignored.
func (f *flowPlan) then(p cfg.Point, fn func(uint8) uint8) {
	if p < 0 {
		return
	}
	if old := f.at[p]; old != nil {
		f.at[p] = func(s uint8) uint8 { return fn(old(s)) }
		return
	}
	f.at[p] = fn
}

// flowNone ends every way: the paths through a point with it are dropped.
func flowNone(uint8) uint8 { return 0 }

// walk calls decide for each node of body that the body evaluates (it has points), in
// source order, outside closures, async blocks and items. When decide returns false, or
// after skip(n), the points inside n pass their states on unchanged and decide is not
// called for them: the rule has said what n does as a whole.
func (f *flowPlan) walk(body parser.NodeID, decide func(n parser.NodeID) bool) {
	t := f.t
	t.Walk(body, func(n parser.NodeID) bool {
		if f.mute[n] {
			return false
		}
		if f.g.Enter(n) >= 0 && !decide(n) {
			return false
		}
		// a token tree's tokens are not evaluated (a macro with a parsed body has it apart)
		return n == body || !cfg.IsBody(t, n) && !cfg.IsItem(t, n) && !t.Is(n, parser.KTokenTree)
	})
}

// skip mutes n for walk.
func (f *flowPlan) skip(n parser.NodeID) {
	if n < 0 {
		return
	}
	if f.mute == nil {
		f.mute = map[parser.NodeID]bool{}
	}
	f.mute[n] = true
}

// usesContext reports whether evaluating n itself uses the Context: n is the identifier
// naming it, or a token tree or an unparsed macro whose tokens mention it.
func (f *flowPlan) usesContext(n parser.NodeID) bool {
	t := f.t
	if f.cx == "" {
		return false
	}
	switch t.Kind(n) {
	case parser.KIdentifier:
		return t.TextIs(n, f.cx)
	case parser.KTokenTree:
		return flowMentions(t, n, f.cx)
	case parser.KMacroInvocation:
		return t.MacroBody(n) < 0 && flowMentions(t, n, f.cx)
	}
	return false
}

// solve runs the analysis from state init at the start of the body.
func (f *flowPlan) solve(init uint8) {
	f.in = cfg.Forward(f.g, init, 0, func(p cfg.Point, s uint8) uint8 {
		if fn := f.at[p]; fn != nil && s != 0 {
			return fn(s)
		}
		return s
	}, func(a, b uint8) uint8 { return a | b })
}

// state returns the state point p is reached with (0 for None).
func (f *flowPlan) state(p cfg.Point) uint8 {
	if p < 0 {
		return 0
	}
	return f.in[p]
}

// after returns the state after point p: what its transfer function makes of state(p).
func (f *flowPlan) after(p cfg.Point) uint8 {
	s := f.state(p)
	if p >= 0 && s != 0 && f.at[p] != nil {
		return f.at[p](s)
	}
	return s
}

// flowMap is a transfer function that moves each way of reaching a point on its own: the
// state bit 1<<i becomes m[i] (0: that way ends here).
type flowMap [8]uint8

// flowMapOf builds a flowMap from single state bits to what they become; a bit it does not
// name ends.
func flowMapOf(to map[uint8]uint8) flowMap {
	var m flowMap
	for from, v := range to {
		if from == 0 || from&(from-1) != 0 {
			panic("flowMapOf: not a single state bit")
		}
		for i := 0; i < 8; i++ {
			if from == 1<<i {
				m[i] = v
			}
		}
	}
	return m
}

// flowTabulate returns the flowMap of a transfer function that moves each way on its own,
// fixed now (what fn reads may change later).
func flowTabulate(fn func(uint8) uint8) flowMap {
	var m flowMap
	for i := range m {
		m[i] = fn(1 << i)
	}
	return m
}

func (m flowMap) apply(s uint8) uint8 {
	var out uint8
	for i := 0; s != 0; i, s = i+1, s>>1 {
		if s&1 != 0 {
			out |= m[i]
		}
	}
	return out
}

// flowExits calls leaf for each value a body can return: the tail leaves (see
// flowTailLeaves) of the body and of each `return`'s value. other, when not nil, is called
// for each other way out: a `return` without a value, a `?`.
func flowExits(t *parser.Tree, body parser.NodeID, leaf func(parser.NodeID), other func()) {
	flowTailLeaves(t, body, leaf)
	WalkBody(t, body, func(d parser.NodeID) bool {
		switch t.Kind(d) {
		case parser.KReturnExpression:
			if v := t.NamedChild(d, 0); v >= 0 {
				flowTailLeaves(t, v, leaf)
			} else if other != nil {
				other()
			}
		case parser.KTryExpression:
			if other != nil {
				other()
			}
		}
		return true
	})
}

// flowTailLeaves calls leaf for each expression that n in tail position can evaluate to:
// through blocks, if/else, match arms and `break value` out of a loop. Diverging macros,
// `return`, `break`, `continue` and `()` are no leaves.
func flowTailLeaves(t *parser.Tree, n parser.NodeID, leaf func(parser.NodeID)) {
	n = t.Unparen(n)
	switch t.Kind(n) {
	case parser.KBlock, parser.KUnsafeBlock:
		if tail := cfg.BlockTail(t, n); tail >= 0 {
			flowTailLeaves(t, tail, leaf)
		}
	case parser.KExpressionStatement:
		if t.FirstChildOfKind(n, parser.TSemicolon) < 0 {
			if c := t.NamedChild(n, 0); c >= 0 {
				flowTailLeaves(t, c, leaf)
			}
		}
	case parser.KIfExpression:
		flowTailLeaves(t, t.Field(n, parser.FConsequence), leaf)
		if alt := t.Field(n, parser.FAlternative); alt >= 0 {
			if c := t.NamedChild(alt, 0); c >= 0 {
				flowTailLeaves(t, c, leaf)
			}
		}
	case parser.KMatchExpression:
		if mb := t.Field(n, parser.FBody); mb >= 0 {
			for _, arm := range t.NamedChildren(mb) {
				if t.Is(arm, parser.KMatchArm) {
					if v := t.Field(arm, parser.FValue); v >= 0 {
						flowTailLeaves(t, v, leaf)
					}
				}
			}
		}
	case parser.KLoopExpression:
		body := t.Field(n, parser.FBody)
		WalkBody(t, body, func(d parser.NodeID) bool {
			if t.Is(d, parser.KBreakExpression) && flowBreakTarget(t, d) == n {
				if v := flowBreakValue(t, d); v >= 0 {
					flowTailLeaves(t, v, leaf)
				}
			}
			return true
		})
	case parser.KReturnExpression, parser.KBreakExpression, parser.KContinueExpression:
		// collected where they jump to
	case parser.KMacroInvocation:
		if !cfg.DivergingMacro(t.MacroName(n)) {
			leaf(n)
		}
	case parser.KUnitExpression:
	default:
		if n >= 0 {
			leaf(n)
		}
	}
}

// flowBlockTail returns a block's tail expression, or None when it ends with a statement.
func flowBlockTail(t *parser.Tree, b parser.NodeID) parser.NodeID {
	return cfg.BlockTail(t, b)
}

// flowBreakTarget returns the loop or labeled block a break or continue jumps to, within
// the same body, or None.
func flowBreakTarget(t *parser.Tree, br parser.NodeID) parser.NodeID {
	label := cfg.Label(t, br)
	return AncestorInBody(t, br, func(x, child parser.NodeID) bool {
		if IsLoop(t, x) && t.Field(x, parser.FBody) == child {
			return label == "" || cfg.Label(t, x) == label
		}
		return label != "" && t.Is(x, parser.KBlock) && cfg.Label(t, x) == label
	})
}

// flowBreakValue returns the value of `break 'label value`, or None.
func flowBreakValue(t *parser.Tree, br parser.NodeID) parser.NodeID {
	for _, c := range t.NamedChildren(br) {
		if !t.Is(c, parser.KLabel) {
			return c
		}
	}
	return parser.None
}

// flowMentions reports whether identifier name occurs in n.
func flowMentions(t *parser.Tree, n parser.NodeID, name string) bool {
	if n < 0 || name == "" {
		return false
	}
	return t.Find(n, func(d parser.NodeID) (bool, bool) {
		return t.Is(d, parser.KIdentifier) && t.TextIs(d, name), true
	}) >= 0
}
