package rules

import (
	"regexp"
	"slices"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// poll_after_ready, poll functions: whether a polled place is fused or exempt by its type
// (Fuse, MaybeDone, Option, sets and streams) or by its constructor.

// parRepeatsType reports whether a field's type is a future that is ready again when polled
// after it completed, through `Pin<Box<..>>`: a timer (`Sleep`, `Delay`, `Timer`: a fired
// timer stays fired), or tokio-util's `WaitForCancellationFuture(Owned)`, whose poll checks
// `is_cancelled()` first (tokio-util, sync/cancellation_token.rs).
func parRepeatsType(t *parser.Tree, ty parser.NodeID) bool {
	for ty >= 0 {
		switch t.Kind(ty) {
		case parser.KGenericType:
			name := LastSegment(t.Text(t.Field(ty, parser.FType)))
			if name == "Pin" || name == "Box" {
				ty = FirstTypeArg(t, ty)
				continue
			}
			return parRepeatsName[name] // `Notified<'a>`
		case parser.KTypeIdentifier, parser.KScopedTypeIdentifier:
			return parRepeatsName[LastSegment(t.Text(ty))]
		}
		return false
	}
	return false
}

// parRepeatsName are the futures that complete again at once when polled after they
// completed, instead of panicking: timers, tokio's `Notified` (its `Done` state is `Ready`
// for good), a cancellation token's wait.
var parRepeatsName = map[string]bool{"Sleep": true, "Delay": true, "Timer": true, "Notified": true,
	"WaitForCancellationFuture": true, "WaitForCancellationFutureOwned": true}

// parFutureBound reports whether name, when it is a type parameter of fn's impl or of fn,
// is bounded by `Future` or `TryFuture` (so that `.poll(cx)` on it is a future's poll). A
// name that is not a type parameter there counts as bounded.
func parFutureBound(t *parser.Tree, fn parser.NodeID, name string) bool {
	isParam, bounded := parParamBound(t, fn, name, "Future", "TryFuture", "FusedFuture")
	return !isParam || bounded
}

// parParamBound reports whether name is a type parameter of fn or of the impl that holds
// it, and whether one of its bounds (inline or in a `where` clause) names one of traits.
func parParamBound(t *parser.Tree, fn parser.NodeID, name string, traits ...string) (isParam, bounded bool) {
	scopes := []parser.NodeID{fn}
	if dl := t.Parent(fn); t.Is(dl, parser.KDeclarationList) && t.Is(t.Parent(dl), parser.KImplItem) {
		scopes = append(scopes, t.Parent(dl))
	}
	check := func(bounds parser.NodeID) {
		for _, b := range t.NamedChildren(bounds) {
			if t.Is(b, parser.KGenericType) {
				b = t.Field(b, parser.FType)
			}
			if slices.Contains(traits, LastSegment(t.Text(b))) {
				bounded = true
			}
		}
	}
	for _, sc := range scopes {
		for c := t.N(sc).FirstChild; c >= 0; c = t.N(c).Next {
			switch {
			case t.Is(c, kTypeParameters):
				for _, tp := range t.NamedChildren(c) {
					if t.Is(tp, kTypeParameter) && t.TextIs(t.Field(tp, parser.FName), name) {
						isParam = true
						if b := t.FirstChildOfKind(tp, parser.KTraitBounds); b >= 0 {
							check(b)
						}
					}
				}
			case t.Is(c, parser.KWhereClause):
				for _, wp := range t.NamedChildren(c) {
					if t.Is(wp, kWherePredicate) && t.TextIs(t.Field(wp, parser.FLeft), name) {
						if b := t.FirstChildOfKind(wp, parser.KTraitBounds); b >= 0 {
							check(b)
						}
					}
				}
			}
		}
	}
	return isParam, bounded
}

// parImplTypeName returns the name of the type whose impl holds fn (`Join` for `impl<A>
// Future for Join<A>`), or "".
func parImplTypeName(t *parser.Tree, fn parser.NodeID) string {
	return enclosingImplType(t, fn, implOfItem, implNamePath)
}

// parExemptName matches the type names that may be polled after completion (fused
// wrappers, an Option that is emptied) or that are collections whose own `poll`/`poll_unpin`
// yields one finished future after another (`FuturesSet`, `JoinSet`, `StreamMap`).
var parExemptName = regexp.MustCompile(`^(Fuse|MaybeDone|TryMaybeDone|Option|OptionFuture|Shared)$|(Futures\w*|Set|Map|Queue|Unordered|Ordered|Stream|Streams|Vec|VecDeque|List|Group|Tracker)$`)

// parExemptType looks through `Pin<..>`, `Box<..>` and references at the outermost type.
func parExemptType(t *parser.Tree, ty parser.NodeID) bool {
	for ty >= 0 {
		switch t.Kind(ty) {
		case parser.KReferenceType:
			ty = t.Field(ty, parser.FType)
			continue
		case parser.KGenericType:
			name := LastSegment(t.Text(t.Field(ty, parser.FType)))
			if name == "Pin" || name == "Box" {
				ty = FirstTypeArg(t, ty)
				continue
			}
			return parExemptName.MatchString(name)
		case parser.KTypeIdentifier, parser.KScopedTypeIdentifier:
			return parExemptName.MatchString(LastSegment(t.Text(ty)))
		}
		return strings.Contains(t.Text(ty), "FusedFuture")
	}
	return false
}

// parFusedConstructor reports whether d builds a future that may be polled after it
// completed: `.fuse()`, `maybe_done(..)`, `Fuse::new(..)`, `OptionFuture::from(..)`, a
// `Fuse { .. }` literal.
func parFusedConstructor(t *parser.Tree, d parser.NodeID) bool {
	switch t.Kind(d) {
	case parser.KCallExpression:
		path := CalleePath(t, d)
		seg := LastSegment(path)
		return MethodName(t, d) == "fuse" || seg == "maybe_done" || seg == "try_maybe_done" ||
			strings.Contains(path, "Fuse::") || strings.Contains(path, "MaybeDone::") || strings.Contains(path, "OptionFuture")
	case parser.KStructExpression:
		name := t.Text(t.Field(d, parser.FName))
		if i := strings.Index(name, "<"); i >= 0 {
			name = name[:i]
		}
		name = LastSegment(strings.TrimSuffix(name, "::"))
		return strings.Contains(name, "Fuse") || strings.Contains(name, "MaybeDone")
	}
	return false
}
