package rules

import (
	"bytes"
	_ "embed"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

//go:embed unchecked_pin_projection.md
var uncheckedPinProjectionDoc string

// UncheckedPinProjection is the `unchecked_pin_projection` rule.
var UncheckedPinProjection = &Rule{
	ID:        "unchecked_pin_projection",
	Summary:   "projects a pin with `unsafe` or implements `Unpin` by hand where `pin-project` would be safe",
	Level:     LevelNote,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness"},
	Precision: "high",
	Doc:       uncheckedPinProjectionDoc,
	// Test doubles project pins by hand for one test: soundness there is not shipped.
	Contexts: map[ContextKind]Level{CtxTest: LevelAllow},
	Kinds: []parser.Kind{
		parser.KFunctionItem, parser.KImplItem, parser.KStructItem, parser.KEnumItem,
	},
	Check: checkUncheckedPinProjection,
}

func checkUncheckedPinProjection(p *Pass, n parser.NodeID) {
	switch p.Tree.Kind(n) {
	case parser.KFunctionItem:
		checkPollProjection(p, n)
	case parser.KImplItem:
		checkManualUnpin(p, n)
	case parser.KStructItem, parser.KEnumItem:
		recordPinStruct(p, n)
	}
}

// ---- unchecked projections in poll functions ----

// isPollFnName: `poll`, `poll_next`, `poll_read`, `poll_ready` ...
func isPollFnName(name string) bool {
	return name == "poll" || strings.HasPrefix(name, "poll_")
}

// uncheckedPinCall says whether call is one of Pin's unsafe projection functions, and how it
// is written for the message.
func uncheckedPinCall(t *parser.Tree, call parser.NodeID) (string, bool) {
	if path := CalleePath(t, call); path != "" {
		for _, f := range []string{"new_unchecked", "get_unchecked_mut", "map_unchecked_mut", "map_unchecked"} {
			if PathIs(path, "std::pin::Pin::"+f, "core::pin::Pin::"+f) {
				return "Pin::" + f, true
			}
		}
		return "", false
	}
	// Method forms. Slices have a `get_unchecked_mut(index)` too: Pin's takes no argument.
	switch name := MethodName(t, call); name {
	case "get_unchecked_mut":
		if len(Args(t, call)) == 0 {
			return "." + name + "()", true
		}
	case "map_unchecked_mut", "map_unchecked":
		if len(Args(t, call)) == 1 {
			return "." + name + "(..)", true
		}
	}
	return "", false
}

func checkPollProjection(p *Pass, fn parser.NodeID) {
	t := p.Tree
	nameNode := t.Field(fn, parser.FName)
	if nameNode < 0 || !bytes.HasPrefix(t.Bytes(nameNode), []byte("poll")) {
		return
	}
	name := t.Text(nameNode)
	if !isPollFnName(name) {
		return
	}
	body := t.Field(fn, parser.FBody)
	if body < 0 {
		return
	}
	var calls []parser.NodeID
	var forms []string
	other := false
	t.Walk(body, func(d parser.NodeID) bool {
		if t.Is(d, parser.KFunctionItem) {
			return false // a nested fn is checked on its own
		}
		if t.Is(d, parser.KCallExpression) {
			if form, ok := uncheckedPinCall(t, d); ok {
				if !projectsSelf(t, body, d) {
					// It also pins memory that is not a field of self (behind a pointer, an
					// element of an array or a Vec): pin-project could not remove the
					// `unsafe`, so suggesting it would be noise.
					other = true
					return false
				}
				calls = append(calls, d)
				if txt := compactText(t, d); len(txt) <= 60 {
					form = txt // name the call as written when it is short
				}
				forms = append(forms, form)
			}
		}
		return true
	})
	if other || len(calls) == 0 {
		return
	}
	first := calls[0]
	msg := fmt.Sprintf("`%s` projects the pin by hand with the unchecked `%s`", name, forms[0])
	if len(calls) > 1 {
		msg += fmt.Sprintf(" (and %d more unchecked pin call", len(calls)-1)
		if len(calls) > 2 {
			msg += "s"
		}
		msg += ")"
	}
	msg += ": it is sound only if the projected field is never moved, not even by a `Drop` impl, and the type never implements `Unpin` while that field is `!Unpin`, none of which the compiler checks"
	d := Diagnostic{
		Node:    first,
		Message: msg,
		Help:    "derive the projection with `pin-project` (`#[pin_project]`, `#[pin]` on the future fields) or `pin-project-lite` (`pin_project! { .. }`): `let this = self.project();` then gives `Pin<&mut F>` for pinned fields and `&mut T` for the others, with no `unsafe`",
	}
	for i, c := range calls[1:] {
		d.Related = append(d.Related, RelatedNode{Node: c, Message: "another unchecked pin call: `" + forms[i+1] + "`"})
	}
	// pin-project can only be derived on the crate's own types: a poll fn of
	// `impl Stream for std::panic::AssertUnwindSafe<S>` has no alternative.
	self := implSelfTypeName(t, fn)
	if self == "" {
		p.Report(d)
		return
	}
	p.ReportLater(d, func(c *Crate, f *finding.Finding) bool {
		for _, v := range Facts(c, pinTypeNameKey) {
			if v == self {
				return true
			}
		}
		return false
	})
}

// implSelfTypeName returns the name of the type whose impl block holds fn, "" when fn is not
// in an impl, and "-" for a type written with a std/core/alloc path (never the crate's own).
func implSelfTypeName(t *parser.Tree, fn parser.NodeID) string {
	impl := enclosingImpl(t, fn, implOfItem)
	if impl < 0 {
		return ""
	}
	ty := implSelfType(t, impl)
	if t.Is(ty, parser.KScopedTypeIdentifier) {
		first, _, _ := strings.Cut(strings.TrimPrefix(compactText(t, ty), "::"), "::")
		if first == "std" || first == "core" || first == "alloc" {
			return "-"
		}
	}
	if n := typeBaseName(t, ty); n != "" {
		return n
	}
	return ""
}

// projectsSelf reports whether an unchecked pin call works on `self` or on a field reached
// from it (what pin-project does), rather than on memory behind a pointer (`&mut *ptr`,
// `self.ptr.as_mut()`), which executors and arenas pin by hand for other reasons.
func projectsSelf(t *parser.Tree, body, call parser.NodeID) bool {
	args := Args(t, call)
	if CalleePath(t, call) != "" {
		// Pin::new_unchecked(x), Pin::get_unchecked_mut(x), Pin::map_unchecked_mut(x, f).
		if len(args) == 0 || !selfDerived(t, body, args[0], 0) {
			return false
		}
		if len(args) == 2 {
			return closureProjectsField(t, args[1])
		}
		return true
	}
	if !selfDerived(t, body, Receiver(t, call), 0) {
		return false
	}
	if len(args) == 1 { // .map_unchecked_mut(|s| &mut s.field)
		return closureProjectsField(t, args[0])
	}
	return true
}

// closureProjectsField reports whether f is a closure returning a field of its argument:
// `|s| &mut s.inner`, `|this| &mut this.0`.
func closureProjectsField(t *parser.Tree, f parser.NodeID) bool {
	if !t.Is(f, parser.KClosureExpression) {
		return false
	}
	params := t.Field(f, parser.FParameters)
	param := ""
	if params >= 0 {
		if ps := t.NamedChildren(params); len(ps) == 1 {
			pat := ps[0]
			if t.Is(pat, parser.KParameter) {
				pat = t.Field(pat, parser.FPattern)
			}
			param = t.Text(pat)
		}
	}
	b := lastExpr(t, t.Field(f, parser.FBody))
	for t.Is(b, parser.KReferenceExpression) {
		b = lastExpr(t, t.Field(b, parser.FValue))
	}
	if !t.Is(b, parser.KFieldExpression) {
		return false
	}
	for t.Is(b, parser.KFieldExpression) {
		b = t.Unparen(t.Field(b, parser.FValue))
	}
	return param != "" && t.Is(b, parser.KIdentifier) && t.TextIs(b, param)
}

// lastExpr looks through parentheses and (unsafe) blocks to the expression they produce.
func lastExpr(t *parser.Tree, n parser.NodeID) parser.NodeID {
	for n >= 0 {
		n = t.Unparen(n)
		switch t.Kind(n) {
		case parser.KUnsafeBlock:
			n = t.FirstChildOfKind(n, parser.KBlock)
			continue
		case parser.KBlock:
			kids := t.NamedChildren(n)
			if len(kids) == 0 || t.Is(kids[len(kids)-1], parser.KExpressionStatement) || t.Is(kids[len(kids)-1], parser.KLetDeclaration) {
				return parser.None
			}
			n = kids[len(kids)-1]
			continue
		}
		return n
	}
	return n
}

// selfDerived reports whether expression n is `self` or a place reached from it through
// fields, `get_unchecked_mut()`, `get_mut()`, `as_mut()` on self, and local bindings
// (`let this = unsafe { self.get_unchecked_mut() };`, `match this { Self::A(f) => .. }`).
// A dereference, an index or any other method call leaves it (memory behind a pointer).
func selfDerived(t *parser.Tree, body, n parser.NodeID, depth int) bool {
	if depth > 8 {
		return false
	}
	n = lastExpr(t, n)
	switch t.Kind(n) {
	case parser.KSelf:
		return true
	case parser.KIdentifier:
		v := bindingValue(t, body, n)
		return v >= 0 && selfDerived(t, body, v, depth+1)
	case parser.KFieldExpression, parser.KReferenceExpression:
		return selfDerived(t, body, t.Field(n, parser.FValue), depth+1)
	case parser.KCallExpression:
		if len(Args(t, n)) == 0 {
			switch MethodName(t, n) {
			case "get_unchecked_mut", "get_mut", "into_ref", "get_ref":
				return selfDerived(t, body, Receiver(t, n), depth+1)
			case "as_mut", "as_ref":
				return t.Is(t.Unparen(Receiver(t, n)), parser.KSelf)
			}
		}
		if args := Args(t, n); len(args) == 1 && PathIs(CalleePath(t, n), "std::pin::Pin::get_unchecked_mut", "std::pin::Pin::get_mut", "std::pin::Pin::as_mut") {
			return selfDerived(t, body, args[0], depth+1)
		}
	}
	return false
}

// bindingValue finds the expression a local name was bound from: the value of the nearest
// `let` (or `if let` / `while let`) before the use whose pattern binds it, or the scrutinee
// of the match arm that binds it. None when the name is not bound that way.
func bindingValue(t *parser.Tree, body, use parser.NodeID) parser.NodeID {
	name := t.Text(use)
	useStart := t.Nodes[use].Start
	best := parser.None
	var bestStart uint32
	consider := func(pat, value parser.NodeID) {
		if pat < 0 || value < 0 || t.Nodes[pat].Start >= useStart || (best >= 0 && t.Nodes[pat].Start < bestStart) {
			return
		}
		if patternBinds(t, pat, name) {
			best, bestStart = value, t.Nodes[pat].Start
		}
	}
	t.Walk(body, func(d parser.NodeID) bool {
		if t.Nodes[d].Start >= useStart {
			return false
		}
		switch t.Kind(d) {
		case parser.KLetDeclaration, parser.KLetCondition:
			consider(t.Field(d, parser.FPattern), t.Field(d, parser.FValue))
		case parser.KMatchArm:
			if blk := t.Parent(d); t.Is(blk, parser.KMatchBlock) {
				consider(t.Field(d, parser.FPattern), t.Field(t.Parent(blk), parser.FValue))
			}
		case parser.KClosureExpression:
			// Closure parameters shadow: a name bound there is not ours to trace.
			if ps := t.Field(d, parser.FParameters); ps >= 0 && patternBinds(t, ps, name) && t.Contains(d, use) {
				best, bestStart = parser.None, t.Nodes[ps].Start
			}
		}
		return true
	})
	return best
}

// patternBinds reports whether a pattern binds name.
func patternBinds(t *parser.Tree, pat parser.NodeID, name string) bool {
	return cfg.PatternBinds(t, pat, name)
}

// ---- hand-written Unpin impls ----

// pinFutureTraits are the bounds that make a type parameter a future or a stream, which gets
// pinned when polled.
var pinFutureTraits = map[string]string{
	"Future": "future", "TryFuture": "future", "FusedFuture": "future",
	"Stream": "stream", "TryStream": "stream", "FusedStream": "stream",
}

// futureKind says whether bounds make a parameter a "future" or a "stream", or "".
func futureKind(bounds []string) string {
	for _, b := range bounds {
		if k := pinFutureTraits[b]; k != "" {
			return k
		}
	}
	return ""
}

// inlineWrappers hold their type argument inline: a `F` inside them moves with the struct.
var inlineWrappers = map[string]bool{
	"Option": true, "Fuse": true, "MaybeDone": true, "TryMaybeDone": true, "ManuallyDrop": true,
	"MaybeUninit": true, "UnsafeCell": true, "Cell": true, "Either": true, "Result": true,
}

// pinStructFact is what a struct or enum with type parameters tells the crate.
type pinStructFact struct {
	Name, File  string
	Params      []string
	FutureBound []string      // "future" or "stream" when bounded so on the struct itself
	InlineField []string      // per param: the first field holding it inline, or ""
	FieldSpan   []parser.Span // its span
}

// pinImplBoundFact records that an impl of Name in File bounds its Pos-th type argument by
// Future or Stream (`impl<F: Future> Future for X<F>`).
type pinImplBoundFact struct {
	Name, File string
	Pos        int
	Kind       string // "future" or "stream"
}

var (
	pinTypeNameKey  = NewFactKey[string]("unchecked_pin_projection.type_name")
	pinStructKey    = NewFactKey[pinStructFact]("unchecked_pin_projection.struct")
	pinImplBoundKey = NewFactKey[pinImplBoundFact]("unchecked_pin_projection.impl_bound")
)

// typeParams returns the names of the type parameters of a type_parameters node, with the
// trait names each is bounded by (inline bounds only; see whereBounds).
func typeParams(t *parser.Tree, tp parser.NodeID) (names []string, bounds map[string][]string) {
	bounds = map[string][]string{}
	if tp < 0 {
		return nil, bounds
	}
	for _, c := range t.NamedChildren(tp) {
		if !t.Is(c, kTypeParameter) {
			continue
		}
		name := t.Text(t.Field(c, parser.FName))
		names = append(names, name)
		if b := t.FirstChildOfKind(c, parser.KTraitBounds); b >= 0 {
			bounds[name] = append(bounds[name], boundNames(t, b)...)
		}
	}
	return names, bounds
}

// whereBounds adds the bounds of a where clause on plain type parameters (`where F: Future`).
func whereBounds(t *parser.Tree, item parser.NodeID, bounds map[string][]string) {
	wc := t.FirstChildOfKind(item, parser.KWhereClause)
	if wc < 0 {
		return
	}
	for _, pred := range t.NamedChildren(wc) {
		if !t.Is(pred, kWherePredicate) {
			continue
		}
		left := t.Field(pred, parser.FLeft)
		if t.Is(left, kHigherRankedBound) {
			left = t.Field(left, parser.FType)
		}
		if !t.Is(left, parser.KTypeIdentifier) {
			continue
		}
		if b := t.FirstChildOfKind(pred, parser.KTraitBounds); b >= 0 {
			name := t.Text(left)
			bounds[name] = append(bounds[name], boundNames(t, b)...)
		}
	}
}

// boundNames returns the last path segment of each trait in a trait_bounds node, skipping
// `?Sized` and lifetimes: `Future<Output = T> + Send + 'static` gives [Future Send].
func boundNames(t *parser.Tree, b parser.NodeID) []string {
	var out []string
	for _, c := range t.NamedChildren(b) {
		if t.Is(c, kHigherRankedBound) {
			c = t.Field(c, parser.FType)
		}
		if n := typeBaseName(t, c); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// typeBaseName returns the last segment of a (possibly generic, possibly qualified) type's
// name: `std::future::Future<Output = ()>` gives "Future".
func typeBaseName(t *parser.Tree, n parser.NodeID) string {
	if t.Is(n, parser.KGenericType) {
		n = t.Field(n, parser.FType)
	}
	switch t.Kind(n) {
	case parser.KTypeIdentifier:
		return t.Text(n)
	case parser.KScopedTypeIdentifier:
		return t.Text(t.Field(n, parser.FName))
	}
	return ""
}

func hasAnyBound(bs []string, set map[string]bool) bool {
	for _, b := range bs {
		if set[b] {
			return true
		}
	}
	return false
}

// holdsInline reports whether a field type stores a value of type parameter param inline
// (so that pinning the struct would pin it): `F`, `Option<F>`, `(F, G)`, `[F; 2]`. A `F`
// behind a pointer (`Box<F>`, `Pin<Box<F>>`, `&mut F`, `Arc<F>`) or in another generic type
// whose layout we do not know does not count.
func holdsInline(t *parser.Tree, ty parser.NodeID, param string) bool {
	switch t.Kind(ty) {
	case parser.KTypeIdentifier:
		return t.TextIs(ty, param)
	case parser.KTupleType:
		for _, c := range t.NamedChildren(ty) {
			if holdsInline(t, c, param) {
				return true
			}
		}
	case parser.KArrayType:
		return holdsInline(t, t.Field(ty, parser.FElement), param)
	case parser.KGenericType:
		if !inlineWrappers[typeBaseName(t, ty)] {
			return false
		}
		if args := t.FirstChildOfKind(ty, parser.KTypeArguments); args >= 0 {
			for _, c := range t.NamedChildren(args) {
				if holdsInline(t, c, param) {
					return true
				}
			}
		}
	}
	return false
}

// fieldTypes calls fn with each field of a struct or enum: its name (or position) and type.
func fieldTypes(t *parser.Tree, item parser.NodeID, fn func(name string, decl, ty parser.NodeID)) {
	var lists []parser.NodeID
	body := t.Field(item, parser.FBody)
	switch t.Kind(body) {
	case kFieldDeclList, kOrderedFieldList:
		lists = append(lists, body)
	case kEnumVariantList:
		for _, v := range t.NamedChildren(body) {
			if t.Is(v, kEnumVariant) {
				if vb := t.Field(v, parser.FBody); vb >= 0 {
					lists = append(lists, vb)
				}
			}
		}
	}
	if body < 0 {
		// `struct X<F>(F);` puts the tuple fields in an unnamed child.
		if l := t.FirstChildOfKind(item, kOrderedFieldList); l >= 0 {
			lists = append(lists, l)
		}
	}
	for _, l := range lists {
		if t.Is(l, kFieldDeclList) {
			for _, fd := range t.NamedChildren(l) {
				if t.Is(fd, parser.KFieldDeclaration) {
					fn(t.Text(t.Field(fd, parser.FName)), fd, t.Field(fd, parser.FType))
				}
			}
			continue
		}
		i := 0
		t.Children(l, func(c parser.NodeID) bool {
			if t.Nodes[c].Field == parser.FType {
				fn(fmt.Sprint(i), c, c)
				i++
			}
			return true
		})
	}
}

func recordPinStruct(p *Pass, item parser.NodeID) {
	t := p.Tree
	Record(p, pinTypeNameKey, t.Text(t.Field(item, parser.FName)))
	params, bounds := typeParams(t, t.FirstChildOfKind(item, kTypeParameters))
	if len(params) == 0 {
		return
	}
	whereBounds(t, item, bounds)
	f := pinStructFact{
		Name:        t.Text(t.Field(item, parser.FName)),
		File:        p.Info.Path,
		Params:      params,
		FutureBound: make([]string, len(params)),
		InlineField: make([]string, len(params)),
		FieldSpan:   make([]parser.Span, len(params)),
	}
	holds := false
	for i, prm := range params {
		f.FutureBound[i] = futureKind(bounds[prm])
		fieldTypes(t, item, func(name string, decl, ty parser.NodeID) {
			if f.InlineField[i] == "" && holdsInline(t, ty, prm) {
				f.InlineField[i] = name
				f.FieldSpan[i] = t.Span(decl)
				holds = true
			}
		})
	}
	if holds {
		Record(p, pinStructKey, f)
	}
}

// unpinImplArg is one type argument of the type an `impl Unpin` is for.
type unpinImplArg struct {
	Param       string // the impl's type parameter it is, or "" for a concrete type
	UnpinBound  bool   // `P: Unpin` in the impl
	FutureBound string // "future" for `P: Future` in the impl, "stream" for `P: Stream`
}

func checkManualUnpin(p *Pass, impl parser.NodeID) {
	t := p.Tree
	ty := t.Field(impl, parser.FType)
	name := typeBaseName(t, ty)
	if name == "" {
		return
	}
	params, bounds := typeParams(t, t.FirstChildOfKind(impl, kTypeParameters))
	whereBounds(t, impl, bounds)
	isParam := map[string]bool{}
	for _, prm := range params {
		isParam[prm] = true
	}
	isConst := map[string]bool{}
	if tp := t.FirstChildOfKind(impl, kTypeParameters); tp >= 0 {
		for _, c := range t.NamedChildren(tp) {
			if t.Is(c, kConstParameter) {
				isConst[t.Text(t.Field(c, parser.FName))] = true
			}
		}
	}
	var args []unpinImplArg
	if t.Is(ty, parser.KGenericType) {
		if ta := t.FirstChildOfKind(ty, parser.KTypeArguments); ta >= 0 {
			for _, a := range t.NamedChildren(ta) {
				switch t.Kind(a) {
				case parser.KLifetime:
					continue // lifetimes are not type parameters of the struct
				case parser.KTypeIdentifier:
					if isConst[t.Text(a)] {
						continue // nor are const generics
					}
					if isParam[t.Text(a)] {
						prm := t.Text(a)
						args = append(args, unpinImplArg{
							Param:       prm,
							UnpinBound:  hasAnyBound(bounds[prm], map[string]bool{"Unpin": true}),
							FutureBound: futureKind(bounds[prm]),
						})
						continue
					}
				}
				args = append(args, unpinImplArg{})
			}
		}
	}
	trait := t.Field(impl, parser.FTrait)
	isUnpin := typeBaseName(t, trait) == "Unpin" && (t.Is(trait, parser.KTypeIdentifier) ||
		PathIs(strings.Join(strings.Fields(t.Text(trait)), ""), "std::marker::Unpin", "core::marker::Unpin"))
	if !isUnpin || t.FirstChildOfKind(impl, parser.TBang) >= 0 {
		// Any other impl of the type tells which of its parameters are futures.
		for i, a := range args {
			if a.FutureBound != "" {
				Record(p, pinImplBoundKey, pinImplBoundFact{Name: name, File: p.Info.Path, Pos: i, Kind: a.FutureBound})
			}
		}
		return
	}
	suspect := false
	for _, a := range args {
		if a.Param != "" && !a.UnpinBound {
			suspect = true
		}
	}
	if !suspect {
		return // `impl Unpin for X {}`, or every parameter is bounded by Unpin
	}
	file := p.Info.Path
	typeText := strings.Join(strings.Fields(t.Text(ty)), " ")
	d := Diagnostic{
		Node:    trait,
		Message: "`Unpin` is implemented by hand for `" + typeText + "`",
		Help:    "remove the impl and derive the projection with `pin-project` or `pin-project-lite`, which implement `Unpin` only when the pinned fields are `Unpin`; if the future is never pinned in place, bound it instead (`impl<F: Unpin> Unpin for ..`) or box it (`Pin<Box<F>>`)",
	}
	p.ReportLater(d, func(c *Crate, f *finding.Finding) bool {
		return settleManualUnpin(c, f, name, file, args)
	})
}

// settleManualUnpin keeps a hand-written Unpin finding when the type holds, inline, a value
// of a type parameter that the impl leaves unbounded and that is a future (bounded by Future
// or Stream on the type, in the Unpin impl, or in another impl of the type in its file).
func settleManualUnpin(c *Crate, f *finding.Finding, name, file string, args []unpinImplArg) bool {
	var def *pinStructFact
	var others []*pinStructFact
	for _, s := range Facts(c, pinStructKey) {
		if s.Name != name {
			continue
		}
		if s.File == file {
			def = &s
			break
		}
		others = append(others, &s)
	}
	if def == nil {
		same := 0
		for _, v := range Facts(c, pinTypeNameKey) {
			if v == name {
				same++
			}
		}
		if len(others) != 1 || same != 1 {
			return false // not found, or several types of that name: cannot tell which
		}
		def = others[0]
	}
	if len(def.Params) != len(args) {
		return false
	}
	for i, a := range args {
		if a.Param == "" || a.UnpinBound || def.InlineField[i] == "" {
			continue
		}
		kind := a.FutureBound
		if kind == "" {
			kind = def.FutureBound[i]
		}
		if kind == "" {
			for _, b := range Facts(c, pinImplBoundKey) {
				if b.Name == name && b.File == def.File && b.Pos == i {
					kind = b.Kind
					break
				}
			}
		}
		if kind == "" {
			continue
		}
		field := def.InlineField[i]
		fieldDesc := "field `" + field + "`"
		if isDigits(field) {
			fieldDesc = "field " + field
		}
		f.Message += fmt.Sprintf(", although its %s holds the %s `%s` inline and the impl does not require `%s: Unpin`: any pinned projection to that field (such as `Pin::new_unchecked(&mut self.%s)` in `poll`) is then undefined behaviour, because safe code may move the %s after it was polled",
			fieldDesc, kind, a.Param, a.Param, field, kind)
		if def.File == file {
			f.Related = append(f.Related, finding.Related{Span: def.FieldSpan[i], Message: "the " + fieldDesc + " holding the " + kind + " `" + a.Param + "`"})
		} else {
			f.Notes = append(f.Notes, fmt.Sprintf("`%s` and its %s are defined in %s:%d", name, fieldDesc, filepath.Base(def.File), def.FieldSpan[i].Start.Line))
		}
		return true
	}
	return false
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
