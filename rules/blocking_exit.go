package rules

import (
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// biBeforeExit returns the call that ends the process right after blocking call call: a
// later statement of the block that holds call's statement is `std::process::exit(..)` or
// `process::abort()`, and nothing between them can leave the block (`return`, `break`,
// `continue`, `?`). `thread::sleep(2s); process::exit(code)` lets logs flush before the
// process ends: no task is left to stall. None when there is no such call.
func biBeforeExit(t *parser.Tree, call parser.NodeID) parser.NodeID {
	st := call
	for p := t.Parent(st); p >= 0 && !t.Is(p, parser.KBlock); p = t.Parent(p) {
		if IsBodyBoundary(t, p) {
			return parser.None
		}
		st = p
	}
	block := t.Parent(st)
	if !t.Is(block, parser.KBlock) || !t.Is(st, parser.KExpressionStatement) {
		return parser.None
	}
	after := false
	for _, s := range t.NamedChildren(block) {
		if s == st {
			after = true
			continue
		}
		if !after || t.IsComment(s) {
			continue
		}
		e := s
		if t.Is(e, parser.KExpressionStatement) {
			e = t.NamedChild(e, 0)
		}
		if t.Is(e, parser.KCallExpression) && cfg.DivergingCall(CalleePath(t, e)) {
			return e
		}
		leaves := false
		WalkBody(t, s, func(d parser.NodeID) bool {
			switch t.Kind(d) {
			case parser.KReturnExpression, parser.KBreakExpression, parser.KContinueExpression, parser.KTryExpression:
				leaves = true
			}
			return !leaves
		})
		if leaves {
			return parser.None
		}
	}
	return parser.None
}
