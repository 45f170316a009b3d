package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// Helpers shared by the rules that look at select! inside loops (select_timer_in_loop,
// select_cancel_unsafe): which loop runs a select! again, which lets are made in each turn
// of it, and which handlers leave it.

// SelectLoop is EnclosingLoop that also counts a while loop's condition, which runs
// again on every iteration (`while let Some(x) = select! { .. }`).
func SelectLoop(t *parser.Tree, n parser.NodeID) parser.NodeID {
	return AncestorInBody(t, n, func(a, child parser.NodeID) bool {
		return IsLoop(t, a) && (t.Field(a, parser.FBody) == child ||
			(t.Is(a, parser.KWhileExpression) && t.Field(a, parser.FCondition) == child))
	})
}

// LoopedSelect returns the loop that runs the select!/select_biased! macro m again and again
// (None when m is no such macro or no loop runs it), its branches, and whether its value is
// tried (`select! { .. }?`: a branch whose value is `Err(..)` returns).
func LoopedSelect(t *parser.Tree, m parser.NodeID) (loop parser.NodeID, branches []parser.NodeID, tried bool) {
	if !MacroIs(t, m, "select", "select_biased") {
		return parser.None, nil, false
	}
	loop = SelectLoop(t, m)
	if loop < 0 {
		return parser.None, nil, false
	}
	return loop, SelectBranches(t, m), t.Is(t.Parent(m), parser.KTryExpression)
}

// SelectBranchFuture returns the future a select branch polls, or None for an `else =>` or
// `complete =>` arm.
func SelectBranchFuture(t *parser.Tree, b parser.NodeID) parser.NodeID {
	if !t.Is(b, parser.KSelectBranch) {
		return parser.None
	}
	return t.Field(b, parser.FFuture)
}

// SelectBranchPolling returns the select! branch whose future is e (through `&mut`,
// `.fuse()`, `Box::pin` .., StripFuture) and the select! macro it belongs to; None, None when
// e is no branch's future (or a body boundary comes first).
func SelectBranchPolling(t *parser.Tree, e parser.NodeID) (branch, macro parser.NodeID) {
	b := e
	for b >= 0 && !t.Is(b, parser.KSelectBranch) {
		if cfg.IsBody(t, b) && b != e {
			return parser.None, parser.None
		}
		b = t.Parent(b)
	}
	if b < 0 || StripFuture(t, false, SelectBranchFuture(t, b)) != e {
		return parser.None, parser.None
	}
	m := b
	for m >= 0 && !t.Is(m, parser.KMacroInvocation) {
		m = t.Parent(m)
	}
	return b, m
}

// LetScope returns the block a `let` is scoped to, or None when a body boundary comes first.
func LetScope(t *parser.Tree, let parser.NodeID) parser.NodeID {
	s := t.Parent(let)
	for s >= 0 && !t.Is(s, parser.KBlock) {
		if IsBodyBoundary(t, s) {
			return parser.None
		}
		s = t.Parent(s)
	}
	return s
}

// LoopHead returns the loop's keyword token, a small node to point at.
func LoopHead(t *parser.Tree, loop parser.NodeID) parser.NodeID {
	head := loop
	t.Children(loop, func(c parser.NodeID) bool {
		if !t.IsNamed(c) {
			head = c
			return false
		}
		return true
	})
	return head
}

// LoopWord names the kind of a loop for messages: "loop", "while loop" or "for loop".
func LoopWord(t *parser.Tree, loop parser.NodeID) string {
	switch t.Kind(loop) {
	case parser.KWhileExpression:
		return "while loop"
	case parser.KForExpression:
		return "for loop"
	}
	return "loop"
}

// LetInLoop returns the last `let name = ..` inside loop's body that comes before sel and
// whose scope encloses sel (a let inside `pin! { .. }` belongs to the block around it).
func LetInLoop(t *parser.Tree, name string, loop, sel parser.NodeID) parser.NodeID {
	return letInLoop(t, name, loop, sel, false)
}

// LetUnwrapInLoop is LetInLoop that also finds a name bound by `let Some(name) = v else {
// .. };` (or `Ok(name)`, also without `else` in an `if let`-free refutable let): the name is
// v's value unwrapped, made anew on every turn as a plain `let` is.
func LetUnwrapInLoop(t *parser.Tree, name string, loop, sel parser.NodeID) parser.NodeID {
	return letInLoop(t, name, loop, sel, true)
}

func letInLoop(t *parser.Tree, name string, loop, sel parser.NodeID, unwrap bool) parser.NodeID {
	body := t.Field(loop, parser.FBody)
	if !t.IsAncestor(body, sel) {
		return parser.None // in a while condition: a let in the body comes after it
	}
	selStart := t.Nodes[sel].Start
	found := parser.None
	WalkBody(t, body, func(d parser.NodeID) bool {
		if t.Nodes[d].Start >= selStart {
			return false
		}
		if t.Is(d, parser.KLetDeclaration) && t.Nodes[d].End <= selStart {
			pat := t.Field(d, parser.FPattern)
			if t.Is(pat, parser.KMutPattern) {
				pat = t.NamedChild(pat, 0)
			}
			if kids, ok := TupleVariant(t, pat, "Some"); unwrap && ok && len(kids) == 1 {
				pat = stripMutPattern(t, kids[0])
			} else if kids, ok := TupleVariant(t, pat, "Ok"); unwrap && ok && len(kids) == 1 {
				pat = stripMutPattern(t, kids[0])
			}
			if t.Is(pat, parser.KIdentifier) && t.TextIs(pat, name) && t.IsAncestor(LetScope(t, d), sel) {
				found = d
			}
		}
		return true
	})
	return found
}

// HandlerDiverges reports whether a select handler always leaves the loop (or the function):
// every path through it breaks, returns, continues an outer loop or panics (the
// control-flow core's LeavesLoop). tried says the select is followed by `?`, so that a handler whose value is
// `Err(..)` or `None` returns too.
func HandlerDiverges(t *parser.Tree, h, loop parser.NodeID, tried bool, depth int) bool {
	if h < 0 {
		return false
	}
	if cfg.LeavesLoop(t, h, loop) {
		return true
	}
	if !tried {
		return false
	}
	// `select! { .. }?`: a handler whose every value is `Err(..)` or `None` returns too
	leaves, failing := 0, 0
	flowTailLeaves(t, h, func(v parser.NodeID) {
		leaves++
		if cfg.Failing(t, v) {
			failing++
		}
	})
	return leaves > 0 && failing == leaves
}

// StripFuture removes what does not change which future a select! branch polls:
// parentheses, `&mut`, `.fuse()`, `.boxed()`, `.as_mut()`, `Box::pin(..)`, `Pin::new(..)`,
// `pin!(..)`. With combinators it also looks through `.map(..)`, `.then(..)`,
// `.instrument(..)`, `.timeout(d)` and similar, which keep the operation underneath.
func StripFuture(t *parser.Tree, combinators bool, n parser.NodeID) parser.NodeID {
	for i := 0; i < 16; i++ {
		n = t.Unparen(n)
		switch t.Kind(n) {
		case parser.KReferenceExpression:
			n = t.Field(n, parser.FValue)
			continue
		case parser.KMacroInvocation:
			if MacroIs(t, n, "pin") {
				if body := t.MacroBody(n); body >= 0 && len(t.NamedChildren(body)) == 1 {
					n = t.NamedChild(body, 0)
					continue
				}
			}
		case parser.KCallExpression:
			args := Args(t, n)
			switch MethodName(t, n) {
			case "fuse", "boxed", "boxed_local", "as_mut", "into_future":
				if len(args) == 0 {
					n = Receiver(t, n)
					continue
				}
			case "err_into", "ok_into", "in_current_span":
				if combinators && len(args) == 0 {
					n = Receiver(t, n)
					continue
				}
			case "map", "map_err", "map_ok", "inspect", "inspect_err", "inspect_ok", "then", "and_then",
				"or_else", "unwrap_or_else", "instrument", "with_current_subscriber", "timeout":
				if combinators && len(args) == 1 {
					n = Receiver(t, n)
					continue
				}
			}
			path := CalleePath(t, n)
			if len(args) == 1 && (path == "Box::pin" || strings.HasSuffix(path, "::Box::pin") ||
				path == "Pin::new" || strings.HasSuffix(path, "::Pin::new") || PathIs(path, "std::pin::pin") ||
				strings.HasSuffix(path, "Pin::new_unchecked") || strings.HasSuffix(path, "Fuse::new")) {
				n = args[0]
				continue
			}
		}
		return n
	}
	return n
}

// SelectFallback returns the branch a select! runs when it has nothing else to wait for:
// tokio's `else => ..` or futures' `complete => ..`, or None. (futures' `default => ..` runs
// when no future is ready, not when all have terminated, so it is not one.)
func SelectFallback(t *parser.Tree, m parser.NodeID) parser.NodeID {
	for _, b := range SelectBranches(t, m) {
		if kw := SelectElseKeyword(t, b); kw == "else" || kw == "complete" {
			return b
		}
	}
	return parser.None
}

// SelectElseKeyword returns the keyword a select_else branch starts with: "else",
// "complete" or "default" ("" for another node).
func SelectElseKeyword(t *parser.Tree, b parser.NodeID) string {
	if !t.Is(b, parser.KSelectElse) {
		return ""
	}
	src := t.Bytes(b)
	for _, kw := range []string{"else", "complete", "default"} {
		if len(src) >= len(kw) && string(src[:len(kw)]) == kw && (len(src) == len(kw) || !isIdentByte(src[len(kw)])) {
			return kw
		}
	}
	return ""
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// Refutability says whether a pattern can fail to match its value.
type Refutability int

const (
	RefutabilityUnknown Refutability = iota // cannot tell from syntax (`Foo(x)`: a tuple struct or an imported variant)
	Irrefutable                             // `_`, `x`, `(a, _)`, `&x`, `mut x`, `..`
	Refutable                               // `Some(x)`, `Ok(_)`, `None`, `Msg::Data(d)`, literals, ranges
)

// refutableNames are variants written without their enum's path that always fail for some
// value: Option's, Result's, Poll's, Either's and ControlFlow's.
var refutableNames = map[string]bool{
	"Some": true, "None": true, "Ok": true, "Err": true, "Ready": true, "Pending": true,
	"Left": true, "Right": true, "Continue": true, "Break": true,
}

// PatternRefutability tells from a pattern's syntax whether it can fail to match: the
// question a select! branch's pattern raises, since a branch whose pattern does not match is
// disabled. Enum variants are recognised by name (Option's, Result's ...) or by a path whose
// last-but-one segment is a type (`Message::Data(d)`, `Self::Stop`); a bare `Foo(x)` or
// `Foo { .. }` is taken for a struct's pattern unless a field's pattern is refutable.
func PatternRefutability(t *parser.Tree, p parser.NodeID) Refutability {
	return patternRefutability(t, p, 0)
}

func patternRefutability(t *parser.Tree, p parser.NodeID, depth int) Refutability {
	if p < 0 || depth > 32 {
		return RefutabilityUnknown
	}
	switch k := t.Kind(p); k {
	case parser.KIdentifier:
		name := t.Text(p)
		switch {
		case name == "None":
			return Refutable
		case name != "" && name[0] >= 'A' && name[0] <= 'Z':
			return RefutabilityUnknown // a unit struct, a constant or an imported variant
		}
		return Irrefutable
	case parser.KScopedIdentifier:
		// A path pattern is a unit variant, a constant or a unit struct.
		if variantPath(t, p) {
			return Refutable
		}
		return RefutabilityUnknown
	case parser.KTupleStructPattern:
		typ := t.Field(p, parser.FType)
		switch {
		case t.Is(typ, parser.KIdentifier) && refutableNames[t.Text(typ)],
			t.Is(typ, parser.KScopedIdentifier) && variantPath(t, typ):
			return Refutable
		}
		kids := t.NamedChildren(p)
		if len(kids) > 0 {
			kids = kids[1:] // the type
		}
		if allOf(t, kids, depth) == Refutable {
			return Refutable
		}
		return RefutabilityUnknown
	case parser.KStructPattern:
		typ := t.Field(p, parser.FType)
		if t.Is(typ, parser.KScopedTypeIdentifier) && variantPath(t, typ) {
			return Refutable
		}
		var subs []parser.NodeID
		for _, f := range t.NamedChildren(p) {
			if t.Is(f, kFieldPattern) {
				if sub := t.Field(f, parser.FPattern); sub >= 0 {
					subs = append(subs, sub)
				}
			}
		}
		return allOf(t, subs, depth)
	case parser.KTuplePattern:
		return allOf(t, t.NamedChildren(p), depth)
	case parser.KRefPattern, parser.KMutPattern, kReferencePattern, kCapturedPattern:
		// `ref x`, `mut x`, `&x`, `&mut x`, `name @ pat`: the last sub-pattern decides (`_`
		// is an anonymous token).
		last := parser.None
		t.Children(p, func(c parser.NodeID) bool {
			if t.IsNamed(c) && !t.Is(c, parser.KMutableSpecifier) && !t.IsComment(c) || t.TextIs(c, "_") {
				last = c
			}
			return true
		})
		return patternRefutability(t, last, depth+1)
	case kOrPattern:
		// Refutable only when every alternative is and they are not Option's or Result's
		// two variants together (`Ok(x) | Err(x)` always matches).
		alts := orAlternatives(t, p)
		seen := map[string]bool{}
		for _, a := range alts {
			r := patternRefutability(t, a, depth+1)
			if r == Irrefutable {
				return Irrefutable
			}
			if r != Refutable {
				return RefutabilityUnknown
			}
			seen[PatternHead(t, a)] = true
		}
		if seen["Ok"] && seen["Err"] || seen["Some"] && seen["None"] {
			return RefutabilityUnknown
		}
		return Refutable
	case kRemainingField:
		return Irrefutable
	case parser.KIntegerLiteral, parser.KStringLiteral, parser.KBooleanLiteral, kCharLiteral,
		kFloatLiteral, kRawStringLiteral, kNegativeLiteral, kRangePattern:
		return Refutable
	}
	if t.TextIs(p, "_") {
		return Irrefutable
	}
	return RefutabilityUnknown
}

// allOf combines sub-patterns that must all match: refutable when one is, irrefutable when
// all are.
func allOf(t *parser.Tree, subs []parser.NodeID, depth int) Refutability {
	res := Irrefutable
	for _, s := range subs {
		switch patternRefutability(t, s, depth+1) {
		case Refutable:
			return Refutable
		case RefutabilityUnknown:
			res = RefutabilityUnknown
		}
	}
	return res
}

// orAlternatives flattens `a | b | c`.
func orAlternatives(t *parser.Tree, p parser.NodeID) []parser.NodeID {
	var out []parser.NodeID
	for _, c := range t.NamedChildren(p) {
		if t.Is(c, kOrPattern) {
			out = append(out, orAlternatives(t, c)...)
		} else {
			out = append(out, c)
		}
	}
	return out
}

// variantPath reports whether a path names an enum variant or an associated constant: its
// last-but-one segment is a type (`Message::Data`, `Self::Stop`, `std::cmp::Ordering::Less`).
func variantPath(t *parser.Tree, path parser.NodeID) bool {
	segs := strings.Split(strings.Join(strings.Fields(t.Text(path)), ""), "::")
	if len(segs) < 2 {
		return false
	}
	prev := segs[len(segs)-2]
	if i := strings.IndexByte(prev, '<'); i >= 0 {
		prev = prev[:i]
	}
	return prev != "" && prev[0] >= 'A' && prev[0] <= 'Z'
}
