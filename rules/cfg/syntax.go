package cfg

import "github.com/rustaudit/rustaudit/parser"

// Two syntax questions the graph answers the same way as the rules: which names a pattern
// binds, and what value a block produces. One copy each, here.

// PatternBinds reports whether pattern pat (or a parameter list) binds name: an identifier
// of the pattern (`x`, `mut x`, `ref x`, `x @ ..`, `(x, _)`, `Some(x)`) or a shorthand field
// (`Point { x, .. }`). Paths and types in it do not bind: `Some` in `Some(x)`, `A` in
// `E::A`, the type of a parameter, nor does a match arm's guard or anything inside a closure or a type.
func PatternBinds(t *parser.Tree, pat parser.NodeID, name string) bool {
	if pat < 0 {
		return false
	}
	found := false
	t.Walk(pat, func(d parser.NodeID) bool {
		if found || t.Nodes[d].Field == parser.FType || t.Nodes[d].Field == parser.FCondition {
			return false // `Some` in `Some(x)`, `T` in `x: T`, a match arm's guard
		}
		switch t.Kind(d) {
		case parser.KClosureExpression, parser.KScopedIdentifier, parser.KTypeArguments,
			parser.KReferenceType, parser.KGenericType:
			return false
		case parser.KIdentifier, parser.KShorthandFieldIdent:
			found = t.TextIs(d, name)
		}
		return !found
	})
	return found
}

// BlockTail returns the tail expression of a block (the value it produces), or None when the
// block ends with a statement: a `let`, an item, an expression with `;`. The tail may be an
// expression_statement without `;` (an `if`, `match` or block in tail position).
func BlockTail(t *parser.Tree, b parser.NodeID) parser.NodeID {
	last := parser.None
	for c := t.N(b).FirstChild; c >= 0; c = t.N(c).Next {
		if t.IsNamed(c) && !t.IsComment(c) && !t.Is(c, parser.KLabel) && !t.Is(c, kEmptyStatement) && !t.Is(c, parser.KAttributeItem) {
			last = c
		}
	}
	switch t.Kind(last) {
	case parser.KLetDeclaration, kEmptyStatement:
		return parser.None
	case parser.KExpressionStatement:
		if t.FirstChildOfKind(last, parser.TSemicolon) >= 0 {
			return parser.None
		}
	}
	if last < 0 || IsItem(t, last) {
		return parser.None
	}
	if nx := t.N(last).Next; nx >= 0 && t.Is(nx, parser.TSemicolon) {
		return parser.None // `m!(..);` in statement position
	}
	return last
}
