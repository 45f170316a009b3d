package rules

import (
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// biFilledBefore reports whether `rx.recv()` takes a message that is already in the channel:
// rx is half of a channel made in this body (`let (tx, rx) = crossbeam_channel::bounded(n)`),
// the body sent into it on every path to the call (a `tx.send(..)` that runs before it, or
// one on every pass of a `for` loop over a constant, non-empty range that does: a pool filled
// with buffers and one taken back), rx is not used between its `let` and the call (so no
// one else, no clone, took a message), and the call is in no loop that the send is not in
// (a second turn would wait). recv then returns at once: nothing blocks.
func biFilledBefore(t *parser.Tree, call, body parser.NodeID) bool {
	rx := t.Unparen(Receiver(t, call))
	if !t.Is(rx, parser.KIdentifier) || len(Args(t, call)) != 0 {
		return false
	}
	tx, let := ChannelPairSender(t, rx)
	if tx < 0 || !t.Contains(body, let) {
		return false
	}
	decl, _ := ResolveBinding(t, rx)
	from, to := t.Nodes[let].End, t.Nodes[call].Start
	used, sends := false, []parser.NodeID(nil)
	t.Walk(body, func(d parser.NodeID) bool {
		if t.Nodes[d].End <= from || t.Nodes[d].Start >= to {
			return t.Nodes[d].Start < to && t.Nodes[d].End > from
		}
		switch {
		case t.Is(d, parser.KIdentifier) && t.TextIs(d, t.Text(rx)) && d != rx:
			used = used || biSameBinding(t, d, decl)
		case t.Is(d, parser.KCallExpression) && MethodName(t, d) == "send":
			if r := t.Unparen(Receiver(t, d)); t.Is(r, parser.KIdentifier) && t.TextIs(r, t.Text(tx)) && biSameBinding(t, r, tx) {
				sends = append(sends, d)
			}
		}
		return true
	})
	if used || len(sends) == 0 {
		return false
	}
	g := cfg.Of(t, body)
	recvLoop := biLoopAround(t, call, body)
	for _, s := range sends {
		before := s // the send, or the `for` loop that sends on every pass
		if loop := biLoopAround(t, s, body); loop >= 0 {
			if !biSendsEveryPass(t, loop, s) {
				continue
			}
			before = loop
		}
		if recvLoop >= 0 && !t.Contains(recvLoop, before) {
			continue
		}
		if g.Dominates(g.Leave(before), g.Enter(call)) {
			return true
		}
	}
	return false
}

// biSameBinding reports whether identifier id refers to the binding decl.
func biSameBinding(t *parser.Tree, id, decl parser.NodeID) bool {
	d, _ := ResolveBinding(t, id)
	return d == decl
}

// biSendsEveryPass reports whether loop is `for _ in a..b` over integer literals or consts of
// the file with a < b, whose body holds send as one of its own statements (or a `let`'s
// value) and no `break` or `continue`: the body runs, and sends, at least once.
func biSendsEveryPass(t *parser.Tree, loop, send parser.NodeID) bool {
	if !t.Is(loop, parser.KForExpression) {
		return false
	}
	rng := t.Unparen(t.Field(loop, parser.FValue))
	if !t.Is(rng, parser.KRangeExpression) {
		return false
	}
	ends := t.NamedChildren(rng)
	if len(ends) != 2 {
		return false
	}
	lo, okLo := ParseIntLiteral(t.Text(biFileConstValue(t, ends[0])))
	hi, okHi := ParseIntLiteral(t.Text(biFileConstValue(t, ends[1])))
	if !okLo || !okHi || lo.Cmp(hi) >= 0 {
		return false
	}
	blk := t.Field(loop, parser.FBody)
	stmt := send
	for p := t.Parent(stmt); p >= 0 && p != blk; p = t.Parent(p) {
		if t.Is(p, parser.KExpressionStatement) || t.Is(p, parser.KLetDeclaration) || t.Is(p, parser.KTryExpression) ||
			t.Is(p, parser.KCallExpression) || t.Is(p, parser.KFieldExpression) || t.Is(p, parser.KArguments) {
			stmt = p
			continue
		}
		return false // under a condition or another block
	}
	if t.Parent(stmt) != blk {
		return false
	}
	jumps := false
	t.Walk(blk, func(d parser.NodeID) bool {
		if t.Is(d, parser.KBreakExpression) || t.Is(d, parser.KContinueExpression) {
			jumps = true
		}
		return !jumps && !cfg.IsBody(t, d)
	})
	return !jumps
}
