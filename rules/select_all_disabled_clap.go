package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// Optional branches that a required clap argument group keeps from being all disabled.
//
// `Some(c) = OptionFuture::from(listener.as_ref().map(|l| l.accept()))` is disabled exactly
// when `listener` is `None`. When each such listener is made from one command-line option
// (`let listener = match &args.listen_addr { Some(a) => Some(bind(a)?), None => None };`) and
// the options form a clap argument group that is required (`#[clap(group(ArgGroup::new(..)
// .required(true).args(&["listen_addr", "listen_https_addr"])))]` on the `Parser` struct),
// at least one option is given, so at least one branch is enabled.

// sadOptionSource is the command-line option whose presence enables a branch.
type sadOptionSource struct {
	strct parser.NodeID // the struct item the options are fields of
	field string
}

// sadOptionFutureSource returns the option that enables branch b, when it has no
// precondition, its pattern is `Some(x)` with x irrefutable, and its future is `OptionFuture::from(v)` where v is a
// local made from one option field of a clap struct (see sadOptionOf).
func sadOptionFutureSource(t *parser.Tree, b parser.NodeID) (sadOptionSource, bool) {
	pat, fut := t.Field(b, parser.FPattern), t.Field(b, parser.FFuture)
	if t.Field(b, parser.FCondition) >= 0 || PatternHead(t, pat) != "Some" || !t.Is(pat, parser.KTupleStructPattern) {
		return sadOptionSource{}, false
	}
	inner := t.NamedChildren(pat)
	if len(inner) != 2 || PatternRefutability(t, inner[1]) == Refutable {
		return sadOptionSource{}, false
	}
	fut = t.Unparen(fut)
	if !PathIs(CalleePath(t, fut), "futures::future::OptionFuture::from") && !strings.HasSuffix(CalleePath(t, fut), "OptionFuture::from") {
		return sadOptionSource{}, false
	}
	args := Args(t, fut)
	if len(args) != 1 {
		return sadOptionSource{}, false
	}
	// `v.as_ref().map(|l| l.accept())`, `v.as_mut().map(..)`, `v.map(..)`: None exactly when v is.
	v := t.Unparen(args[0])
	for i := 0; i < 3 && t.Is(v, parser.KCallExpression); i++ {
		switch m := MethodName(t, v); {
		case m == "map" && len(Args(t, v)) == 1, (m == "as_ref" || m == "as_mut") && len(Args(t, v)) == 0:
			v = t.Unparen(Receiver(t, v))
		default:
			return sadOptionSource{}, false
		}
	}
	if !t.Is(v, parser.KIdentifier) {
		return sadOptionSource{}, false
	}
	return sadOptionOf(t, v)
}

// sadOptionOf resolves a local bound (without `mut`, so it stays what it was made) by
// `let v = match &args.f { Some(..) => Some(..), None => None };` (or one element of a
// tuple pattern, whose arms give tuples), where args is `let args = S::parse();` or a
// parameter of type S, a struct of this file with a field f.
func sadOptionOf(t *parser.Tree, v parser.NodeID) (sadOptionSource, bool) {
	decl, let := ResolveBinding(t, v)
	if let < 0 || t.Is(t.Parent(decl), parser.KMutPattern) || t.FirstChildOfKind(let, parser.KMutableSpecifier) >= 0 {
		return sadOptionSource{}, false
	}
	index := -1 // the element of a tuple pattern
	if pat := t.Field(let, parser.FPattern); t.Is(pat, parser.KTuplePattern) {
		for i, c := range t.NamedChildren(pat) {
			if c == decl {
				index = i
			}
		}
		if index < 0 {
			return sadOptionSource{}, false
		}
	} else if pat != decl {
		return sadOptionSource{}, false
	}
	m := t.Unparen(t.Field(let, parser.FValue))
	if !t.Is(m, parser.KMatchExpression) {
		return sadOptionSource{}, false
	}
	scrut := sadUnref(t, t.Field(m, parser.FValue))
	if !t.Is(scrut, parser.KFieldExpression) || !t.Is(t.Field(scrut, parser.FValue), parser.KIdentifier) {
		return sadOptionSource{}, false
	}
	arms := 0
	ok := true
	t.Walk(t.Field(m, parser.FBody), func(d parser.NodeID) bool {
		if !t.Is(d, parser.KMatchArm) {
			return d == t.Field(m, parser.FBody)
		}
		arms++
		head := PatternHead(t, sadArmPattern(t, d))
		val := sadArmValue(t, t.Field(d, parser.FValue), index)
		switch {
		case head == "Some" && t.Is(val, parser.KCallExpression) && t.TextIs(t.Field(val, parser.FFunction), "Some"):
		case head == "None" && t.Is(val, parser.KIdentifier) && t.TextIs(val, "None"):
		default:
			ok = false
		}
		return false
	})
	if !ok || arms != 2 {
		return sadOptionSource{}, false
	}
	strct := sadClapStructOf(t, t.Field(scrut, parser.FValue))
	field := t.Text(t.Field(scrut, parser.FField))
	if strct < 0 || !sadStructHasField(t, strct, field) {
		return sadOptionSource{}, false
	}
	return sadOptionSource{strct: strct, field: field}, true
}

// sadArmPattern is a match arm's pattern without its guard; an arm with a guard gives None.
func sadArmPattern(t *parser.Tree, arm parser.NodeID) parser.NodeID {
	pat := t.Field(arm, parser.FPattern)
	if t.Is(pat, parser.KMatchPattern) {
		if t.Field(pat, parser.FCondition) >= 0 {
			return parser.None
		}
		pat = t.NamedChild(pat, 0)
	}
	return pat
}

// sadArmValue is the value an arm gives (a block's tail), or its index-th element when
// index >= 0 and the value is a tuple.
func sadArmValue(t *parser.Tree, v parser.NodeID, index int) parser.NodeID {
	for i := 0; i < 4 && t.Is(t.Unparen(v), parser.KBlock); i++ {
		v = flowBlockTail(t, t.Unparen(v))
	}
	v = t.Unparen(v)
	if index < 0 {
		return v
	}
	if !t.Is(v, parser.KTupleExpression) {
		return parser.None
	}
	if els := t.NamedChildren(v); index < len(els) {
		return t.Unparen(els[index])
	}
	return parser.None
}

// sadClapStructOf returns the struct item of this file that local args is parsed into:
// `let args = S::parse();` (also `parse_from(..)`), or a parameter `args: S`.
func sadClapStructOf(t *parser.Tree, args parser.NodeID) parser.NodeID {
	decl, let := ResolveBinding(t, args)
	name := ""
	switch {
	case let >= 0:
		v := t.Unparen(t.Field(let, parser.FValue))
		if path := CalleePath(t, v); strings.HasSuffix(path, "::parse") || strings.HasSuffix(path, "::parse_from") {
			segs := strings.Split(path, "::")
			name = segs[len(segs)-2]
		}
	case decl >= 0 && t.Is(t.Parent(decl), parser.KParameter):
		name = LastSegment(compactText(t, t.Field(t.Parent(decl), parser.FType)))
	}
	if name == "" {
		return parser.None
	}
	found := parser.None
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if t.Is(d, parser.KStructItem) && t.TextIs(t.Field(d, parser.FName), name) {
			found = d
		}
		return found < 0
	})
	return found
}

// sadStructHasField reports whether struct item s declares a field named f.
func sadStructHasField(t *parser.Tree, s parser.NodeID, f string) bool {
	has := false
	t.Walk(s, func(d parser.NodeID) bool {
		if t.Is(d, parser.KFieldDeclaration) && t.TextIs(t.Field(d, parser.FName), f) {
			has = true
		}
		return !has
	})
	return has
}

// sadRequiredGroups returns the argument ids of each required clap argument group declared
// on struct item s: `group(ArgGroup::new(..).required(true).args(&["a", "b"]))` in a
// `#[clap(..)]` or `#[command(..)]` attribute.
func sadRequiredGroups(t *parser.Tree, s parser.NodeID) [][]string {
	var out [][]string
	for _, a := range attributesOf(t, s) {
		if name := t.NamedChild(a, 0); name < 0 || !t.TextIs(name, "clap") && !t.TextIs(name, "command") {
			continue
		}
		t.Walk(a, func(d parser.NodeID) bool {
			if !t.Is(d, parser.KIdentifier) || !t.TextIs(d, "group") || !t.Is(t.N(d).Next, parser.KTokenTree) {
				return true
			}
			if ids, ok := sadGroupArgs(t, t.N(d).Next); ok {
				out = append(out, ids)
			}
			return true
		})
	}
	return out
}

// sadGroupArgs reads a group's builder calls from its token tree: whether it has
// `.required(true)`, and the ids in `.args(&[..])`.
func sadGroupArgs(t *parser.Tree, tt parser.NodeID) ([]string, bool) {
	required := false
	var ids []string
	t.Walk(tt, func(d parser.NodeID) bool {
		next := t.N(d).Next
		if !t.Is(d, parser.KIdentifier) || !t.Is(next, parser.KTokenTree) {
			return true
		}
		switch t.Text(d) {
		case "required":
			required = compactText(t, next) == "(true)"
		case "args":
			t.Walk(next, func(s parser.NodeID) bool {
				if t.Is(s, parser.KStringLiteral) {
					ids = append(ids, strings.Trim(t.Text(s), `"`))
				}
				return true
			})
		case "group":
			return false // a nested group is another group
		}
		return true
	})
	return ids, required && len(ids) > 0
}

// sadGroupKeepsOne reports whether the branches' option sources cover every member of a
// required argument group: one of them is always given, so one branch is always enabled.
func sadGroupKeepsOne(t *parser.Tree, srcs []sadOptionSource) bool {
	if len(srcs) == 0 {
		return false
	}
	fields := map[string]bool{}
	for _, s := range srcs {
		if s.strct != srcs[0].strct {
			return false
		}
		fields[s.field] = true
	}
	for _, g := range sadRequiredGroups(t, srcs[0].strct) {
		all := true
		for _, id := range g {
			all = all && fields[id]
		}
		if all {
			return true
		}
	}
	return false
}
