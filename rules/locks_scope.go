package rules

import (
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// How long a guard lives (see locks.go for rustc's rules): guardAnalyse follows a lock
// call to its binding or temporary and the scope that drops it.

// guardAnalyse decides where the guard produced by lk lives and reports it when it is alive
// at a suspension point of body.
func guardAnalyse(p *Pass, w *guardWatch, lk lockCall, ed2024 bool) {
	t := p.Tree
	top := lk.top
	parent := t.Parent(top)
	switch {
	case t.Is(parent, parser.KLetDeclaration) && t.Field(parent, parser.FValue) == top:
		pat := t.Field(parent, parser.FPattern)
		names := patternNames(t, pat)
		if len(names.ids) == 0 {
			return // `let _ = m.lock().unwrap();` drops the guard at once
		}
		container := t.Parent(parent)
		region := guardRegion{container: container, from: t.Nodes[parent].End}
		guardCheckBinding(p, w, lk, names, pat, region, "")
		return
	case t.Is(parent, parser.KLetCondition) && t.Field(parent, parser.FValue) == top:
		guardCheckScrutinee(p, w, lk, parent, ed2024)
		return
	case t.Is(parent, parser.KMatchExpression) && t.Field(parent, parser.FValue) == top:
		if let := t.Parent(parent); t.Is(let, parser.KLetDeclaration) && t.Field(let, parser.FValue) == parent &&
			guardPassesThrough(t, parent) {
			// `let g = match m.lock() { Ok(g) => g, Err(e) => e.into_inner() };`
			pat := t.Field(let, parser.FPattern)
			names := patternNames(t, pat)
			if len(names.ids) > 0 {
				guardCheckBinding(p, w, lk, names, pat, guardRegion{container: t.Parent(let), from: t.Nodes[let].End}, "")
			}
			return
		}
		guardCheckScrutinee(p, w, lk, parent, ed2024)
		return
	}
	if !guardTemporary(t, lk) {
		return
	}
	if let := guardExtendingLet(t, top); let >= 0 {
		region := guardRegion{container: t.Parent(let), from: t.Nodes[let].End}
		guardCheckBinding(p, w, lk, patBindings{}, t.Field(let, parser.FPattern), region, "a reference to it")
		return
	}
	scope, exclude, why := guardTempScope(t, top, ed2024)
	if scope < 0 {
		return
	}
	for _, ap := range w.points(t, scope, exclude) {
		if !w.before(t, lk.call, ap) {
			continue // the lock is taken after the suspension point
		}
		w.temp(p, lk, ap, why)
		return
	}
}

// guardEvaluatedBefore reports whether the lock call runs before the suspension point ap:
// inside the awaited expression, or earlier in evaluation order. Mostly that is source order,
// but an assignment evaluates its right side first (`*m.lock().unwrap() = f().await;` takes
// the lock after the await; checked with rustc for `=` and for `+=` on primitives). A
// suspension point inside the lock call itself (in its receiver:
// `self.jobs.lock().await.get(id)?.state.read()`) completes before the call returns its guard.
func guardEvaluatedBefore(t *parser.Tree, call parser.NodeID, ap lockPoint) bool {
	if t.Nodes[call].Start >= t.Nodes[ap.at].Start || t.IsAncestor(call, ap.node) {
		return false
	}
	child := call
	for a := t.Parent(call); a >= 0; child, a = a, t.Parent(a) {
		if t.IsAncestor(a, ap.node) {
			if (t.Is(a, parser.KAssignmentExpression) || t.Is(a, parser.KCompoundAssignment)) &&
				t.Field(a, parser.FLeft) == child {
				return false
			}
			return true
		}
	}
	return true
}

// guardPassesThrough reports whether every arm of match m yields the guard it bound
// (`Ok(g) => g`, `Err(e) => e.into_inner()`) or leaves (`Err(_) => return`).
func guardPassesThrough(t *parser.Tree, m parser.NodeID) bool {
	arms := 0
	ok := true
	t.Children(t.Field(m, parser.FBody), func(arm parser.NodeID) bool {
		if !t.Is(arm, parser.KMatchArm) {
			return true
		}
		arms++
		v := t.Unparen(t.Field(arm, parser.FValue))
		if t.Is(v, parser.KBlock) && len(t.NamedChildren(v)) == 1 {
			v = t.Unparen(t.NamedChild(v, 0))
		}
		if t.Is(v, parser.KCallExpression) && MethodName(t, v) == "into_inner" && len(Args(t, v)) == 0 {
			v = t.Unparen(Receiver(t, v))
		}
		names := patternNames(t, t.Field(arm, parser.FPattern))
		switch {
		case t.Is(v, parser.KIdentifier) && names.hasName(t.Text(v)):
		case guardDiverges(t, t.Field(arm, parser.FValue)) || guardDiverges(t, v):
		default:
			ok = false
		}
		return ok
	})
	return ok && arms > 0
}

// guardTemporary reports whether the guard-valued expression lk.top is used by reference, so
// that it lives on as a temporary (rather than being moved into a call or a binding).
func guardTemporary(t *parser.Tree, lk lockCall) bool {
	top := lk.top
	p := t.Parent(top)
	switch t.Kind(p) {
	case parser.KFieldExpression:
		if t.Field(p, parser.FValue) != top {
			return false
		}
		gp := t.Parent(p)
		if t.Is(gp, parser.KCallExpression) && t.Field(gp, parser.FFunction) == p {
			m := t.Text(t.Field(p, parser.FField))
			if lk.resultty {
				return lockResultBorrows[m]
			}
			return true
		}
		return !lk.resultty
	case parser.KUnaryExpression:
		return lockIsDeref(t, p)
	case parser.KIndexExpression:
		return t.NamedChild(p, 0) == top
	case parser.KReferenceExpression:
		return true
	case parser.KBinaryExpression:
		op := t.Field(p, parser.FOperator)
		return op >= 0 && !t.TextIs(op, "&&") && !t.TextIs(op, "||")
	case parser.KMacroBody:
		return !MacroIs(t, t.Parent(p), "select", "select_biased", "join", "try_join", "pin", "pin_mut")
	}
	return false
}

// guardExtendingLet returns the `let` whose initializer borrows the guard in a way that
// extends it to the end of the block (`let g = &m.lock().unwrap();`, `&*..`, `&..field`),
// or None.
func guardExtendingLet(t *parser.Tree, top parser.NodeID) parser.NodeID {
	cur := top
	for {
		p := t.Parent(cur)
		switch {
		case t.Is(p, parser.KParenthesizedExpression):
		case t.Is(p, parser.KFieldExpression) && t.Field(p, parser.FValue) == cur &&
			!(t.Is(t.Parent(p), parser.KCallExpression) && t.Field(t.Parent(p), parser.FFunction) == p):
		case t.Is(p, parser.KIndexExpression) && t.NamedChild(p, 0) == cur:
		case lockIsDeref(t, p):
		case t.Is(p, parser.KReferenceExpression):
			gp := t.Parent(p)
			if t.Is(gp, parser.KLetDeclaration) && t.Field(gp, parser.FValue) == p {
				return gp
			}
			return parser.None
		default:
			return parser.None
		}
		cur = p
	}
}

// guardRegion is where a binding lives: the rest of a block (container, from a byte offset),
// or a whole node (an arm, an `if let` body).
type guardRegion struct {
	container parser.NodeID
	from      uint32
}

// guardTempScope returns the terminating scope of the temporary at x: the node whose end drops
// it, a subtree of it that runs after the drop (the `else` of an `if let` in 2024, the `else`
// of a `let .. else`), and what kept it alive beyond its own statement, for the message.
func guardTempScope(t *parser.Tree, x parser.NodeID, ed2024 bool) (scope, exclude parser.NodeID, why string) {
	child := x
	for a := t.Parent(x); a >= 0; child, a = a, t.Parent(a) {
		if IsBodyBoundary(t, a) {
			return a, parser.None, why
		}
		switch t.Kind(a) {
		case parser.KExpressionStatement:
			return a, parser.None, why
		case parser.KLetDeclaration:
			if t.Field(a, parser.FAlternative) == child {
				return child, parser.None, why
			}
			return a, t.Field(a, parser.FAlternative), why
		case parser.KMacroBody:
			// an argument of an expression macro, or the tail of a statement macro's body
			if awaitingMacro(t, t.Parent(a)) {
				return child, parser.None, why
			}
		case parser.KBlock:
			if guardIsTail(t, a, child) {
				if guardTerminatingBlock(t, a) {
					return a, parser.None, why
				}
				if ed2024 {
					return child, parser.None, why
				}
				if why == "" {
					why = "tail"
				}
				continue
			}
			return child, parser.None, why // a statement macro or an item
		case parser.KIfExpression:
			if t.Field(a, parser.FCondition) == child {
				if t.Is(child, parser.KLetCondition) || t.Is(child, parser.KLetChain) {
					if why == "" {
						why = "if let"
					}
					if ed2024 {
						return a, t.Field(a, parser.FAlternative), why
					}
					continue
				}
				return child, parser.None, why
			}
			return child, parser.None, why
		case parser.KElseClause:
			return child, parser.None, why
		case parser.KWhileExpression:
			if t.Field(a, parser.FCondition) == child {
				if t.Is(child, parser.KLetCondition) || t.Is(child, parser.KLetChain) {
					if why == "" {
						why = "while let"
					}
					return a, parser.None, why
				}
				return child, parser.None, why
			}
			return child, parser.None, why
		case parser.KLoopExpression:
			return child, parser.None, why
		case parser.KForExpression:
			if t.Field(a, parser.FValue) == child {
				if why == "" {
					why = "for"
				}
				continue
			}
			return child, parser.None, why
		case parser.KMatchExpression:
			if t.Field(a, parser.FValue) == child && why == "" {
				why = "match"
			}
		case parser.KMatchArm:
			return child, parser.None, why
		case parser.KMatchPattern:
			if t.Field(a, parser.FCondition) == child {
				return child, parser.None, why
			}
		case parser.KBinaryExpression:
			op := t.Field(a, parser.FOperator)
			if t.TextIs(op, "&&") || t.TextIs(op, "||") {
				return child, parser.None, why
			}
		case parser.KLetChain:
			// each operand of `&&` in a let chain
			if !t.Is(child, parser.KLetCondition) {
				return child, parser.None, why
			}
		case parser.KSelectBranch, parser.KSelectElse:
			return child, parser.None, why
		case parser.KMacroInvocation:
			if guardBlockMacro(t, a) {
				return a, parser.None, why
			}
		}
	}
	return parser.None, parser.None, why
}

// guardIsTail reports whether child is the tail expression of block b.
func guardIsTail(t *parser.Tree, b, child parser.NodeID) bool {
	switch t.Kind(child) {
	case parser.KLetDeclaration, parser.KExpressionStatement, parser.KLabel:
		return false
	}
	return child >= 0 && cfg.BlockTail(t, b) == child && (!t.Is(child, parser.KMacroInvocation) || t.Is(b, parser.KBlock))
}

// guardTerminatingBlock reports whether block b is a terminating scope by its position: the
// body of a function, closure, async block, if/else, loop or match arm.
func guardTerminatingBlock(t *parser.Tree, b parser.NodeID) bool {
	p := t.Parent(b)
	switch t.Kind(p) {
	case parser.KFunctionItem, parser.KClosureExpression, parser.KAsyncBlock, parser.KIfExpression,
		parser.KElseClause, parser.KWhileExpression, parser.KLoopExpression, parser.KForExpression,
		parser.KMatchArm, parser.KSelectBranch, parser.KSelectElse:
		return true
	case parser.KLetDeclaration:
		return t.Field(p, parser.FAlternative) == b
	}
	return false
}

// guardBlockMacros expand to a block or an `if`, so temporaries in their arguments are
// dropped inside the macro.
var guardBlockMacros = map[string]bool{
	"format": true, "println": true, "print": true, "eprintln": true, "eprint": true,
	"assert": true, "debug_assert": true, "panic": true, "trace": true, "debug": true,
	"info": true, "warn": true, "error": true, "event": true, "log": true,
	"unreachable": true, "todo": true, "unimplemented": true, "trace_span": true,
	"debug_span": true, "info_span": true, "warn_span": true, "error_span": true, "span": true,
}

func guardBlockMacro(t *parser.Tree, m parser.NodeID) bool {
	return guardBlockMacros[t.MacroName(m)]
}
