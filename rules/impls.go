package rules

import (
	"github.com/rustaudit/rustaudit/parser"
)

// implScope says which impl block enclosingImpl takes for a node.
type implScope uint8

const (
	// implOfItem: the impl whose body holds n as an item (a method, an associated const);
	// none for an item of a trait, of a module or of a fn nested in a method.
	implOfItem implScope = iota
	// implAround: the nearest impl among n's ancestors, also from inside nested fns,
	// closures and traits.
	implAround
	// implAroundOutsideTrait: as implAround, but none when a trait comes first.
	implAroundOutsideTrait
)

// implNaming says how implTypeName names the self type of an impl.
type implNaming uint8

const (
	// implNameText: the last path segment of the type's text as written (`Bar` for
	// `impl<T> X for a::Bar<T>`, `&'a Foo` and `dyn Tr + Send` for those types).
	implNameText implNaming = iota
	// implNameCompact: the same with white space dropped first (`&'aFoo`, `dynTr+Send`).
	implNameCompact
	// implNamePath: the last path segment of a path type only (`Foo`, `a::Foo`); "" for a
	// reference, a tuple, `dyn Trait` and the like.
	implNamePath
)

// enclosingImpl returns the impl block that scope takes for n, or None.
func enclosingImpl(t *parser.Tree, n parser.NodeID, scope implScope) parser.NodeID {
	if scope == implOfItem {
		if dl := t.Parent(n); t.Is(dl, parser.KDeclarationList) && t.Is(t.Parent(dl), parser.KImplItem) {
			return t.Parent(dl)
		}
		return parser.None
	}
	impl := parser.None
	t.Ancestors(n, func(a parser.NodeID) bool {
		if t.Is(a, parser.KImplItem) {
			impl = a
			return false
		}
		return scope == implAround || !t.Is(a, parser.KTraitItem)
	})
	return impl
}

// implSelfType returns the self type of an impl without its generic arguments (`Join` for
// `impl<A> Future for Join<A>`), or None.
func implSelfType(t *parser.Tree, impl parser.NodeID) parser.NodeID {
	ty := t.Field(impl, parser.FType)
	if t.Is(ty, parser.KGenericType) {
		ty = t.Field(ty, parser.FType)
	}
	return ty
}

// implTypeName names the self type of an impl as naming says ("" when it has none).
func implTypeName(t *parser.Tree, impl parser.NodeID, naming implNaming) string {
	ty := implSelfType(t, impl)
	switch naming {
	case implNameCompact:
		return LastSegment(joinFields(t.Text(ty), ""))
	case implNamePath:
		if !t.Is(ty, parser.KTypeIdentifier) && !t.Is(ty, parser.KScopedTypeIdentifier) {
			return ""
		}
	}
	return LastSegment(t.Text(ty))
}

// enclosingImplType returns the name of the self type of the impl that scope takes for n, or
// "" when there is none.
func enclosingImplType(t *parser.Tree, n parser.NodeID, scope implScope, naming implNaming) string {
	impl := enclosingImpl(t, n, scope)
	if impl < 0 {
		return ""
	}
	return implTypeName(t, impl, naming)
}

// typeName gives the last path segment of a type without generic arguments ("" for None).
func typeName(t *parser.Tree, ty parser.NodeID) string {
	if ty < 0 {
		return ""
	}
	if t.Is(ty, parser.KGenericType) {
		ty = t.Field(ty, parser.FType)
	}
	return LastSegment(t.Text(ty))
}

// ownerItem returns the impl or trait an item sits in directly, or None.
func ownerItem(t *parser.Tree, fn parser.NodeID) parser.NodeID {
	p := t.Parent(fn)
	if t.Is(p, parser.KDeclarationList) {
		pp := t.Parent(p)
		if t.Is(pp, parser.KImplItem) || t.Is(pp, parser.KTraitItem) {
			return pp
		}
	}
	return parser.None
}

// implTypeAround returns the name of the type of the impl block around n ("" when none, and
// when a trait comes first).
func implTypeAround(t *parser.Tree, n parser.NodeID) string {
	return enclosingImplType(t, n, implAroundOutsideTrait, implNameText)
}

// implTypeCompact names the self type of impl the way lock facts key methods.
func implTypeCompact(t *parser.Tree, impl parser.NodeID) string {
	return implTypeName(t, impl, implNameCompact)
}
