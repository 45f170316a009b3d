package rules

import (
	"bytes"
	_ "embed"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

//go:embed lock_across_await.md
var lockAcrossAwaitDoc string

// LockAcrossAwait is the `lock_across_await` rule.
var LockAcrossAwait = &Rule{
	ID:        "lock_across_await",
	Summary:   "holds a synchronous lock guard or `RefCell` borrow across an `.await`",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness", "concurrency"},
	Precision: "high",
	Doc:       lockAcrossAwaitDoc,
	Kinds:     []parser.Kind{parser.KCallExpression},
	Needs:     []string{"async"}, // an .await or a select! needs async code
	Check:     checkLockAcrossAwait,
}

// What rustc does (checked with rustc 1.95, editions 2021 and 2024, by passing std-only
// async blocks to `fn assert_send<F: Send>(_: F)`; the error names the guard held at the
// `.await`):
//
//   - a `let` guard lives to the end of its block; `drop(g)`, `std::mem::drop(g)` or a move
//     into a call `consume(g)` ends it; a drop in only one branch of an `if` does not, a drop
//     in both branches does; shadowing (`let g = *g + 1;`) does not, and a later `drop(g)`
//     then drops the new value, not the guard; `let _ = m.lock().unwrap();` drops at once
//     (rustc even denies it: `let_underscore_lock`), `let _g = ..` does not.
//     Caveat: rustc's Send check still counts a guard as held after `drop(g)` when it was
//     borrowed before (any `g.len()` or `*g`): it treats every borrowed local as live to the
//     end of its scope (rust-lang/rust#94067, #116680). The lock itself is released by the
//     drop, and this rule is about the lock, so it stays quiet there.
//   - temporaries live to the end of their terminating scope: a statement, the body of an
//     `if`/`while`/`loop`/`for`, a match arm's body or guard, an `if`/`while` condition
//     without `let`, each operand of `&&`/`||`, the whole function body. So
//     `m.lock().unwrap().insert(k, v);` and `let v = m.lock().unwrap().get(&k).cloned();`
//     drop the guard at the `;`, while a temporary in the same statement as an `.await`
//     before it (`send(m.lock().unwrap().len()).await`) is held across it.
//   - a `match` scrutinee and a `for` iterator are not terminating scopes: their temporaries
//     live through the whole `match`/loop (`match m.lock().unwrap().len() { 0 => x.await, .. }`
//     holds the lock even though the value is a copied `usize`).
//   - `while let` keeps its scrutinee's temporaries through the loop body in every edition.
//   - `if let` keeps them through its body in every edition; through the `else` block only
//     before 2024 (edition 2024 drops them before `else`).
//   - a block's tail expression: before 2024 its temporaries live to the end of the
//     statement around the block (`send({ m.lock().unwrap().len() }).await` holds the lock,
//     `unsafe { .. }` blocks too); in 2024 they are dropped at the end of the block.
//   - `let .. else`: temporaries of the scrutinee are dropped before the `else` block.
//   - `let v = &m.lock().unwrap();`, `&*m.lock().unwrap()` and `&m.lock().unwrap().field`
//     extend the guard to the end of the block; `&m.lock().unwrap().len()` does not.
//   - `format!(..)` arguments are dropped inside the macro (it expands to a block with a
//     `let`), `assert!`'s condition too (an `if` condition); `vec![..]` elements are not.

// lawKinds are node kinds the rule needs that parser/kinds.go does not list.
var (
	lawKShorthandFieldIdent = parser.NamedKind("shorthand_field_identifier")
	lawKFieldPattern        = parser.NamedKind("field_pattern")
	lawKTypeItem            = parser.NamedKind("type_item")
)

// lawLockKind says what a call returns.
type lawLockKind int

const (
	lawMutex lawLockKind = iota + 1
	lawRead
	lawWrite
	lawBorrow
	lawBorrowMut
	lawWatchBorrow
)

// lawFlavor is what the receiver of a lock call is known to be.
type lawFlavor int

const (
	lawUnknown lawFlavor = iota
	lawSync              // std::sync, parking_lot, spin, lock_api or a crate's own sync lock
	lawStd               // std::sync specifically: lock() returns a LockResult
	lawAsync             // tokio::sync, futures::lock, async-lock ...: lock() is awaited
	lawCell              // RefCell
	lawWatch             // tokio::sync::watch::Receiver
	lawOther             // something else
)

// lawLock is one call that produces a guard.
type lawLock struct {
	call     parser.NodeID // the `.lock()` call
	kind     lawLockKind
	top      parser.NodeID // the guard-valued expression: the call with `.unwrap()`, `?` ...
	unwrap   bool          // top went through unwrap/expect/?
	resultty bool          // top is still a Result/Option around the guard
	flavor   lawFlavor
}

// lawAwaitPoint is a place where the body suspends: an `.await` or an awaiting macro.
type lawAwaitPoint struct {
	node parser.NodeID // await_expression or macro_invocation
	at   parser.NodeID // what to point at: the `await` token or the macro name
}

func checkLockAcrossAwait(p *Pass, call parser.NodeID) {
	t := p.Tree
	method := MethodName(t, call)
	var kind lawLockKind
	switch method {
	case "lock", "try_lock":
		kind = lawMutex
	case "read", "try_read":
		kind = lawRead
	case "write", "try_write":
		kind = lawWrite
	case "borrow", "try_borrow", "borrow_and_update":
		kind = lawBorrow
	case "borrow_mut", "try_borrow_mut":
		kind = lawBorrowMut
	default:
		return
	}
	if len(Args(t, call)) != 0 {
		return
	}
	body := EnclosingBody(t, call)
	if body < 0 || !IsAsyncBody(t, body) || !lawHasAwait(t, body) {
		return
	}
	lk, ok := lawClassify(t, call, method, kind)
	if !ok {
		return
	}
	edition2024 := p.Info.Edition >= "2024" && len(p.Info.Edition) == 4
	lawAnalyse(p, lk, edition2024)
}

// lawHasAwait reports whether body suspends anywhere (cheap early exit).
func lawHasAwait(t *parser.Tree, body parser.NodeID) bool {
	found := false
	WalkBody(t, body, func(d parser.NodeID) bool {
		if found {
			return false
		}
		if t.Is(d, parser.KAwaitExpression) || lawAwaitingMacro(t, d) {
			found = true
		}
		return true
	})
	return found
}

// lawAwaitingMacro reports whether d is a macro invocation that awaits inside the body it
// appears in (select!, join! ...).
func lawAwaitingMacro(t *parser.Tree, d parser.NodeID) bool {
	return MacroIs(t, d, "select", "select_biased", "join", "try_join")
}

// lawGuardUnwrap are the methods that turn a LockResult/Option of a guard into the guard
// (or into another Result/Option that still owns it).
var lawGuardUnwrap = map[string]bool{
	"unwrap": true, "expect": true, "unwrap_or_else": true, "unwrap_unchecked": true,
	"map_err": true, "ok": true, "context": true, "with_context": true, "wrap_err": true,
}

// lawFutureMethods are methods of futures: a bare `.lock()` followed by one of them is an
// async lock's future, not a guard.
var lawFutureMethods = map[string]bool{
	"then": true, "map": true, "boxed": true, "boxed_local": true, "fuse": true,
	"now_or_never": true, "into_future": true, "instrument": true, "in_current_span": true,
	"with_subscriber": true, "timeout": true, "catch_unwind": true, "poll": true,
	"poll_unpin": true, "shared": true, "left_future": true, "right_future": true,
	"map_ok": true, "and_then": true, "or_else": true, "inspect": true, "unit_error": true,
	"with_current_subscriber": true, "race": true, "or": true, "zip": true,
}

// lawResultBorrows are methods of Result/Option that borrow it (the temporary that owns the
// guard stays alive to the end of its scope).
var lawResultBorrows = map[string]bool{
	"is_ok": true, "is_err": true, "is_some": true, "is_none": true, "as_ref": true,
	"as_mut": true, "as_deref": true, "as_deref_mut": true,
}

// lawClassify decides whether call produces a synchronous guard, and climbs to the
// expression that holds it.
func lawClassify(t *parser.Tree, call parser.NodeID, method string, kind lawLockKind) (lawLock, bool) {
	lk := lawLock{call: call, kind: kind, top: call}
	cur := call
	for {
		p := t.Parent(cur)
		if p < 0 {
			break
		}
		if t.Is(p, parser.KParenthesizedExpression) {
			cur = p
			continue
		}
		if t.Is(p, parser.KAwaitExpression) {
			return lk, false // tokio::sync::Mutex::lock().await and friends
		}
		if t.Is(p, parser.KTryExpression) {
			cur = p
			lk.unwrap = true
			lk.resultty = false
			continue
		}
		if t.Is(p, parser.KFieldExpression) && t.Field(p, parser.FValue) == cur {
			gp := t.Parent(p)
			if t.Is(gp, parser.KCallExpression) && t.Field(gp, parser.FFunction) == p {
				m := t.Text(t.Field(p, parser.FField))
				if lawGuardUnwrap[m] {
					cur = gp
					lk.unwrap = true
					lk.resultty = m == "map_err" || m == "ok" || m == "context" || m == "with_context" || m == "wrap_err"
					continue
				}
			}
		}
		break
	}
	lk.top = cur
	recv := Receiver(t, call)
	lk.flavor = lawReceiverFlavor(t, recv, call, 0)
	try := strings.HasPrefix(method, "try_")
	switch kind {
	case lawBorrow, lawBorrowMut:
		if lk.flavor == lawWatch && (method == "borrow" || method == "borrow_and_update") {
			lk.kind = lawWatchBorrow
			return lk, true
		}
		if lk.flavor != lawCell || method == "borrow_and_update" {
			return lk, false
		}
		if try && !lk.unwrap {
			lk.resultty = true
		}
		return lk, true
	}
	if lk.flavor == lawAsync || lk.flavor == lawCell || lk.flavor == lawWatch {
		return lk, false
	}
	fileFlavor := lawFileFlavor(t, kind)
	switch {
	case try:
		// tokio's try_lock/try_read/try_write also return a Result of a guard, one that
		// may be held across `.await`: only a lock known to be synchronous counts.
		if lk.flavor == lawUnknown && (fileFlavor == lawSync || fileFlavor == lawStd) {
			lk.flavor = fileFlavor
		}
		if lk.flavor != lawSync && lk.flavor != lawStd {
			return lk, false
		}
		if !lk.unwrap {
			lk.resultty = true
		}
		return lk, true
	case lk.unwrap:
		// `.lock().unwrap()` that is not awaited: a std-style lock whatever its type.
		return lk, true
	}
	// A bare `.lock()` / `.read()` / `.write()`: parking_lot and friends return the guard.
	if lk.flavor == lawOther {
		return lk, false // declared with a type that is not a lock we know
	}
	if lk.flavor == lawStd {
		lk.resultty = true
		return lk, true
	}
	if lk.flavor == lawUnknown {
		if kind != lawMutex {
			// `.read()` / `.write()` without arguments on something we cannot see: only
			// when the file's RwLock is a synchronous one.
			if fileFlavor != lawSync {
				return lk, false
			}
			// `regs.status().read()`: a register or accessor read, not a lock field
			switch t.Kind(t.Unparen(recv)) {
			case parser.KIdentifier, parser.KFieldExpression:
			default:
				return lk, false
			}
		} else if fileFlavor == lawAsync {
			return lk, false
		}
		if !lawBareGuardUse(t, lk.top) {
			return lk, false
		}
	}
	return lk, true
}

// lawBareGuardUse reports whether the value of a bare `.lock()` of unknown type is used the
// way a guard is (deref, field access, a method that is not a future combinator, a `let`
// binding that is never awaited), rather than the way a future is.
func lawBareGuardUse(t *parser.Tree, top parser.NodeID) bool {
	p := t.Parent(top)
	switch t.Kind(p) {
	case parser.KFieldExpression:
		if t.Field(p, parser.FValue) != top {
			return false
		}
		gp := t.Parent(p)
		if t.Is(gp, parser.KCallExpression) && t.Field(gp, parser.FFunction) == p {
			return !lawFutureMethods[t.Text(t.Field(p, parser.FField))]
		}
		return true
	case parser.KUnaryExpression:
		return lawIsDeref(t, p)
	case parser.KIndexExpression:
		return t.NamedChild(p, 0) == top
	case parser.KLetDeclaration:
		if t.Field(p, parser.FValue) != top {
			return false
		}
		names := lawPatternNames(t, t.Field(p, parser.FPattern))
		if len(names.ids) == 0 {
			return false
		}
		// a future bound to a variable is awaited, pinned or handed to select!/join!.
		container := t.Parent(p)
		futureLike := false
		end := t.Nodes[p].End
		t.Walk(container, func(d parser.NodeID) bool {
			if futureLike {
				return false
			}
			if t.Nodes[d].End <= end || !t.Is(d, parser.KIdentifier) {
				return true
			}
			if !names.has(t, d) {
				return true
			}
			use, up := d, t.Parent(d)
			for t.Is(up, parser.KReferenceExpression) || t.Is(up, parser.KParenthesizedExpression) {
				use, up = up, t.Parent(up)
			}
			switch {
			case t.Is(up, parser.KAwaitExpression):
				futureLike = true
			case t.Is(up, parser.KFieldExpression) && t.Field(up, parser.FValue) == use &&
				lawFutureMethods[t.Text(t.Field(up, parser.FField))]:
				futureLike = true
			case t.Is(up, parser.KSelectBranch) && t.Field(up, parser.FFuture) != parser.None:
				futureLike = true
			case t.Is(up, parser.KMacroBody) && MacroIs(t, t.Parent(up), "pin", "pin_mut", "select", "join", "try_join", "select_biased"):
				futureLike = true
			case t.Is(up, parser.KArguments):
				// handed to a helper (`timed(lock_fut, ..).await`): a guard would be
				// dropped there, a future awaited; either way not ours to follow
				futureLike = true
			}
			return true
		})
		return !futureLike
	}
	return false
}

func lawIsDeref(t *parser.Tree, u parser.NodeID) bool {
	if !t.Is(u, parser.KUnaryExpression) {
		return false
	}
	first := t.Nodes[u].FirstChild
	return first >= 0 && t.TextIs(first, "*")
}

// lawFileFlavor classifies what `Mutex` (for lock calls) or `RwLock` (for read/write) names
// in this file, through its imports.
func lawFileFlavor(t *parser.Tree, kind lawLockKind) lawFlavor {
	name := "Mutex"
	if kind == lawRead || kind == lawWrite {
		name = "RwLock"
	}
	if full, ok := t.Imports.Names[name]; ok {
		return lawPathFlavor(full)
	}
	for _, g := range t.Imports.Globs {
		if f := lawPathFlavor(g + "::" + name); f == lawAsync || f == lawStd {
			return f
		}
	}
	return lawUnknown
}

// lawAsyncPrefixes are the crates and modules whose locks are awaited.
var lawAsyncPrefixes = []string{
	"tokio::sync", "futures::lock", "futures_util::lock", "async_lock", "async_std::sync",
	"smol::lock", "async_mutex", "futures_locks", "maitake_sync", "embassy_sync",
	"async_rwlock", "tokio::sync::watch",
}

// lawPathFlavor classifies a full type path such as "tokio::sync::Mutex".
func lawPathFlavor(path string) lawFlavor {
	last := LastSegment(path)
	if last == "RefCell" {
		return lawCell
	}
	if last == "Receiver" || last == "Sender" {
		if strings.Contains(path, "watch::") {
			return lawWatch
		}
		return lawOther
	}
	for _, pre := range lawAsyncPrefixes {
		if strings.HasPrefix(path, pre+"::") || strings.Contains(path, "::"+pre+"::") {
			return lawAsync
		}
	}
	if strings.HasPrefix(path, "std::sync::") || strings.HasPrefix(path, "core::sync::") {
		return lawStd
	}
	if strings.Contains(path, "::") {
		return lawSync
	}
	return lawUnknown
}

// lawLockWords are the type names that decide a receiver's flavor.
var lawLockWords = map[string]bool{
	"Mutex": true, "RwLock": true, "ReentrantMutex": true, "FairMutex": true,
	"SpinMutex": true, "RefCell": true, "Receiver": true, "Sender": true,
}

// lawTextFlavor classifies a type or constructor text: the first lock word in it decides
// (`Arc<Mutex<RefCell<T>>>` is a Mutex, `Rc<RefCell<T>>` a RefCell). A text without one is
// lawOther when it is a type, lawUnknown otherwise.
func lawTextFlavor(t *parser.Tree, text string, isType bool) lawFlavor {
	return lawTextFlavorDepth(t, text, isType, 0)
}

func lawTextFlavorDepth(t *parser.Tree, text string, isType bool, depth int) lawFlavor {
	var tokens []string
	i := 0
	for i < len(text) {
		c := text[i]
		if !lawIdentStart(c) {
			i++
			continue
		}
		j := i
		for j < len(text) && (lawIdentChar(text[j]) || (text[j] == ':' && j+1 < len(text) && text[j+1] == ':')) {
			if text[j] == ':' {
				j += 2
				continue
			}
			j++
		}
		tok := strings.TrimSuffix(text[i:j], "::")
		i = j
		if !strings.Contains(tok, "::") {
			tokens = append(tokens, tok)
		}
		// through the imports: `use parking_lot::RwLock as PlRwLock;` makes `PlRwLock` one
		segs := strings.Split(t.Imports.Resolve(tok), "::")
		// `Mutex::new`, `RefCell::default`: the type is the segment before the function.
		for k := len(segs) - 1; k >= 0; k-- {
			if lawLockWords[segs[k]] {
				path := strings.Join(segs[:k+1], "::")
				f := lawPathFlavor(path)
				if f == lawUnknown {
					// an unqualified name that no `use` explains: a glob may
					for _, g := range t.Imports.Globs {
						if gf := lawPathFlavor(g + "::" + segs[k]); gf != lawSync {
							f = gf
						}
					}
				}
				return f
			}
		}
	}
	if isType {
		// `type Shared = Arc<Mutex<State>>;` in the same file
		if depth < 3 && len(tokens) > 0 {
			aliases := lawTypeAliases(t)
			for _, tok := range tokens {
				if alias, ok := aliases[tok]; ok {
					return lawTextFlavorDepth(t, alias, true, depth+1)
				}
			}
		}
		return lawOther
	}
	return lawUnknown
}

// lawTypeAliases maps the names of this file's `type X = ..;` items to their types.
func lawTypeAliases(t *parser.Tree) map[string]string {
	out := map[string]string{}
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		switch t.Kind(d) {
		case lawKTypeItem:
			out[t.Text(t.Field(d, parser.FName))] = t.Text(t.Field(d, parser.FType))
			return false
		case parser.KFunctionItem:
			return false // aliases live at item level
		}
		return true
	})
	return out
}

func lawIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func lawIdentChar(c byte) bool {
	return lawIdentStart(c) || (c >= '0' && c <= '9')
}

// lawReceiverFlavor looks for the declaration of a lock call's receiver in this file: a
// struct field, a parameter, a `let` or a static. It returns lawUnknown when it finds none
// or when they disagree.
func lawReceiverFlavor(t *parser.Tree, recv, at parser.NodeID, depth int) lawFlavor {
	recv = t.Unparen(recv)
	for t.Is(recv, parser.KReferenceExpression) || lawIsDeref(t, recv) {
		recv = t.NamedChild(recv, 0)
		if t.Is(recv, parser.KMutableSpecifier) {
			recv = t.NamedChild(t.Parent(recv), 1)
		}
		recv = t.Unparen(recv)
	}
	if recv < 0 || depth > 3 {
		return lawUnknown
	}
	switch t.Kind(recv) {
	case parser.KFieldExpression:
		name := t.Text(t.Field(recv, parser.FField))
		if t.Is(t.Unparen(t.Field(recv, parser.FValue)), parser.KSelf) {
			// `self.name`: the field of the impl's own struct, when it is in this file
			if f, ok := lawSelfFieldFlavor(t, name, at); ok {
				return f
			}
		}
		return lawFieldFlavor(t, name)
	case parser.KIdentifier:
		return lawLocalFlavor(t, t.Text(recv), at, depth)
	case parser.KScopedIdentifier:
		return lawStaticFlavor(t, LastSegment(t.Text(recv)))
	case parser.KCallExpression:
		// `x.clone().lock()`, `Arc::clone(&x)`, `x.as_ref()`: look through.
		// (not `borrow()`: a RefCell's borrow yields the inner value, not another cell)
		switch MethodName(t, recv) {
		case "clone", "as_ref":
			return lawReceiverFlavor(t, Receiver(t, recv), at, depth+1)
		}
		if p := CalleePath(t, recv); LastSegment(p) == "clone" && len(Args(t, recv)) == 1 {
			return lawReceiverFlavor(t, Args(t, recv)[0], at, depth+1)
		}
	}
	return lawUnknown
}

// lawSelfFieldFlavor classifies field name of the struct that the impl around at is for.
func lawSelfFieldFlavor(t *parser.Tree, name string, at parser.NodeID) (lawFlavor, bool) {
	impl := parser.None
	t.Ancestors(at, func(a parser.NodeID) bool {
		if t.Is(a, parser.KImplItem) {
			impl = a
			return false
		}
		return true
	})
	if impl < 0 {
		return lawUnknown, false
	}
	ty := t.Field(impl, parser.FType)
	if t.Is(ty, parser.KGenericType) {
		ty = t.Field(ty, parser.FType)
	}
	typeName := LastSegment(strings.Join(strings.Fields(t.Text(ty)), ""))
	flavor, found := lawUnknown, false
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if found {
			return false
		}
		if t.Is(d, parser.KFunctionItem) {
			return false
		}
		if !t.Is(d, parser.KStructItem) || !t.TextIs(t.Field(d, parser.FName), typeName) {
			return true
		}
		t.Walk(t.Field(d, parser.FBody), func(f parser.NodeID) bool {
			if t.Is(f, parser.KFieldDeclaration) && t.TextIs(t.Field(f, parser.FName), name) {
				flavor = lawTextFlavor(t, t.Text(t.Field(f, parser.FType)), true)
				found = true
			}
			return !found
		})
		return false
	})
	return flavor, found
}

// lawFieldFlavor classifies the struct fields named name declared in this file.
func lawFieldFlavor(t *parser.Tree, name string) lawFlavor {
	flavor := lawUnknown
	seen := false
	conflict := false
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if conflict {
			return false
		}
		if !t.Is(d, parser.KFieldDeclaration) || !t.TextIs(t.Field(d, parser.FName), name) {
			return true
		}
		f := lawTextFlavor(t, t.Text(t.Field(d, parser.FType)), true)
		if seen && f != flavor {
			conflict = true
		}
		flavor, seen = f, true
		return false
	})
	if conflict {
		return lawUnknown
	}
	return flavor
}

// lawStaticFlavor classifies a static item named name.
func lawStaticFlavor(t *parser.Tree, name string) lawFlavor {
	flavor := lawUnknown
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if t.Is(d, parser.KStaticItem) && t.TextIs(t.Field(d, parser.FName), name) {
			flavor = lawTextFlavor(t, t.Text(t.Field(d, parser.FType)), true)
			return false
		}
		return flavor == lawUnknown
	})
	return flavor
}

// lawLocalFlavor classifies a local variable or parameter named name, seen from at: the
// nearest declaration before at in an enclosing scope.
func lawLocalFlavor(t *parser.Tree, name string, at parser.NodeID, depth int) lawFlavor {
	result := lawUnknown
	done := false
	atStart := t.Nodes[at].Start
	t.Ancestors(at, func(a parser.NodeID) bool {
		switch t.Kind(a) {
		case parser.KBlock, parser.KMacroBody:
			// the last `let name` before at in this block
			var found parser.NodeID = parser.None
			t.Children(a, func(c parser.NodeID) bool {
				if t.Nodes[c].Start >= atStart {
					return false
				}
				if t.Is(c, parser.KLetDeclaration) && t.Nodes[c].End <= atStart {
					if lawPatternNames(t, t.Field(c, parser.FPattern)).hasName(name) {
						found = c
					}
				}
				return true
			})
			if found >= 0 {
				if ty := t.Field(found, parser.FType); ty >= 0 {
					result = lawTextFlavor(t, t.Text(ty), true)
				} else if v := t.Field(found, parser.FValue); v >= 0 {
					result = lawTextFlavor(t, t.Text(v), false)
					if result == lawUnknown {
						result = lawReceiverFlavor(t, v, v, depth+1)
					}
				}
				done = true
				return false
			}
		case parser.KFunctionItem, parser.KClosureExpression:
			params := t.Field(a, parser.FParameters)
			if params >= 0 {
				t.Children(params, func(c parser.NodeID) bool {
					if t.Is(c, parser.KParameter) && lawPatternNames(t, t.Field(c, parser.FPattern)).hasName(name) {
						result = lawTextFlavor(t, t.Text(t.Field(c, parser.FType)), true)
						done = true
						return false
					}
					if t.Is(c, parser.KIdentifier) && t.TextIs(c, name) {
						done = true // untyped closure parameter
						return false
					}
					return true
				})
			}
			if done || t.Is(a, parser.KFunctionItem) {
				return false
			}
		}
		return true
	})
	if !done && result == lawUnknown {
		return lawStaticFlavor(t, name)
	}
	return result
}

// lawBindings are the names a pattern binds.
type lawBindings struct {
	ids    []parser.NodeID
	names  []string
	hasRef bool
}

func (b lawBindings) hasName(name string) bool {
	for _, n := range b.names {
		if n == name {
			return true
		}
	}
	return false
}

// has reports whether identifier d has one of the bound names (it does not check scoping).
func (b lawBindings) has(t *parser.Tree, d parser.NodeID) bool {
	for _, n := range b.names {
		if t.TextIs(d, n) {
			return true
		}
	}
	return false
}

// lawPatternNames collects the variables a pattern binds.
func lawPatternNames(t *parser.Tree, pat parser.NodeID) lawBindings {
	var b lawBindings
	if pat < 0 {
		return b
	}
	t.Walk(pat, func(d parser.NodeID) bool {
		switch t.Kind(d) {
		case parser.KRefPattern:
			b.hasRef = true
		case parser.KScopedIdentifier, parser.KTypeIdentifier, parser.KScopedTypeIdentifier:
			return false
		case parser.KMatchPattern:
			// skip the arm's guard condition
			if c := t.Field(d, parser.FCondition); c >= 0 {
				for ch := t.Nodes[d].FirstChild; ch >= 0; ch = t.Nodes[ch].Next {
					if ch == c {
						break
					}
					if t.IsNamed(ch) {
						sub := lawPatternNames(t, ch)
						b.ids = append(b.ids, sub.ids...)
						b.names = append(b.names, sub.names...)
						b.hasRef = b.hasRef || sub.hasRef
					}
				}
				return false
			}
		case parser.KIdentifier:
			if t.Nodes[d].Field == parser.FType {
				return false
			}
			txt := t.Text(d)
			if txt == "" || (txt[0] >= 'A' && txt[0] <= 'Z') {
				return false // a constant or a unit variant
			}
			b.ids = append(b.ids, d)
			b.names = append(b.names, txt)
		case lawKShorthandFieldIdent:
			b.ids = append(b.ids, d)
			b.names = append(b.names, t.Text(d))
		case lawKFieldPattern:
			// `b: c` binds c; `a` (shorthand) binds a
			if pp := t.Field(d, parser.FPattern); pp >= 0 {
				sub := lawPatternNames(t, pp)
				b.ids = append(b.ids, sub.ids...)
				b.names = append(b.names, sub.names...)
				b.hasRef = b.hasRef || sub.hasRef
				return false
			}
		}
		return true
	})
	return b
}

// lawAnalyse decides where the guard produced by lk lives and reports it when it is alive
// at a suspension point of body.
func lawAnalyse(p *Pass, lk lawLock, ed2024 bool) {
	t := p.Tree
	top := lk.top
	parent := t.Parent(top)
	switch {
	case t.Is(parent, parser.KLetDeclaration) && t.Field(parent, parser.FValue) == top:
		pat := t.Field(parent, parser.FPattern)
		names := lawPatternNames(t, pat)
		if len(names.ids) == 0 {
			return // `let _ = m.lock().unwrap();` drops the guard at once
		}
		container := t.Parent(parent)
		region := lawRegion{container: container, from: t.Nodes[parent].End}
		lawCheckBinding(p, lk, names, pat, region, "")
		return
	case t.Is(parent, parser.KLetCondition) && t.Field(parent, parser.FValue) == top:
		lawCheckScrutinee(p, lk, parent, ed2024)
		return
	case t.Is(parent, parser.KMatchExpression) && t.Field(parent, parser.FValue) == top:
		if let := t.Parent(parent); t.Is(let, parser.KLetDeclaration) && t.Field(let, parser.FValue) == parent &&
			lawPassesGuardThrough(t, parent) {
			// `let g = match m.lock() { Ok(g) => g, Err(e) => e.into_inner() };`
			pat := t.Field(let, parser.FPattern)
			names := lawPatternNames(t, pat)
			if len(names.ids) > 0 {
				lawCheckBinding(p, lk, names, pat, lawRegion{container: t.Parent(let), from: t.Nodes[let].End}, "")
			}
			return
		}
		lawCheckScrutinee(p, lk, parent, ed2024)
		return
	}
	if !lawTemporary(t, lk) {
		return
	}
	if let := lawExtendingLet(t, top); let >= 0 {
		region := lawRegion{container: t.Parent(let), from: t.Nodes[let].End}
		lawCheckBinding(p, lk, lawBindings{}, t.Field(let, parser.FPattern), region, "a reference to it")
		return
	}
	scope, exclude, why := lawTempScope(t, top, ed2024)
	if scope < 0 {
		return
	}
	for _, ap := range lawAwaitsIn(t, scope, exclude) {
		if !lawEvaluatedBefore(t, lk.call, ap) {
			continue // the lock is taken after the suspension point
		}
		lawReportTemp(p, lk, ap, why)
		return
	}
}

// lawEvaluatedBefore reports whether the lock call runs before the suspension point ap:
// inside the awaited expression, or earlier in evaluation order. Mostly that is source order,
// but an assignment evaluates its right side first (`*m.lock().unwrap() = f().await;` takes
// the lock after the await; checked with rustc for `=` and for `+=` on primitives).
func lawEvaluatedBefore(t *parser.Tree, call parser.NodeID, ap lawAwaitPoint) bool {
	if t.Nodes[call].Start >= t.Nodes[ap.at].Start {
		return false
	}
	child := call
	for a := t.Parent(call); a >= 0; child, a = a, t.Parent(a) {
		if t.IsAncestor(a, ap.node) {
			if (t.Is(a, parser.KAssignmentExpression) || t.Is(a, parser.KCompoundAssignment)) &&
				t.Field(a, parser.FLeft) == child {
				return false
			}
			return true
		}
	}
	return true
}

// lawPassesGuardThrough reports whether every arm of match m yields the guard it bound
// (`Ok(g) => g`, `Err(e) => e.into_inner()`) or leaves (`Err(_) => return`).
func lawPassesGuardThrough(t *parser.Tree, m parser.NodeID) bool {
	arms := 0
	ok := true
	t.Children(t.Field(m, parser.FBody), func(arm parser.NodeID) bool {
		if !t.Is(arm, parser.KMatchArm) {
			return true
		}
		arms++
		v := t.Unparen(t.Field(arm, parser.FValue))
		if t.Is(v, parser.KBlock) && len(t.NamedChildren(v)) == 1 {
			v = t.Unparen(t.NamedChild(v, 0))
		}
		if t.Is(v, parser.KCallExpression) && MethodName(t, v) == "into_inner" && len(Args(t, v)) == 0 {
			v = t.Unparen(Receiver(t, v))
		}
		names := lawPatternNames(t, t.Field(arm, parser.FPattern))
		switch {
		case t.Is(v, parser.KIdentifier) && names.hasName(t.Text(v)):
		case lawDiverges(t, t.Field(arm, parser.FValue)) || lawDiverges(t, v):
		default:
			ok = false
		}
		return ok
	})
	return ok && arms > 0
}

// lawTemporary reports whether the guard-valued expression lk.top is used by reference, so
// that it lives on as a temporary (rather than being moved into a call or a binding).
func lawTemporary(t *parser.Tree, lk lawLock) bool {
	top := lk.top
	p := t.Parent(top)
	switch t.Kind(p) {
	case parser.KFieldExpression:
		if t.Field(p, parser.FValue) != top {
			return false
		}
		gp := t.Parent(p)
		if t.Is(gp, parser.KCallExpression) && t.Field(gp, parser.FFunction) == p {
			m := t.Text(t.Field(p, parser.FField))
			if lk.resultty {
				return lawResultBorrows[m]
			}
			return true
		}
		return !lk.resultty
	case parser.KUnaryExpression:
		return lawIsDeref(t, p)
	case parser.KIndexExpression:
		return t.NamedChild(p, 0) == top
	case parser.KReferenceExpression:
		return true
	case parser.KBinaryExpression:
		op := t.Field(p, parser.FOperator)
		return op >= 0 && !t.TextIs(op, "&&") && !t.TextIs(op, "||")
	case parser.KMacroBody:
		return !MacroIs(t, t.Parent(p), "select", "select_biased", "join", "try_join", "pin", "pin_mut")
	}
	return false
}

// lawExtendingLet returns the `let` whose initializer borrows the guard in a way that
// extends it to the end of the block (`let g = &m.lock().unwrap();`, `&*..`, `&..field`),
// or None.
func lawExtendingLet(t *parser.Tree, top parser.NodeID) parser.NodeID {
	cur := top
	for {
		p := t.Parent(cur)
		switch {
		case t.Is(p, parser.KParenthesizedExpression):
		case t.Is(p, parser.KFieldExpression) && t.Field(p, parser.FValue) == cur &&
			!(t.Is(t.Parent(p), parser.KCallExpression) && t.Field(t.Parent(p), parser.FFunction) == p):
		case t.Is(p, parser.KIndexExpression) && t.NamedChild(p, 0) == cur:
		case lawIsDeref(t, p):
		case t.Is(p, parser.KReferenceExpression):
			gp := t.Parent(p)
			if t.Is(gp, parser.KLetDeclaration) && t.Field(gp, parser.FValue) == p {
				return gp
			}
			return parser.None
		default:
			return parser.None
		}
		cur = p
	}
}

// lawRegion is where a binding lives: the rest of a block (container, from a byte offset),
// or a whole node (an arm, an `if let` body).
type lawRegion struct {
	container parser.NodeID
	from      uint32
}

// lawAwaitsIn lists the suspension points in n (same body), in source order, skipping the
// subtree exclude.
func lawAwaitsIn(t *parser.Tree, n, exclude parser.NodeID) []lawAwaitPoint {
	var out []lawAwaitPoint
	WalkBody(t, n, func(d parser.NodeID) bool {
		if d == exclude {
			return false
		}
		if d != n && IsBodyBoundary(t, d) {
			return false
		}
		if t.Is(d, parser.KAwaitExpression) {
			at := d
			t.Children(d, func(c parser.NodeID) bool {
				if !t.IsNamed(c) && t.TextIs(c, "await") {
					at = c
				}
				return true
			})
			out = append(out, lawAwaitPoint{node: d, at: at})
		} else if lawAwaitingMacro(t, d) {
			at := t.Field(d, parser.FMacro)
			if at < 0 {
				at = d
			}
			out = append(out, lawAwaitPoint{node: d, at: at})
		}
		return true
	})
	return out
}

// lawTempScope returns the terminating scope of the temporary at x: the node whose end drops
// it, a subtree of it that runs after the drop (the `else` of an `if let` in 2024, the `else`
// of a `let .. else`), and what kept it alive beyond its own statement, for the message.
func lawTempScope(t *parser.Tree, x parser.NodeID, ed2024 bool) (scope, exclude parser.NodeID, why string) {
	child := x
	for a := t.Parent(x); a >= 0; child, a = a, t.Parent(a) {
		if IsBodyBoundary(t, a) {
			return a, parser.None, why
		}
		switch t.Kind(a) {
		case parser.KExpressionStatement:
			return a, parser.None, why
		case parser.KLetDeclaration:
			if t.Field(a, parser.FAlternative) == child {
				return child, parser.None, why
			}
			return a, t.Field(a, parser.FAlternative), why
		case parser.KMacroBody:
			// an argument of an expression macro, or the tail of a statement macro's body
			if lawAwaitingMacro(t, t.Parent(a)) {
				return child, parser.None, why
			}
		case parser.KBlock:
			if lawIsTail(t, a, child) {
				if lawTerminatingBlock(t, a) {
					return a, parser.None, why
				}
				if ed2024 {
					return child, parser.None, why
				}
				if why == "" {
					why = "tail"
				}
				continue
			}
			return child, parser.None, why // a statement macro or an item
		case parser.KIfExpression:
			if t.Field(a, parser.FCondition) == child {
				if t.Is(child, parser.KLetCondition) || t.Is(child, parser.KLetChain) {
					if why == "" {
						why = "if let"
					}
					if ed2024 {
						return a, t.Field(a, parser.FAlternative), why
					}
					continue
				}
				return child, parser.None, why
			}
			return child, parser.None, why
		case parser.KElseClause:
			return child, parser.None, why
		case parser.KWhileExpression:
			if t.Field(a, parser.FCondition) == child {
				if t.Is(child, parser.KLetCondition) || t.Is(child, parser.KLetChain) {
					if why == "" {
						why = "while let"
					}
					return a, parser.None, why
				}
				return child, parser.None, why
			}
			return child, parser.None, why
		case parser.KLoopExpression:
			return child, parser.None, why
		case parser.KForExpression:
			if t.Field(a, parser.FValue) == child {
				if why == "" {
					why = "for"
				}
				continue
			}
			return child, parser.None, why
		case parser.KMatchExpression:
			if t.Field(a, parser.FValue) == child && why == "" {
				why = "match"
			}
		case parser.KMatchArm:
			return child, parser.None, why
		case parser.KMatchPattern:
			if t.Field(a, parser.FCondition) == child {
				return child, parser.None, why
			}
		case parser.KBinaryExpression:
			op := t.Field(a, parser.FOperator)
			if t.TextIs(op, "&&") || t.TextIs(op, "||") {
				return child, parser.None, why
			}
		case parser.KLetChain:
			// each operand of `&&` in a let chain
			if !t.Is(child, parser.KLetCondition) {
				return child, parser.None, why
			}
		case parser.KSelectBranch, parser.KSelectElse:
			return child, parser.None, why
		case parser.KMacroInvocation:
			if lawBlockMacro(t, a) {
				return a, parser.None, why
			}
		}
	}
	return parser.None, parser.None, why
}

// lawIsTail reports whether child is the tail expression of block b.
func lawIsTail(t *parser.Tree, b, child parser.NodeID) bool {
	switch t.Kind(child) {
	case parser.KLetDeclaration, parser.KExpressionStatement, parser.KLabel:
		return false
	}
	last := parser.None
	t.Children(b, func(c parser.NodeID) bool {
		if t.IsNamed(c) && !t.IsComment(c) {
			last = c
		}
		return true
	})
	if last != child {
		return false
	}
	// a statement-position macro followed by `;` is not a tail
	if nx := t.Nodes[child].Next; nx >= 0 && t.TextIs(nx, ";") {
		return false
	}
	return !t.Is(child, parser.KMacroInvocation) || t.Is(b, parser.KBlock)
}

// lawTerminatingBlock reports whether block b is a terminating scope by its position: the
// body of a function, closure, async block, if/else, loop or match arm.
func lawTerminatingBlock(t *parser.Tree, b parser.NodeID) bool {
	p := t.Parent(b)
	switch t.Kind(p) {
	case parser.KFunctionItem, parser.KClosureExpression, parser.KAsyncBlock, parser.KIfExpression,
		parser.KElseClause, parser.KWhileExpression, parser.KLoopExpression, parser.KForExpression,
		parser.KMatchArm, parser.KSelectBranch, parser.KSelectElse:
		return true
	case parser.KLetDeclaration:
		return t.Field(p, parser.FAlternative) == b
	}
	return false
}

// lawBlockMacros expand to a block or an `if`, so temporaries in their arguments are
// dropped inside the macro.
var lawBlockMacros = map[string]bool{
	"format": true, "println": true, "print": true, "eprintln": true, "eprint": true,
	"assert": true, "debug_assert": true, "panic": true, "trace": true, "debug": true,
	"info": true, "warn": true, "error": true, "event": true, "log": true,
	"unreachable": true, "todo": true, "unimplemented": true, "trace_span": true,
	"debug_span": true, "info_span": true, "warn_span": true, "error_span": true, "span": true,
}

func lawBlockMacro(t *parser.Tree, m parser.NodeID) bool {
	return lawBlockMacros[t.MacroName(m)]
}

// lawCheckBinding reports a guard bound to names (or, with no names, a borrow of it that
// keeps it alive) when it is alive at a suspension point of region, and says whether it did.
func lawCheckBinding(p *Pass, lk lawLock, names lawBindings, pat parser.NodeID, region lawRegion, via string) bool {
	t := p.Tree
	awaits := lawAwaitsIn(t, region.container, parser.None)
	var kills []parser.NodeID
	if len(names.names) > 0 && !names.hasRef {
		kills = lawKills(t, names, region)
	}
	for _, ap := range awaits {
		if t.Nodes[ap.node].Start < region.from {
			continue
		}
		if lawKilledBefore(t, kills, ap, region.container) {
			continue
		}
		lawReportBinding(p, lk, names, pat, ap, via)
		return true
	}
	return false
}

// lawKills finds the uses of the bound names after region.from that move the guard away:
// `drop(g)`, `mem::drop(g)`, `consume(g)`, `x.method(g)`, `let h = g;`.
func lawKills(t *parser.Tree, names lawBindings, region lawRegion) []parser.NodeID {
	var out []parser.NodeID
	WalkBody(t, region.container, func(d parser.NodeID) bool {
		if d != region.container && IsBodyBoundary(t, d) {
			// `async move { .. g .. }` / `move || g`: the guard moves into it
			if t.Nodes[d].Start >= region.from && t.FirstChildOfKind(d, parser.TMove) >= 0 {
				captured := false
				t.Walk(d, func(x parser.NodeID) bool {
					if !captured && t.Is(x, parser.KIdentifier) && names.has(t, x) && !lawShadowed(t, x, t.Text(x), region) {
						captured = true
					}
					return !captured
				})
				if captured {
					out = append(out, d)
				}
			}
			return false
		}
		if !t.Is(d, parser.KIdentifier) || t.Nodes[d].Start < region.from || !names.has(t, d) {
			return true
		}
		p := t.Parent(d)
		moved := false
		switch {
		case t.Is(p, parser.KArguments):
			moved = true
		case t.Is(p, parser.KLetDeclaration) && t.Field(p, parser.FValue) == d:
			moved = true
		}
		if moved && !lawShadowed(t, d, t.Text(d), region) {
			out = append(out, d)
		}
		return true
	})
	return out
}

// lawShadowed reports whether the identifier occ, between region.from and occ, refers to a
// newer binding of name than the guard's.
func lawShadowed(t *parser.Tree, occ parser.NodeID, name string, region lawRegion) bool {
	occStart := t.Nodes[occ].Start
	shadowed := false
	child := occ
	for a := t.Parent(occ); a >= 0 && !shadowed; child, a = a, t.Parent(a) {
		switch t.Kind(a) {
		case parser.KBlock, parser.KMacroBody:
			t.Children(a, func(c parser.NodeID) bool {
				if t.Nodes[c].Start >= occStart {
					return false
				}
				if t.Is(c, parser.KLetDeclaration) && t.Nodes[c].Start >= region.from && t.Nodes[c].End <= occStart &&
					lawPatternNames(t, t.Field(c, parser.FPattern)).hasName(name) {
					shadowed = true
					return false
				}
				return true
			})
		case parser.KMatchArm:
			if t.Field(a, parser.FValue) == child && lawPatternNames(t, t.Field(a, parser.FPattern)).hasName(name) {
				shadowed = true
			}
		case parser.KIfExpression, parser.KWhileExpression:
			body := t.Field(a, parser.FConsequence)
			if t.Is(a, parser.KWhileExpression) {
				body = t.Field(a, parser.FBody)
			}
			if body == child {
				t.Walk(t.Field(a, parser.FCondition), func(d parser.NodeID) bool {
					if t.Is(d, parser.KLetCondition) && lawPatternNames(t, t.Field(d, parser.FPattern)).hasName(name) {
						shadowed = true
					}
					return !shadowed
				})
			}
		case parser.KForExpression:
			if t.Field(a, parser.FBody) == child && lawPatternNames(t, t.Field(a, parser.FPattern)).hasName(name) {
				shadowed = true
			}
		case parser.KSelectBranch:
			if t.Field(a, parser.FHandler) == child && lawPatternNames(t, t.Field(a, parser.FPattern)).hasName(name) {
				shadowed = true
			}
		}
		if a == region.container {
			break
		}
	}
	return shadowed
}

// lawKilledBefore reports whether some kill runs on every path from the binding to the
// suspension point ap.
func lawKilledBefore(t *parser.Tree, kills []parser.NodeID, ap lawAwaitPoint, container parser.NodeID) bool {
	for _, k := range kills {
		if t.Nodes[k].End > t.Nodes[ap.at].Start || t.IsAncestor(ap.node, k) {
			continue
		}
		if lawDominates(t, k, ap.node, container, kills) {
			return true
		}
	}
	return false
}

// lawDominates reports whether the code at k runs on every path that reaches target (both
// inside container): no branch, loop body, closure or lazy operand holds k without target.
// An if/else or a match whose every branch kills counts as a kill itself.
func lawDominates(t *parser.Tree, k, target, container parser.NodeID, kills []parser.NodeID) bool {
	child := k
	for a := t.Parent(k); a >= 0 && a != container; child, a = a, t.Parent(a) {
		if IsBodyBoundary(t, a) {
			return false
		}
		if !lawConditional(t, a, child) || t.IsAncestor(child, target) {
			continue
		}
		// k sits in a branch that does not lead to target: the construct still kills when
		// every one of its branches does.
		construct := a
		if t.Is(a, parser.KElseClause) {
			construct = t.Parent(a)
		}
		if t.Is(a, parser.KMatchArm) {
			construct = t.Parent(t.Parent(a))
		}
		if !lawAllBranchesKill(t, construct, kills) || t.IsAncestor(construct, target) {
			return false
		}
		// continue from the construct
		child = construct
		a = construct
	}
	return true
}

// lawConditional reports whether child runs only sometimes when its parent a runs.
func lawConditional(t *parser.Tree, a, child parser.NodeID) bool {
	switch t.Kind(a) {
	case parser.KIfExpression:
		return t.Field(a, parser.FConsequence) == child || t.Field(a, parser.FAlternative) == child
	case parser.KElseClause:
		return true
	case parser.KWhileExpression, parser.KForExpression, parser.KLoopExpression:
		return t.Field(a, parser.FBody) == child
	case parser.KMatchArm:
		return true
	case parser.KBinaryExpression:
		op := t.Field(a, parser.FOperator)
		return t.Field(a, parser.FRight) == child && (t.TextIs(op, "&&") || t.TextIs(op, "||"))
	case parser.KSelectBranch, parser.KSelectElse:
		return t.Field(a, parser.FHandler) == child
	case parser.KLetDeclaration:
		return t.Field(a, parser.FAlternative) == child
	case parser.KTryExpression:
		return false
	}
	return false
}

// lawAllBranchesKill reports whether every branch of an if/else chain (with a final else) or
// of a match contains a kill that runs whenever the branch does.
func lawAllBranchesKill(t *parser.Tree, construct parser.NodeID, kills []parser.NodeID) bool {
	var branches []parser.NodeID
	switch t.Kind(construct) {
	case parser.KIfExpression:
		for cur := construct; ; {
			branches = append(branches, t.Field(cur, parser.FConsequence))
			alt := t.Field(cur, parser.FAlternative)
			if alt < 0 {
				return false // no else: the path around the if keeps the guard
			}
			inner := t.NamedChild(alt, 0)
			if t.Is(inner, parser.KIfExpression) {
				cur = inner
				continue
			}
			branches = append(branches, inner)
			break
		}
	case parser.KMatchExpression:
		blk := t.Field(construct, parser.FBody)
		t.Children(blk, func(c parser.NodeID) bool {
			if t.Is(c, parser.KMatchArm) {
				branches = append(branches, t.Field(c, parser.FValue))
			}
			return true
		})
	default:
		return false
	}
	if len(branches) == 0 {
		return false
	}
	for _, b := range branches {
		if b < 0 {
			return false
		}
		ok := false
		for _, k := range kills {
			if t.IsAncestor(b, k) && lawDominatesEnd(t, k, b, kills) {
				ok = true
				break
			}
		}
		if !ok && !lawDiverges(t, b) {
			return false
		}
	}
	return true
}

// lawDominatesEnd reports whether k runs whenever branch b runs to its end.
func lawDominatesEnd(t *parser.Tree, k, b parser.NodeID, kills []parser.NodeID) bool {
	child := k
	for a := t.Parent(k); a >= 0 && a != b; child, a = a, t.Parent(a) {
		if IsBodyBoundary(t, a) {
			return false
		}
		if lawConditional(t, a, child) {
			construct := a
			if t.Is(a, parser.KElseClause) {
				construct = t.Parent(a)
			}
			if t.Is(a, parser.KMatchArm) {
				construct = t.Parent(t.Parent(a))
			}
			if !lawAllBranchesKill(t, construct, kills) {
				return false
			}
			child, a = construct, construct
		}
	}
	return true
}

// lawDiverges reports whether branch b always leaves (its last statement or tail is a
// `return`, `break`, `continue` or a panic).
func lawDiverges(t *parser.Tree, b parser.NodeID) bool {
	n := b
	if t.Is(n, parser.KBlock) {
		last := parser.None
		t.Children(n, func(c parser.NodeID) bool {
			if t.IsNamed(c) && !t.IsComment(c) {
				last = c
			}
			return true
		})
		n = last
		if t.Is(n, parser.KExpressionStatement) {
			n = t.NamedChild(n, 0)
		}
	}
	switch t.Kind(n) {
	case parser.KReturnExpression, parser.KBreakExpression, parser.KContinueExpression:
		return true
	case parser.KMacroInvocation:
		switch t.MacroName(n) {
		case "panic", "unreachable", "todo", "unimplemented":
			return true
		}
	}
	return false
}

// lawCheckScrutinee handles a guard that is the scrutinee itself of a `match`, `if let` or
// `while let` (`if let Ok(g) = m.try_lock()`, `match m.lock() { Ok(g) => .. }`). A pattern
// that binds moves the guard into the binding, which lives to the end of the arm or body;
// one that binds nothing leaves it in the temporary.
func lawCheckScrutinee(p *Pass, lk lawLock, construct parser.NodeID, ed2024 bool) {
	t := p.Tree
	if t.Is(construct, parser.KLetCondition) {
		pat := t.Field(construct, parser.FPattern)
		names := lawPatternNames(t, pat)
		owner := t.Parent(construct)
		for t.Is(owner, parser.KLetChain) {
			owner = t.Parent(owner)
		}
		var body parser.NodeID
		switch t.Kind(owner) {
		case parser.KIfExpression:
			body = t.Field(owner, parser.FConsequence)
		case parser.KWhileExpression:
			body = t.Field(owner, parser.FBody)
		default:
			return
		}
		if len(names.ids) > 0 && !names.hasRef {
			lawCheckBinding(p, lk, names, pat, lawRegion{container: body, from: t.Nodes[body].Start}, "")
			return
		}
		// no binding: the temporary owns the guard
		scope, exclude, why := lawTempScope(t, lk.top, ed2024)
		if scope < 0 {
			return
		}
		for _, ap := range lawAwaitsIn(t, scope, exclude) {
			if lawEvaluatedBefore(t, lk.call, ap) {
				lawReportTemp(p, lk, ap, why)
				return
			}
		}
		return
	}
	// match: each arm that binds holds the guard in its bindings; arms that bind nothing
	// leave it in the scrutinee temporary, alive to the end of the match.
	blk := t.Field(construct, parser.FBody)
	reported := false
	t.Children(blk, func(arm parser.NodeID) bool {
		if !t.Is(arm, parser.KMatchArm) || reported {
			return !reported
		}
		pat := t.Field(arm, parser.FPattern)
		val := t.Field(arm, parser.FValue)
		if val < 0 {
			return true
		}
		names := lawPatternNames(t, pat)
		if len(names.ids) > 0 && !names.hasRef {
			reported = lawCheckBinding(p, lk, names, pat, lawRegion{container: val, from: t.Nodes[val].Start}, "")
			return true
		}
		if lawArmHoldsNothing(t, pat) {
			return true
		}
		for _, ap := range lawAwaitsIn(t, val, parser.None) {
			lawReportTemp(p, lk, ap, "match")
			reported = true
			return false
		}
		return true
	})
}

// lawArmHoldsNothing reports whether an arm's pattern can only match a value that owns no
// guard: `Err(_)` of a try_lock (WouldBlock, or a poisoned lock we do not track) and `None`.
func lawArmHoldsNothing(t *parser.Tree, pat parser.NodeID) bool {
	txt := strings.Join(strings.Fields(t.Text(pat)), "")
	return strings.HasPrefix(txt, "Err(") || txt == "None" || strings.HasPrefix(txt, "Err")
}

// lawAwaitInIfLetElse reports whether ap lies in the else branch of the `if let` whose
// condition holds call.
func lawAwaitInIfLetElse(t *parser.Tree, call parser.NodeID, ap lawAwaitPoint) bool {
	in := false
	t.Ancestors(call, func(a parser.NodeID) bool {
		if IsBodyBoundary(t, a) {
			return false
		}
		if t.Is(a, parser.KIfExpression) && t.IsAncestor(t.Field(a, parser.FCondition), call) {
			alt := t.Field(a, parser.FAlternative)
			in = alt >= 0 && t.IsAncestor(alt, ap.node)
			return false
		}
		return true
	})
	return in
}

// lawCallText renders the lock call for messages: `self.state.lock()`.
func lawCallText(t *parser.Tree, call parser.NodeID) string {
	s := strings.Join(strings.Fields(t.Text(call)), "")
	if len(s) > 60 {
		recv := strings.Join(strings.Fields(t.Text(Receiver(t, call))), "")
		if len(recv) > 40 {
			recv = "…" + recv[len(recv)-40:]
		}
		s = recv + "." + MethodName(t, call) + "()"
	}
	return s
}

// lawWhat names the guard kind.
func lawWhat(lk lawLock) (guard, thing string) {
	switch lk.kind {
	case lawBorrow, lawBorrowMut:
		return "`RefCell` borrow", "borrow"
	case lawWatchBorrow:
		return "`watch` borrow (a read lock on the channel's value)", "borrow"
	case lawRead:
		return "read guard", "guard"
	case lawWrite:
		return "write guard", "guard"
	}
	return "lock guard", "guard"
}

func lawHelp(lk lawLock, temp bool) string {
	switch lk.kind {
	case lawBorrow, lawBorrowMut:
		if temp {
			return "copy what you need out of the cell in a statement of its own (`let v = cell.borrow().get(&k).cloned();`) so the borrow ends at its `;`, then await"
		}
		return "end the borrow before the `.await`: put it in a block that closes first, or `drop(..)` it, and copy out what you need"
	case lawWatchBorrow:
		return "clone the value out (`let v = rx.borrow().clone();`) or scope the borrow in a block that ends before the `.await`"
	}
	if temp {
		return "bind the value you need in a statement of its own (`let v = m.lock().unwrap().get(&k).cloned();`) so the guard is dropped at its `;`, then await; or use `tokio::sync::Mutex` if the lock must be held across the `.await`"
	}
	return "scope the guard in a block that ends before the `.await`, or `drop(..)` it first; if the lock must be held across the `.await`, use `tokio::sync::Mutex`"
}

func lawNotes(lk lawLock) []string {
	switch lk.kind {
	case lawBorrow, lawBorrowMut:
		return []string{"while this task is suspended, another task on the same thread that borrows the cell panics with `BorrowError`/`BorrowMutError`"}
	case lawWatchBorrow:
		return []string{"the sender's `send` blocks the thread while the borrow is held, and a task on the same thread can deadlock"}
	}
	return []string{"while the task is suspended, every other thread or task that locks it blocks its worker thread, and a task on the same thread that waits for it deadlocks; std (and default parking_lot) guards also make the future `!Send`"}
}

func lawAwaitName(t *parser.Tree, ap lawAwaitPoint) string {
	if t.Is(ap.node, parser.KMacroInvocation) {
		return "`" + t.MacroName(ap.node) + "!`"
	}
	return "an `.await`"
}

func lawAwaitRelated(t *parser.Tree, ap lawAwaitPoint, who string) RelatedNode {
	if t.Is(ap.node, parser.KMacroInvocation) {
		return RelatedNode{Node: ap.at, Message: "`" + t.MacroName(ap.node) + "!` awaits here while " + who + " is still held"}
	}
	return RelatedNode{Node: ap.at, Message: who + " is still held at this `.await`"}
}

func lawReportBinding(p *Pass, lk lawLock, names lawBindings, pat parser.NodeID, ap lawAwaitPoint, via string) {
	t := p.Tree
	guard, thing := lawWhat(lk)
	call := lawCallText(t, lk.call)
	who := "the " + thing
	var msg string
	node := pat
	if len(names.names) > 0 {
		name := strings.Join(names.names, "`, `")
		who = "`" + name + "`"
		msg = guard + " `" + name + "` of `" + call + "` is held across " + lawAwaitName(t, ap)
		if !t.Is(t.Parent(pat), parser.KLetDeclaration) {
			node = lk.call
		}
	} else {
		msg = guard + " of `" + call + "` is kept alive by " + via + " and held across " + lawAwaitName(t, ap)
	}
	d := Diagnostic{
		Node:    node,
		Message: msg,
		Help:    lawHelp(lk, false),
		Notes:   lawNotes(lk),
		Related: []RelatedNode{lawAwaitRelated(t, ap, who)},
	}
	if node != lk.call {
		taken := "the lock is taken here"
		if lk.kind == lawBorrow || lk.kind == lawBorrowMut || lk.kind == lawWatchBorrow {
			taken = "the borrow starts here"
		}
		d.Related = append(d.Related, RelatedNode{Node: lk.call, Message: taken})
	}
	if fx, ok := lawDropFix(t, names, pat, ap); ok {
		d.Fixes = append(d.Fixes, fx)
	}
	p.Report(d)
}

// lawDropFix ends the guard's scope before the statement that awaits: `drop(guard);` on a
// line of its own above it. It is offered for a guard bound by `let name = ..` in a block
// when that statement and everything after it in the block never mention the name (not
// even in a string or a macro), and no `let` or assignment in between mentions it (it could
// have stored a borrow of the guard). It always needs review: the lock is released sooner,
// so code that relied on holding it without touching the guard (a critical section) loses
// that; a guard named `_name` says it is held for that and gets no fix.
func lawDropFix(t *parser.Tree, names lawBindings, pat parser.NodeID, ap lawAwaitPoint) (Fix, bool) {
	let := t.Parent(pat)
	if len(names.names) != 1 || names.hasRef || !t.Is(let, parser.KLetDeclaration) {
		return Fix{}, false
	}
	name := names.names[0]
	if strings.HasPrefix(name, "_") || strings.TrimSpace(strings.TrimPrefix(compactText(t, pat), "mut ")) != name {
		return Fix{}, false
	}
	block := t.Parent(let)
	if !t.Is(block, parser.KBlock) {
		return Fix{}, false
	}
	stmt := ap.node
	for stmt >= 0 && t.Parent(stmt) != block {
		stmt = t.Parent(stmt)
	}
	if stmt < 0 || t.Nodes[stmt].Start < t.Nodes[let].End {
		return Fix{}, false
	}
	if mentionsWord(t.Src[t.Nodes[stmt].Start:t.Nodes[block].End], name) {
		return Fix{}, false
	}
	for c := t.Nodes[let].Next; c >= 0 && c != stmt; c = t.Nodes[c].Next {
		if !mentionsWord(t.Bytes(c), name) {
			continue
		}
		if t.Is(c, parser.KLetDeclaration) || lawMayMove(t.Bytes(c), name) {
			return Fix{}, false
		}
		if e := t.NamedChild(c, 0); t.Is(c, parser.KExpressionStatement) &&
			(t.Is(e, parser.KAssignmentExpression) || t.Is(e, parser.KCompoundAssignment)) {
			return Fix{}, false
		}
	}
	text := "drop(" + name + ");"
	fx := Fix{
		Description:   "Drop `" + name + "` before the statement that awaits, so that the lock is released first",
		Applicability: NeedsReview,
	}
	if e, ok := InsertLineAbove(t, stmt, text); ok {
		fx.Edits = []Edit{e}
	} else {
		fx.Edits = []Edit{InsertBefore(t, stmt, text+" ")}
	}
	return fx, true
}

// lawMayMove reports whether src uses the guard name other than through a method call, a
// field, an index, a deref or a borrow (`drop(g)`, `consume(g)`, `return g`, `{g}` in a
// format string): such a use may move it, and a later `drop(g)` would not compile.
func lawMayMove(src []byte, name string) bool {
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte(name))
		if j < 0 {
			return false
		}
		j += i
		end := j + len(name)
		i = j + 1
		if j > 0 && isIdentByte(src[j-1]) || end < len(src) && isIdentByte(src[end]) {
			continue
		}
		before := bytes.TrimRight(src[:j], " \t\r\n")
		after := bytes.TrimLeft(src[end:], " \t\r\n")
		borrowed := bytes.HasSuffix(before, []byte("&")) || bytes.HasSuffix(before, []byte("*")) ||
			bytes.HasSuffix(before, []byte("&mut"))
		accessed := bytes.HasPrefix(after, []byte("[")) ||
			bytes.HasPrefix(after, []byte(".")) && !bytes.HasPrefix(after, []byte(".."))
		if !borrowed && !accessed {
			return true
		}
	}
}

// mentionsWord reports whether src holds word as a whole identifier.
func mentionsWord(src []byte, word string) bool {
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte(word))
		if j < 0 {
			return false
		}
		j += i
		end := j + len(word)
		if (j == 0 || !isIdentByte(src[j-1])) && (end == len(src) || !isIdentByte(src[end])) {
			return true
		}
		i = j + 1
	}
}

func lawReportTemp(p *Pass, lk lawLock, ap lawAwaitPoint, why string) {
	t := p.Tree
	guard, thing := lawWhat(lk)
	call := lawCallText(t, lk.call)
	var where string
	switch why {
	case "match":
		where = "in a `match` scrutinee lives until the end of the `match`"
	case "if let":
		where = "in an `if let` scrutinee lives until the end of the `if let` (its `else` included, before Rust 2024)"
		if lawAwaitInIfLetElse(t, lk.call, ap) {
			where = "in an `if let` scrutinee lives through the `else` block too (before Rust 2024)"
		} else if ed := p.Info.Edition; ed >= "2024" && len(ed) == 4 {
			where = "in an `if let` scrutinee lives through the `if let` body"
		}
	case "while let":
		where = "in a `while let` scrutinee lives through the loop body"
	case "for":
		where = "in a `for` loop's iterator expression lives until the end of the loop"
	case "tail":
		where = "in a block's tail expression lives until the end of the enclosing statement (before Rust 2024)"
	default:
		where = "lives until the end of the statement"
	}
	msg := "the temporary " + guard + " of `" + call + "` " + where + ", so it is held across " + lawAwaitName(t, ap)
	d := Diagnostic{
		Node:    lk.call,
		Message: msg,
		Help:    lawHelp(lk, true),
		Notes:   lawNotes(lk),
		Related: []RelatedNode{lawAwaitRelated(t, ap, "the temporary "+thing)},
	}
	if why == "tail" {
		d.Notes = append(d.Notes, "edition 2024 drops a block's tail temporaries at the end of the block")
	}
	if why == "if let" && lawAwaitInIfLetElse(t, lk.call, ap) {
		d.Notes = append(d.Notes, "edition 2024 drops an `if let` scrutinee's temporaries before the `else` block (but not before the body)")
	}
	p.Report(d)
}
