package rules

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/rustaudit/rustaudit/parser"
)

// Shared syntax helpers. Rules ask these questions the same way, so they live in one place.

// Callee returns the expression a call_expression calls, without its generic arguments
// (`spawn` for `spawn::<F>(..)`, `x.get` for `x.get::<T>()`), or None.
func Callee(t *parser.Tree, call parser.NodeID) parser.NodeID {
	fn := t.Field(call, parser.FFunction)
	if t.Is(fn, parser.KGenericFunction) {
		fn = t.Field(fn, parser.FFunction)
	}
	return fn
}

// CalleePath returns the path a call_expression calls, resolved through the file's imports:
// `task::spawn(..)` after `use tokio::task;` gives "tokio::task::spawn". For a method call
// (`x.lock()`) it returns "" (see MethodName). Generic arguments are dropped.
func CalleePath(t *parser.Tree, call parser.NodeID) string {
	if !t.Is(call, parser.KCallExpression) {
		return ""
	}
	fn := Callee(t, call)
	switch t.Kind(fn) {
	case parser.KIdentifier, parser.KScopedIdentifier:
		return t.Imports.Resolve(t.Text(fn))
	}
	return ""
}

// MethodName returns the method of a method call (`rx.recv()` gives "recv"), or "".
func MethodName(t *parser.Tree, call parser.NodeID) string {
	if !t.Is(call, parser.KCallExpression) {
		return ""
	}
	fn := Callee(t, call)
	if t.Is(fn, parser.KFieldExpression) {
		return t.Text(t.Field(fn, parser.FField))
	}
	return ""
}

// methodNameIn returns whether the method of a method call is one of the keys of set; for
// a call that is no method call, whether "" is. Unlike MethodName it makes no string.
func methodNameIn[V any](t *parser.Tree, call parser.NodeID, set map[string]V) bool {
	var name []byte
	if t.Is(call, parser.KCallExpression) {
		if fn := Callee(t, call); t.Is(fn, parser.KFieldExpression) {
			if f := t.Field(fn, parser.FField); f >= 0 {
				name = t.Bytes(f)
			}
		}
	}
	_, ok := set[string(name)]
	return ok
}

// joinFields is strings.Join(strings.Fields(s), sep), without allocating for the many
// texts that hold no white space (then it is s).
func joinFields(s, sep string) string {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			return strings.Join(strings.Fields(s), sep)
		default:
			if c >= utf8.RuneSelf {
				return strings.Join(strings.Fields(s), sep)
			}
		}
	}
	return s
}

// Receiver returns the receiver of a method call (`rx` in `rx.recv()`), or None.
func Receiver(t *parser.Tree, call parser.NodeID) parser.NodeID {
	fn := Callee(t, call)
	if t.Is(fn, parser.KFieldExpression) {
		return t.Field(fn, parser.FValue)
	}
	return parser.None
}

// Args returns the argument expressions of a call.
func Args(t *parser.Tree, call parser.NodeID) []parser.NodeID {
	a := t.Field(call, parser.FArguments)
	if a < 0 {
		return nil
	}
	return t.NamedChildren(a)
}

// PathIs reports whether a resolved path names one of want. Each want is a full path
// ("tokio::time::sleep"); a path that is only a suffix of it counts when it has at least two
// segments ("time::sleep") — the crate prefix may have been imported in ways we cannot see.
func PathIs(path string, want ...string) bool {
	for _, w := range want {
		if path == w {
			return true
		}
		if strings.Contains(path, "::") && strings.HasSuffix(w, "::"+path) {
			return true
		}
	}
	return false
}

// LastSegment returns the last `::` segment of a path.
func LastSegment(path string) string {
	if i := strings.LastIndex(path, "::"); i >= 0 {
		return path[i+2:]
	}
	return path
}

// ParenParent returns the parent of n seen through parentheses, and the child of that parent
// that holds n: n itself, or the outermost `( .. )` around it.
func ParenParent(t *parser.Tree, n parser.NodeID) (child, par parser.NodeID) {
	child, par = n, t.Parent(n)
	for t.Is(par, parser.KParenthesizedExpression) {
		child, par = par, t.Parent(par)
	}
	return child, par
}

// IsAsyncFn reports whether n is an `async fn`.
func IsAsyncFn(t *parser.Tree, n parser.NodeID) bool {
	if !t.Is(n, parser.KFunctionItem) {
		return false
	}
	mods := t.FirstChildOfKind(n, parser.KFunctionModifiers)
	if mods < 0 {
		return false
	}
	return t.FirstChildOfKind(mods, parser.TAsync) >= 0
}

// IsAsyncClosure reports whether n is an `async |..| ..` closure.
func IsAsyncClosure(t *parser.Tree, n parser.NodeID) bool {
	return t.Is(n, parser.KClosureExpression) && t.FirstChildOfKind(n, parser.TAsync) >= 0
}

// IsBodyBoundary reports whether n starts a new body: a function, a closure or an async
// block. Code inside it does not run as part of the enclosing body.
func IsBodyBoundary(t *parser.Tree, n parser.NodeID) bool {
	switch t.Kind(n) {
	case parser.KFunctionItem, parser.KClosureExpression, parser.KAsyncBlock:
		return true
	}
	return false
}

// EnclosingBody returns the nearest function_item, closure_expression or async_block that
// contains n (not n itself), or None.
func EnclosingBody(t *parser.Tree, n parser.NodeID) parser.NodeID {
	found := parser.None
	t.Ancestors(n, func(a parser.NodeID) bool {
		if IsBodyBoundary(t, a) {
			found = a
			return false
		}
		return true
	})
	return found
}

// IsAsyncBody reports whether a body node (from EnclosingBody) runs as async code: an
// `async fn`, an async block or an async closure.
func IsAsyncBody(t *parser.Tree, b parser.NodeID) bool {
	return t.Is(b, parser.KAsyncBlock) || IsAsyncFn(t, b) || IsAsyncClosure(t, b)
}

// IsLoop reports whether n is a loop, while or for expression.
func IsLoop(t *parser.Tree, n parser.NodeID) bool {
	switch t.Kind(n) {
	case parser.KLoopExpression, parser.KWhileExpression, parser.KForExpression:
		return true
	}
	return false
}

// EnclosingLoop returns the nearest loop around n within the same body (it does not cross a
// function, closure or async block), or None. For a while or for loop, n must be in its
// body (not its condition or iterator) to count.
func EnclosingLoop(t *parser.Tree, n parser.NodeID) parser.NodeID {
	return AncestorInBody(t, n, func(a, child parser.NodeID) bool {
		return IsLoop(t, a) && t.Field(a, parser.FBody) == child
	})
}

// AncestorInBody returns the nearest ancestor a of n within the same body (it does not
// cross a function, closure or async block) for which is(a, child) holds, child being a's
// child on the way to n; None when there is none.
func AncestorInBody(t *parser.Tree, n parser.NodeID, is func(a, child parser.NodeID) bool) parser.NodeID {
	found := parser.None
	child := n
	t.Ancestors(n, func(a parser.NodeID) bool {
		if IsBodyBoundary(t, a) {
			return false
		}
		if is(a, child) {
			found = a
			return false
		}
		child = a
		return true
	})
	return found
}

// MacroIs reports whether macro invocation m is one of names (last path segment: "select"
// matches `tokio::select!` and `select!`).
func MacroIs(t *parser.Tree, m parser.NodeID, names ...string) bool {
	if !t.Is(m, parser.KMacroInvocation) {
		return false
	}
	for _, n := range names {
		if t.MacroNameIs(m, n) {
			return true
		}
	}
	return false
}

// SelectBranches returns the select_branch and select_else nodes of an expanded select!
// invocation (empty when the body could not be re-parsed).
func SelectBranches(t *parser.Tree, m parser.NodeID) []parser.NodeID {
	body := t.MacroBody(m)
	if body < 0 {
		return nil
	}
	var out []parser.NodeID
	t.Children(body, func(c parser.NodeID) bool {
		if t.Is(c, parser.KSelectBranch) || t.Is(c, parser.KSelectElse) {
			out = append(out, c)
		}
		return true
	})
	return out
}

// IsBiasedSelect reports whether an expanded select! starts with `biased;`.
func IsBiasedSelect(t *parser.Tree, m parser.NodeID) bool {
	body := t.MacroBody(m)
	return body >= 0 && t.FirstChildOfKind(body, parser.KBiased) >= 0
}

// TextMentions reports whether the source text of n contains one of words: a cheap test
// before a walk that looks for a keyword's syntax (`loop`, `.await`).
func TextMentions(t *parser.Tree, n parser.NodeID, words ...string) bool {
	src := t.Bytes(n)
	for _, w := range words {
		if bytes.Contains(src, []byte(w)) {
			return true
		}
	}
	return false
}

// WalkBody visits the descendants of n that run as part of the same body: it does not
// descend into nested functions, closures or async blocks (but visits those nodes
// themselves). fn returns false to skip a node's children.
func WalkBody(t *parser.Tree, n parser.NodeID, fn func(d parser.NodeID) bool) {
	t.Walk(n, func(d parser.NodeID) bool {
		if !fn(d) {
			return false
		}
		return d == n || !IsBodyBoundary(t, d)
	})
}

// FindInBody is parser.Tree.Find that, like WalkBody, does not go into the bodies nested in
// n (closures, async blocks, fn items): the first node of n's own code that hit says is
// one, or None.
func FindInBody(t *parser.Tree, n parser.NodeID, hit func(d parser.NodeID) bool) parser.NodeID {
	return t.Find(n, func(d parser.NodeID) (bool, bool) {
		return hit(d), d == n || !IsBodyBoundary(t, d)
	})
}

// Attributes returns the outer attributes written before item, in source order.
func Attributes(t *parser.Tree, item parser.NodeID) []parser.NodeID {
	if t.Parent(item) < 0 {
		return nil
	}
	var attrs []parser.NodeID
	for c := t.PrevSibling(item); c >= 0; c = t.PrevSibling(c) {
		if t.Is(c, parser.KAttributeItem) {
			attrs = append(attrs, c)
		} else if !t.IsComment(c) && t.IsNamed(c) {
			break
		}
	}
	slices.Reverse(attrs)
	return attrs
}

// InTestCode reports whether n is in test code: a file under the crate's tests/ or benches/
// (or named tests.rs, test.rs, *_test.rs, or in a test or mock crate), or an item under a
// `#[test]`-like attribute, `#[cfg(test)]` (also `cfg(all(test, ..))`, not `cfg(not(test))`
// or `cfg_attr(test, ..)`) or a `#![cfg(test)]` inner attribute. Rules use it to lower or
// drop findings in test doubles and in tests that detach tasks on purpose.
func InTestCode(t *parser.Tree, n parser.NodeID, info FileInfo) bool {
	return isTestFile(info) || testItemAround(t, n) != ""
}

// isTestFile reports whether a whole file is test code by where it sits.
func isTestFile(info FileInfo) bool {
	if isTestPath(info.Crate, info.Path) {
		return true
	}
	if rel, err := filepath.Rel(info.Crate, info.Path); err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false // a lone file is its own crate: its name says nothing
	}
	base := filepath.Base(info.Path)
	return base == "tests.rs" || base == "test.rs" || strings.HasSuffix(base, "_test.rs") || strings.HasSuffix(base, "_tests.rs")
}

// attributesOf returns the `attribute` nodes (inside `#[..]`) written right before item.
func attributesOf(t *parser.Tree, item parser.NodeID) []parser.NodeID {
	var out []parser.NodeID
	for _, a := range Attributes(t, item) {
		if at := t.FirstChildOfKind(a, kAttribute); at >= 0 {
			out = append(out, at)
		}
	}
	return out
}

// isTestAttribute reports whether attribute a (the `attribute` node inside `#[..]`) marks
// test code: `cfg(test)` (also inside all/any, not under not), and on a function the test
// harness attributes `#[test]`, `#[tokio::test(..)]`, `#[rstest]`, `#[bench]` ...
func isTestAttribute(t *parser.Tree, a parser.NodeID, onFn bool) bool {
	if a < 0 {
		return false
	}
	name := t.NamedChild(a, 0)
	if name < 0 {
		return false
	}
	path := joinFields(t.Text(name), "")
	if path == "cfg" {
		// (`cfg_attr(test, ..)` only adds attributes in tests: the item is built anyway.)
		args := t.Field(a, parser.FArguments)
		return args >= 0 && cfgMentionsTest(t, args, false)
	}
	if !onFn {
		return false
	}
	switch LastSegment(path) {
	case "test", "bench", "rstest", "test_case", "quickcheck", "proptest":
		return true
	}
	return false
}

// cfgMentionsTest looks for the `test` predicate in a cfg token tree, outside `not(..)`.
func cfgMentionsTest(t *parser.Tree, tt parser.NodeID, negated bool) bool {
	found := false
	prevNot := false
	t.Children(tt, func(c parser.NodeID) bool {
		switch {
		case t.Is(c, parser.KIdentifier):
			if t.TextIs(c, "test") && !negated {
				found = true
				return false
			}
			prevNot = t.TextIs(c, "not")
			return true
		case t.Is(c, parser.KTokenTree):
			if cfgMentionsTest(t, c, negated || prevNot) {
				found = true
				return false
			}
		}
		prevNot = false
		return true
	})
	return found
}

// isTestPath reports whether a file only builds for tests or benchmarks, judging by where it
// sits: integration tests and benches (`tests/`, `benches/` below the crate root), a crate
// whose directory names it a test or mock crate (`tokio-test`, `test-util`, `mock`), or a
// crate that lives in a `tests/` folder of its workspace.
func isTestPath(crate, path string) bool {
	if crate == "" || path == "" {
		return false
	}
	crate = strings.TrimRight(strings.ReplaceAll(crate, "\\", "/"), "/")
	path = strings.ReplaceAll(path, "\\", "/")
	if !strings.HasPrefix(path, crate+"/") {
		return false // not below its crate root (a lone file is its own "crate")
	}
	rel := path[len(crate)+1:]
	parts := strings.Split(rel, "/")
	dirs := parts[:len(parts)-1]
	for _, d := range dirs {
		if d == "tests" || d == "benches" {
			return true
		}
	}
	base := crate[strings.LastIndex(crate, "/")+1:]
	parent := ""
	if i := strings.LastIndex(crate, "/"); i > 0 {
		up := crate[:i]
		parent = up[strings.LastIndex(up, "/")+1:]
	}
	if parent == "tests" {
		return true
	}
	return isTestDirName(base)
}

func isTestDirName(s string) bool {
	s = strings.ToLower(strings.ReplaceAll(s, "_", "-"))
	switch s {
	case "test", "tests", "testing", "mock", "mocks", "test-util", "test-utils", "test-support", "integration", "benches":
		return true
	}
	for _, suf := range []string{"-test", "-tests", "-testing", "-mock", "-mocks", "-test-util", "-test-utils", "-test-support", "-integration"} {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return strings.HasPrefix(s, "test-") || strings.HasPrefix(s, "tests-")
}

// OwnedLetBefore reports whether recv (a variable, or a field path from one) is bound by the
// last `let` in body that ends before at (whose scope reaches at, when scoped), from a value
// it owns: no borrow (`&x`, `Wrapper::new(&mut x)`, or a method in borrows such as
// `x.as_mut()`; a shared borrow lent to a call, `File::open(&path)`, is none), and not another
// variable moved in (`let s = stream;` is the same stream each time).
func OwnedLetBefore(t *parser.Tree, recv, body, at parser.NodeID, scoped bool, borrows map[string]bool) bool {
	for i := 0; i < 8 && t.Is(recv, parser.KFieldExpression); i++ {
		recv = t.Field(recv, parser.FValue)
	}
	recv = t.Unparen(recv)
	if !t.Is(recv, parser.KIdentifier) {
		return false
	}
	name := t.Text(recv)
	atStart := t.Nodes[at].Start
	found := parser.None
	WalkBody(t, body, func(d parser.NodeID) bool {
		if t.Nodes[d].Start >= atStart {
			return false
		}
		if t.Is(d, parser.KLetDeclaration) && t.Nodes[d].End <= atStart && (!scoped || t.IsAncestor(LetScope(t, d), at)) {
			binds := false
			t.Walk(t.Field(d, parser.FPattern), func(q parser.NodeID) bool {
				binds = binds || t.Is(q, parser.KIdentifier) && t.TextIs(q, name)
				return !binds
			})
			if binds {
				found = d
			}
		}
		return true
	})
	if found < 0 {
		return false
	}
	v := t.Field(found, parser.FValue)
	if v < 0 || t.Is(t.Unparen(v), parser.KIdentifier) {
		return false // `let s;` assigned later, or `let s = stream;`
	}
	owned := true
	top := t.Unparen(v)
	t.Walk(v, func(d parser.NodeID) bool {
		switch t.Kind(d) {
		case parser.KReferenceExpression:
			// The value itself a borrow, or made from a `&mut` one; a shared borrow handed
			// to a constructor (`File::open(&path)`) lends it only for the call.
			owned = d != top && t.FirstChildOfKind(d, parser.KMutableSpecifier) < 0
		case parser.KCallExpression:
			owned = !borrows[MethodName(t, d)]
		}
		return owned
	})
	return owned
}

// StripOne takes one wrapper off a value: `x?` gives x, and so does `x.m(..)` for a method m
// of methods (`unwrap`, `expect`, `fuse` ...). It reports false when e is neither.
func StripOne(t *parser.Tree, e parser.NodeID, methods ...string) (parser.NodeID, bool) {
	switch {
	case t.Is(e, parser.KTryExpression):
		return t.Unparen(t.NamedChild(e, 0)), true
	case t.Is(e, parser.KCallExpression):
		if m := MethodName(t, e); m != "" && slices.Contains(methods, m) {
			return t.Unparen(Receiver(t, e)), true
		}
	}
	return e, false
}

// TypePath resolves a named type through the file's imports, without its generic arguments:
// `Poll<T>` gives "std::task::Poll" when imported so, "" for a type that is not a name
// (a reference, a tuple).
func TypePath(t *parser.Tree, ty parser.NodeID) string {
	if t.Is(ty, parser.KGenericType) {
		ty = t.Field(ty, parser.FType)
	}
	if !t.Is(ty, parser.KTypeIdentifier) && !t.Is(ty, parser.KScopedTypeIdentifier) {
		return ""
	}
	return t.Imports.Resolve(t.Text(ty))
}

// FileFnBody is the body of the one fn item of the file named name (with selfParam, the one
// such fn that takes self), or None when there is none or several: a call by that name
// (`helper(..)`, `Self::helper(..)`, `self.helper()`) runs it unless another file defines
// it too, which a caller must accept.
func FileFnBody(t *parser.Tree, name string, selfParam bool) parser.NodeID {
	body, n := parser.None, 0
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if t.Is(d, parser.KFunctionItem) && t.TextIs(t.Field(d, parser.FName), name) {
			n++
			if ps := t.Field(d, parser.FParameters); !selfParam || ps >= 0 && t.FirstChildOfKind(ps, parser.KSelfParameter) >= 0 {
				body = t.Field(d, parser.FBody)
			}
		}
		return n < 2
	})
	if n != 1 {
		return parser.None
	}
	return body
}

// ChannelPairSender returns, for rx a name bound as the second half of a `let (tx, rx) = ..;`
// (either half may be `mut`), the declaration of tx and that `let`; None when rx is bound
// otherwise or tx is not a plain name.
func ChannelPairSender(t *parser.Tree, rx parser.NodeID) (tx, let parser.NodeID) {
	decl, let := ResolveBinding(t, rx)
	if let < 0 || !t.Is(let, parser.KLetDeclaration) {
		return parser.None, parser.None
	}
	pat := t.Field(let, parser.FPattern)
	if !t.Is(pat, parser.KTuplePattern) {
		return parser.None, parser.None
	}
	halves := t.NamedChildren(pat)
	if len(halves) != 2 || stripMutPattern(t, halves[1]) != decl {
		return parser.None, parser.None
	}
	tx = stripMutPattern(t, halves[0])
	if !t.Is(tx, parser.KIdentifier) {
		return parser.None, parser.None
	}
	return tx, let
}

// BindingSource returns the value a pattern binding destructures, and the node that binds
// it: for decl (a name in a pattern, as ResolveBinding gives it) under a `let`, an `if let` /
// `while let` condition or a `match` arm, the `let`'s value or the scrutinee. It returns
// None for a parameter's or a `for` loop's pattern.
func BindingSource(t *parser.Tree, decl parser.NodeID) (value, at parser.NodeID) {
	for a := t.Parent(decl); a >= 0; a = t.Parent(a) {
		switch t.Kind(a) {
		case parser.KLetDeclaration, parser.KLetCondition:
			return t.Field(a, parser.FValue), a
		case parser.KMatchArm:
			if m := t.AncestorOfKind(a, parser.KMatchExpression); m >= 0 {
				return t.Field(m, parser.FValue), a
			}
			return parser.None, parser.None
		case parser.KParameter, parser.KParameters, parser.KClosureParameters, parser.KForExpression,
			parser.KFunctionItem, parser.KClosureExpression, parser.KBlock:
			return parser.None, parser.None
		}
	}
	return parser.None, parser.None
}

// Negated returns x for a condition written `!x` (parentheses removed), and ok false for any
// other condition.
func Negated(t *parser.Tree, cond parser.NodeID) (x parser.NodeID, ok bool) {
	cond = t.Unparen(cond)
	if t.Is(cond, parser.KUnaryExpression) && strings.HasPrefix(t.Text(cond), "!") {
		return t.Unparen(t.NamedChild(cond, 0)), true
	}
	return parser.None, false
}

// Complementary reports whether conditions a and b are written as each other's negation, so
// that one of them holds whenever the other does not: `x` and `!x`, `a == b` and `a != b`,
// `o.is_some()` and `o.is_none()` (compared as text without spaces, so both must read the
// same places).
func Complementary(t *parser.Tree, a, b parser.NodeID) bool {
	a, b = t.Unparen(a), t.Unparen(b)
	if x, ok := Negated(t, a); ok && compactText(t, x) == compactText(t, b) {
		return true
	}
	if x, ok := Negated(t, b); ok && compactText(t, x) == compactText(t, a) {
		return true
	}
	if t.Is(a, parser.KBinaryExpression) && t.Is(b, parser.KBinaryExpression) {
		oa, ob := t.Text(t.Field(a, parser.FOperator)), t.Text(t.Field(b, parser.FOperator))
		same := compactText(t, t.Field(a, parser.FLeft)) == compactText(t, t.Field(b, parser.FLeft)) &&
			compactText(t, t.Field(a, parser.FRight)) == compactText(t, t.Field(b, parser.FRight))
		return same && (oa == "==" && ob == "!=" || oa == "!=" && ob == "==")
	}
	if t.Is(a, parser.KCallExpression) && t.Is(b, parser.KCallExpression) &&
		len(Args(t, a)) == 0 && len(Args(t, b)) == 0 &&
		compactText(t, Receiver(t, a)) == compactText(t, Receiver(t, b)) {
		ma, mb := MethodName(t, a), MethodName(t, b)
		return ma == "is_some" && mb == "is_none" || ma == "is_none" && mb == "is_some" ||
			ma == "is_ok" && mb == "is_err" || ma == "is_err" && mb == "is_ok"
	}
	return false
}

// PatternHead returns the last path segment a pattern starts with: "Ok" for `Ok(x)`, "Ready"
// for `Poll::Ready(..)`, "Stop" for `Msg::Stop { .. }` and `Msg::Stop`, "None" for `None` (and
// a binding's name for a bare identifier); "" for other patterns (`_`, tuples, or-patterns).
func PatternHead(t *parser.Tree, p parser.NodeID) string {
	switch t.Kind(p) {
	case parser.KTupleStructPattern, parser.KStructPattern:
		ty := t.Field(p, parser.FType)
		if ty < 0 {
			ty = t.NamedChild(p, 0)
		}
		return LastSegment(compactText(t, ty))
	case parser.KIdentifier, parser.KScopedIdentifier:
		return LastSegment(t.Text(p))
	}
	return ""
}

// TupleVariant returns the sub-patterns of p when p is the tuple variant named name, by its
// last path segment (`Some(x)`, `Option::Some(x)`, `Poll::Ready(Some(..))` for "Ready"), and
// whether it is.
func TupleVariant(t *parser.Tree, p parser.NodeID, name string) ([]parser.NodeID, bool) {
	if !t.Is(p, parser.KTupleStructPattern) || PatternHead(t, p) != name {
		return nil, false
	}
	kids := t.NamedChildren(p)
	if len(kids) > 0 && kids[0] == t.Field(p, parser.FType) {
		kids = kids[1:]
	}
	return kids, true
}

// FirstTypeArg returns the first type argument of a generic type, or None.
func FirstTypeArg(t *parser.Tree, ty parser.NodeID) parser.NodeID {
	args := t.FirstChildOfKind(ty, parser.KTypeArguments)
	if args < 0 {
		return parser.None
	}
	return t.NamedChild(args, 0)
}

// PlainPlace reports whether an expression is a variable, `self` or a field chain on one, at
// most four deep (`s`, `self.state`, `reg.peers`): the receivers accessors are called on
// and streams are polled through, cheap to type and to compare by text. Calls
// (`it.iter().map(..)`) are left out.
func PlainPlace(t *parser.Tree, recv parser.NodeID) bool {
	for i := 0; i < 4; i++ {
		recv = t.Unparen(recv)
		switch t.Kind(recv) {
		case parser.KIdentifier, parser.KSelf:
			return true
		case parser.KFieldExpression:
			recv = t.Field(recv, parser.FValue)
		default:
			return false
		}
	}
	return false
}
