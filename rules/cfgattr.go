package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// cfgLiteral is one configuration predicate a `#[cfg(..)]` requires: an option
// (`feature = "sync"`, `unix`, `target_os = "linux"`) that must be set, or must not be when
// neg is true.
type cfgLiteral struct {
	option string // the option with its value, spaces removed: `feature="sync"`
	neg    bool
}

// cfgRequires returns the literals that every `#[cfg(..)]` on n and on the statements,
// match arms and items around it, up to (not including) stop, requires: what must hold for
// n to be compiled at all. Only what a cfg certainly implies is kept: `all(..)` gives each
// of its parts, `not(any(..))` the negation of each, `any(..)` nothing.
func cfgRequires(t *parser.Tree, n, stop parser.NodeID) []cfgLiteral {
	var out []cfgLiteral
	for a := n; a >= 0 && a != stop; a = t.Parent(a) {
		attrs := Attributes(t, a)
		if t.Is(a, parser.KMatchArm) {
			t.Children(a, func(c parser.NodeID) bool {
				if t.Is(c, parser.KAttributeItem) {
					attrs = append(attrs, c)
				}
				return true
			})
		}
		for _, ai := range attrs {
			at := t.FirstChildOfKind(ai, kAttribute)
			if at < 0 || t.NamedChild(at, 0) < 0 || !t.TextIs(t.NamedChild(at, 0), "cfg") {
				continue
			}
			if args := t.Field(at, parser.FArguments); args >= 0 {
				out = cfgImplied(t, args, false, out)
			}
		}
	}
	return out
}

// cfgImplied appends the literals that the predicates in token tree tt (the parenthesised
// arguments of cfg, all or not) imply, negated when neg is true. Under neg, a list is an
// `any` (`not(any(a, b))` is `not a` and `not b`); otherwise an `all`.
func cfgImplied(t *parser.Tree, tt parser.NodeID, neg bool, out []cfgLiteral) []cfgLiteral {
	var parts [][]parser.NodeID // the predicates, split at top-level commas
	cur := []parser.NodeID{}
	t.Children(tt, func(c parser.NodeID) bool {
		if c == t.N(tt).FirstChild || t.N(c).Next < 0 {
			return true // the delimiters
		}
		if !t.IsNamed(c) && t.TextIs(c, ",") {
			parts, cur = append(parts, cur), []parser.NodeID{}
			return true
		}
		if !t.IsComment(c) {
			cur = append(cur, c)
		}
		return true
	})
	parts = append(parts, cur)
	for _, p := range parts {
		switch {
		case len(p) == 2 && t.Is(p[0], parser.KIdentifier) && t.Is(p[1], parser.KTokenTree):
			switch t.Text(p[0]) {
			case "not":
				out = cfgImplied(t, p[1], !neg, out)
			case "all":
				if !neg {
					out = cfgImplied(t, p[1], false, out)
				}
			case "any":
				if neg {
					out = cfgImplied(t, p[1], true, out)
				}
			}
		case len(p) == 1 && t.Is(p[0], parser.KIdentifier),
			len(p) == 3 && t.Is(p[0], parser.KIdentifier) && t.TextIs(p[1], "=") && t.Is(p[2], parser.KStringLiteral):
			var b strings.Builder
			for _, x := range p {
				b.WriteString(t.Text(x))
			}
			out = append(out, cfgLiteral{option: b.String(), neg: neg})
		}
	}
	return out
}

// cfgExclusive reports whether no configuration compiles both a and b: one requires an
// option that the other requires to be unset (`#[cfg(feature = "x")]` and
// `#[cfg(not(feature = "x"))]`).
func cfgExclusive(a, b []cfgLiteral) bool {
	for _, x := range a {
		for _, y := range b {
			if x.option == y.option && x.neg != y.neg {
				return true
			}
		}
	}
	return false
}
