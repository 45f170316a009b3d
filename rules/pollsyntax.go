package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// The syntax of std's task::Poll and task::Context that both poll rules (pending_without_waker
// and poll_after_ready) read: `Poll::Pending`, a fn returning `Poll<..>`, which arm of a match
// on a poll result a pattern takes, and a fn's or closure's Context parameter.

// IsPollPending reports whether x is `Poll::Pending` (any path to it, or `Pending` imported
// from Poll).
func IsPollPending(t *parser.Tree, x parser.NodeID) bool {
	x = t.Unparen(x)
	switch t.Kind(x) {
	case parser.KScopedIdentifier:
		if !t.TextIs(t.Field(x, parser.FName), "Pending") {
			return false
		}
		path := t.Imports.Resolve(t.Text(x))
		return path == "Poll::Pending" || strings.HasSuffix(path, "::Poll::Pending")
	case parser.KIdentifier:
		if !t.TextIs(x, "Pending") {
			return false
		}
		if full, ok := t.Imports.Names["Pending"]; ok {
			return full == "Poll::Pending" || strings.HasSuffix(full, "::Poll::Pending")
		}
		for _, g := range t.Imports.Globs {
			// `use std::task::Poll::{self, *}` is recorded as "std::task::Poll::".
			g = strings.TrimSuffix(g, "::")
			if g == "Poll" || strings.HasSuffix(g, "::Poll") {
				return true
			}
		}
	}
	return false
}

// ReturnsPoll reports whether a function's return type is `Poll<..>`.
func ReturnsPoll(t *parser.Tree, fn parser.NodeID) bool {
	path := TypePath(t, t.Field(fn, parser.FReturnType))
	return path == "Poll" || strings.HasSuffix(path, "::Poll")
}

// Pattern classes for a match on a poll result.
const (
	PollAnyArm = iota
	PollReadyOnly
	PollPendingOnly
)

// PollPatternClass says which poll results a match arm's pattern takes: only `Ready(..)`,
// only `Pending`, or any (a binding, `_`, an or-pattern that mixes them).
func PollPatternClass(t *parser.Tree, pat parser.NodeID) int {
	switch t.Kind(pat) {
	case parser.KScopedIdentifier, parser.KIdentifier:
		if IsPollPending(t, pat) {
			return PollPendingOnly
		}
	case parser.KTupleStructPattern:
		if _, ready := TupleVariant(t, pat, "Ready"); ready {
			return PollReadyOnly
		}
	case kCapturedPattern:
		kids := t.NamedChildren(pat)
		if len(kids) > 0 {
			return PollPatternClass(t, kids[len(kids)-1])
		}
	case kOrPattern:
		cls := -1
		for _, c := range t.NamedChildren(pat) {
			k := PollPatternClass(t, c)
			if cls >= 0 && k != cls {
				return PollAnyArm
			}
			cls = k
		}
		if cls >= 0 {
			return cls
		}
	}
	return PollAnyArm
}

// ContextParam finds a function's `&mut Context<'_>` / `&Context` parameter and its name.
func ContextParam(t *parser.Tree, fn parser.NodeID) (parser.NodeID, string) {
	params := t.Field(fn, parser.FParameters)
	if params < 0 {
		return parser.None, ""
	}
	for _, c := range t.NamedChildren(params) {
		if !t.Is(c, parser.KParameter) || !IsContextType(t, t.Field(c, parser.FType)) {
			continue
		}
		return c, bindingName(t, t.Field(c, parser.FPattern))
	}
	return parser.None, ""
}

// ClosureContextParam finds the Context parameter of a closure: a parameter typed as a
// task Context, or the first parameter of a closure handed to `poll_fn`.
func ClosureContextParam(t *parser.Tree, cl parser.NodeID) (parser.NodeID, string) {
	params := t.Field(cl, parser.FParameters)
	if params < 0 {
		return parser.None, ""
	}
	var first parser.NodeID = parser.None
	t.Children(params, func(c parser.NodeID) bool {
		if t.IsNamed(c) && !t.IsComment(c) || t.Is(c, tUnderscore) {
			first = c
			return false
		}
		return true
	})
	if first < 0 {
		return parser.None, ""
	}
	if t.Is(first, parser.KParameter) {
		if IsContextType(t, t.Field(first, parser.FType)) {
			return first, bindingName(t, t.Field(first, parser.FPattern))
		}
		if t.Field(first, parser.FType) >= 0 {
			return parser.None, ""
		}
	}
	// `poll_fn(|cx| ..)`: the closure must be the call's argument.
	args := t.Parent(cl)
	if !t.Is(args, parser.KArguments) {
		return parser.None, ""
	}
	call := t.Parent(args)
	if LastSegment(CalleePath(t, call)) != "poll_fn" {
		return parser.None, ""
	}
	if t.Is(first, parser.KParameter) {
		return first, bindingName(t, t.Field(first, parser.FPattern))
	}
	return first, bindingName(t, first)
}

// bindingName returns the name a parameter pattern binds (`cx`, `mut cx`), or "" for `_`
// and patterns that bind no single name.
func bindingName(t *parser.Tree, pat parser.NodeID) string {
	if t.Is(pat, parser.KIdentifier) && !t.TextIs(pat, "_") {
		return t.Text(pat)
	}
	return ""
}

// IsContextType reports whether ty is `&mut Context<'_>` or `&Context` for the task
// Context (std::task, core::task, futures::task ... or a name it was imported under).
func IsContextType(t *parser.Tree, ty parser.NodeID) bool {
	if !t.Is(ty, parser.KReferenceType) {
		return false
	}
	path := TypePath(t, t.Field(ty, parser.FType))
	return path == "Context" || strings.HasSuffix(path, "task::Context")
}
