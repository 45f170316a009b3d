package rules

import (
	"github.com/rustaudit/rustaudit/parser"
)

// Names and the patterns that bind them, for every rule: which identifiers a pattern binds,
// which patterns are in scope at a point, and the binding a use of a name refers to.

// patBindings are the names a pattern binds.
type patBindings struct {
	ids    []parser.NodeID
	names  []string
	hasRef bool
}

func (b patBindings) hasName(name string) bool {
	for _, n := range b.names {
		if n == name {
			return true
		}
	}
	return false
}

// has reports whether identifier d has one of the bound names (it does not check scoping).
func (b patBindings) has(t *parser.Tree, d parser.NodeID) bool {
	for _, n := range b.names {
		if t.TextIs(d, n) {
			return true
		}
	}
	return false
}

// patternsInScope calls visit with each pattern that the ancestor a brings into scope for
// code at offset at inside its child `child`, in source order, until visit returns false:
// the `let`s of a block or macro body that end before at (let is that `let`, else None), a
// match arm's pattern (for its guard and its body alike), the `let` conditions of an `if` or
// `while` whose body child is, a `for` pattern for its body and a select branch's pattern for
// its handler. It knows nothing of parameters.
func patternsInScope(t *parser.Tree, a, child parser.NodeID, at uint32, visit func(pat, let parser.NodeID) bool) {
	switch t.Kind(a) {
	case parser.KBlock, parser.KMacroBody:
		t.Children(a, func(c parser.NodeID) bool {
			if t.Nodes[c].Start >= at {
				return false
			}
			if t.Is(c, parser.KLetDeclaration) && t.Nodes[c].End <= at {
				return visit(t.Field(c, parser.FPattern), c)
			}
			return true
		})
	case parser.KMatchArm:
		visit(t.Field(a, parser.FPattern), parser.None)
	case parser.KIfExpression, parser.KWhileExpression:
		body := t.Field(a, parser.FConsequence)
		if t.Is(a, parser.KWhileExpression) {
			body = t.Field(a, parser.FBody)
		}
		if body == child {
			more := true
			t.Walk(t.Field(a, parser.FCondition), func(d parser.NodeID) bool {
				if more && t.Is(d, parser.KLetCondition) {
					more = visit(t.Field(d, parser.FPattern), parser.None)
				}
				return more
			})
		}
	case parser.KForExpression:
		if t.Field(a, parser.FBody) == child {
			visit(t.Field(a, parser.FPattern), parser.None)
		}
	case parser.KSelectBranch:
		if t.Field(a, parser.FHandler) == child {
			visit(t.Field(a, parser.FPattern), parser.None)
		}
	}
}

// patternNames collects the variables a pattern binds.
func patternNames(t *parser.Tree, pat parser.NodeID) patBindings {
	var b patBindings
	b.ids, b.hasRef = appendPatternBindings(nil, t, pat)
	for _, id := range b.ids {
		b.names = append(b.names, t.Text(id))
	}
	return b
}

// patternBinding returns the first of patternNames(t, pat).ids named name, or None,
// without collecting the names.
func patternBinding(t *parser.Tree, pat parser.NodeID, name string) parser.NodeID {
	var buf [8]parser.NodeID
	ids, _ := appendPatternBindings(buf[:0], t, pat)
	for _, id := range ids {
		if t.TextIs(id, name) {
			return id
		}
	}
	return parser.None
}

// appendPatternBindings appends to dst the names a pattern binds, in order: identifiers
// that are not types, constants or unit variants, shorthand fields, the pattern of `field:
// pat`; not a match arm's guard. It reports whether a `ref` pattern was seen on the way.
func appendPatternBindings(dst []parser.NodeID, t *parser.Tree, pat parser.NodeID) ([]parser.NodeID, bool) {
	hasRef := false
	if pat < 0 {
		return dst, false
	}
	t.Walk(pat, func(d parser.NodeID) bool {
		sub := parser.None
		switch t.Kind(d) {
		case parser.KRefPattern:
			hasRef = true
		case parser.KScopedIdentifier, parser.KTypeIdentifier, parser.KScopedTypeIdentifier:
			return false
		case parser.KMatchPattern:
			// skip the arm's guard condition
			if c := t.Field(d, parser.FCondition); c >= 0 {
				for ch := t.Nodes[d].FirstChild; ch >= 0 && ch != c; ch = t.Nodes[ch].Next {
					if t.IsNamed(ch) {
						var r bool
						dst, r = appendPatternBindings(dst, t, ch)
						hasRef = hasRef || r
					}
				}
				return false
			}
		case parser.KIdentifier:
			if t.Nodes[d].Field == parser.FType {
				return false
			}
			nd := &t.Nodes[d]
			if nd.End == nd.Start || (t.Src[nd.Start] >= 'A' && t.Src[nd.Start] <= 'Z') {
				return false // a constant or a unit variant
			}
			dst = append(dst, d)
		case parser.KShorthandFieldIdent:
			dst = append(dst, d)
		case kFieldPattern:
			// `b: c` binds c; `a` (shorthand) binds a
			sub = t.Field(d, parser.FPattern)
		}
		if sub >= 0 {
			var r bool
			dst, r = appendPatternBindings(dst, t, sub)
			hasRef = hasRef || r
			return false
		}
		return true
	})
	return dst, hasRef
}

// stripMutPattern strips `mut` from a let pattern.
func stripMutPattern(t *parser.Tree, pat parser.NodeID) parser.NodeID {
	if t.Is(pat, parser.KMutPattern) {
		if kids := t.NamedChildren(pat); len(kids) > 0 {
			return kids[len(kids)-1]
		}
	}
	return pat
}

// PlainLet returns the `let` that binds id by its plain name (`let x = v;`, `let mut x: T =
// v;`, not a destructuring pattern) and that let's value, or None for both: a parameter, a
// pattern's binding, `let x;`.
func PlainLet(t *parser.Tree, id parser.NodeID) (let, value parser.NodeID) {
	decl, let := ResolveBinding(t, id)
	if let < 0 || stripMutPattern(t, t.Field(let, parser.FPattern)) != decl || t.Field(let, parser.FValue) < 0 {
		return parser.None, parser.None
	}
	return let, t.Field(let, parser.FValue)
}

// ResolveBinding finds the binding identifier id refers to, and the `let` that declares it (None
// for a parameter or a pattern of a match arm, `if let`, `for` ...). It returns None when
// the name is not bound in the enclosing function.
func ResolveBinding(t *parser.Tree, id parser.NodeID) (decl, let parser.NodeID) {
	name := t.Text(id)
	start := t.Nodes[id].Start
	decl, let = parser.None, parser.None
	bound := func(pat parser.NodeID) parser.NodeID { return patternBinding(t, pat, name) }
	child := id
	for a := t.Parent(id); a >= 0 && decl < 0; child, a = a, t.Parent(a) {
		patternsInScope(t, a, child, start, func(pat, l parser.NodeID) bool {
			if b := bound(pat); b >= 0 {
				decl, let = b, l
			}
			// the last `let` of a block that binds name is the one in scope
			return l >= 0 || decl < 0
		})
		switch t.Kind(a) {
		case parser.KClosureExpression, parser.KFunctionItem:
			if params := t.Field(a, parser.FParameters); params >= 0 {
				t.Children(params, func(c parser.NodeID) bool {
					switch {
					case t.Is(c, parser.KParameter):
						decl = bound(t.Field(c, parser.FPattern))
					case t.Is(c, parser.KIdentifier) && t.TextIs(c, name):
						decl = c
					}
					return decl < 0
				})
			}
			if t.Is(a, parser.KFunctionItem) {
				return decl, let
			}
		}
	}
	return decl, let
}

// UsesAfterLet calls use for each use of name after let in let's block, in order, until
// it returns false.
func UsesAfterLet(t *parser.Tree, let parser.NodeID, name string, use func(d parser.NodeID) bool) {
	more := true
	t.Walk(t.Parent(let), func(d parser.NodeID) bool {
		if !more || t.Nodes[d].End <= t.Nodes[let].End && !t.IsAncestor(d, let) {
			return false
		}
		if !t.Is(d, parser.KIdentifier) || !t.TextIs(d, name) || t.IsAncestor(let, d) {
			return true
		}
		more = use(d)
		return more
	})
}
