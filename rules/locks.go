package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// The lock and guard questions lock_across_await and lock_twice share: which calls produce a
// guard and on what kind of lock (lockClassify and the flavors, from types declared in the
// file), and how long the guard lives by Rust's drop rules (guardAnalyse, which reports the
// points a guardWatch looks for while the guard is alive).
//
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

// lockKinds are node kinds the lock rules need that parser/kinds.go does not list.
var (
	lockKShorthandFieldIdent = parser.NamedKind("shorthand_field_identifier")
	lockKFieldPattern        = parser.NamedKind("field_pattern")
	lockKTypeItem            = parser.NamedKind("type_item")
)

// lockKind says what a call returns.
type lockKind int

const (
	lockMutex lockKind = iota + 1
	lockRead
	lockWrite
	lockBorrow
	lockBorrowMut
	lockWatchBorrow
)

// lockFlavor is what the receiver of a lock call is known to be.
type lockFlavor int

const (
	flavorUnknown lockFlavor = iota
	flavorSync               // std::sync, parking_lot, spin, lock_api or a crate's own sync lock
	flavorStd                // std::sync specifically: lock() returns a LockResult
	flavorAsync              // tokio::sync, futures::lock, async-lock ...: lock() is awaited
	flavorCell               // RefCell
	flavorWatch              // tokio::sync::watch::Receiver
	flavorOther              // declared in the file with a type that names no lock (an alias elsewhere may be one)
	flavorNone               // known by its type (types.go) not to be a lock
)

// lockCall is one call that produces a guard.
type lockCall struct {
	call     parser.NodeID // the `.lock()` call
	kind     lockKind
	top      parser.NodeID // the guard-valued expression: the call with `.unwrap()`, `?` ...
	unwrap   bool          // top went through unwrap/expect/?
	resultty bool          // top is still a Result/Option around the guard
	flavor   lockFlavor
}

// lockPoint is a place a rule looks for while a guard is alive: for lock_across_await
// where the body suspends (an `.await` or an awaiting macro), for lock_twice another
// acquisition of the same lock.
type lockPoint struct {
	node parser.NodeID // await_expression or macro_invocation; the acquisition
	at   parser.NodeID // what to point at: the `await` token or the macro name; the call
}

// guardWatch is what a rule asks the guard-lifetime analysis (guardAnalyse) to look for,
// and how it reports a point reached while the guard is alive.
type guardWatch struct {
	// points lists the points in n (same body), in source order, skipping the subtree
	// exclude.
	points func(t *parser.Tree, n, exclude parser.NodeID) []lockPoint
	// before reports whether the lock call runs before pt (for temporaries, whose scope
	// also holds code evaluated before the call).
	before func(t *parser.Tree, call parser.NodeID, pt lockPoint) bool
	// binding reports pt reached while the guard is bound to names (or, with no names,
	// kept alive by via); temp reports it for a temporary guard kept alive by why.
	binding func(p *Pass, lk lockCall, names patBindings, pat parser.NodeID, pt lockPoint, via string)
	temp    func(p *Pass, lk lockCall, pt lockPoint, why string)
	// kills, when set, finds more uses of a bound guard that end what the rule watches,
	// beyond the moves guardKills finds.
	kills func(t *parser.Tree, names patBindings, region guardRegion) []parser.NodeID
}

// awaitingMacro reports whether d is a macro invocation that awaits inside the body it
// appears in (select!, join! ...).
func awaitingMacro(t *parser.Tree, d parser.NodeID) bool {
	return MacroIs(t, d, "select", "select_biased", "join", "try_join")
}

// lockGuardUnwrap are the methods that turn a LockResult/Option of a guard into the guard
// (or into another Result/Option that still owns it).
var lockGuardUnwrap = map[string]bool{
	"unwrap": true, "expect": true, "unwrap_or_else": true, "unwrap_unchecked": true,
	"map_err": true, "ok": true, "context": true, "with_context": true, "wrap_err": true,
}

// lockFutureMethods are methods of futures: a bare `.lock()` followed by one of them is an
// async lock's future, not a guard.
var lockFutureMethods = map[string]bool{
	"then": true, "map": true, "boxed": true, "boxed_local": true, "fuse": true,
	"now_or_never": true, "into_future": true, "instrument": true, "in_current_span": true,
	"with_subscriber": true, "timeout": true, "catch_unwind": true, "poll": true,
	"poll_unpin": true, "shared": true, "left_future": true, "right_future": true,
	"map_ok": true, "and_then": true, "or_else": true, "inspect": true, "unit_error": true,
	"with_current_subscriber": true, "race": true, "or": true, "zip": true,
}

// lockResultBorrows are methods of Result/Option that borrow it (the temporary that owns the
// guard stays alive to the end of its scope).
var lockResultBorrows = map[string]bool{
	"is_ok": true, "is_err": true, "is_some": true, "is_none": true, "as_ref": true,
	"as_mut": true, "as_deref": true, "as_deref_mut": true,
}

// lockClassify decides whether call, on a receiver of the given flavor (lockReceiverOf),
// produces a synchronous guard, and climbs to the expression that holds it.
func lockClassify(t *parser.Tree, call parser.NodeID, method string, kind lockKind, flavor lockFlavor) (lockCall, bool) {
	lk := lockCall{call: call, kind: kind, top: call}
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
				if lockGuardUnwrap[m] {
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
	lk.flavor = flavor
	if flavor == flavorNone {
		return lk, false
	}
	try := strings.HasPrefix(method, "try_")
	switch kind {
	case lockBorrow, lockBorrowMut:
		if lk.flavor == flavorWatch && (method == "borrow" || method == "borrow_and_update") {
			lk.kind = lockWatchBorrow
			return lk, true
		}
		if lk.flavor != flavorCell || method == "borrow_and_update" {
			return lk, false
		}
		if try && !lk.unwrap {
			lk.resultty = true
		}
		return lk, true
	}
	if lk.flavor == flavorAsync || lk.flavor == flavorCell || lk.flavor == flavorWatch {
		return lk, false
	}
	fileFlavor := lockFileFlavor(t, kind)
	switch {
	case try:
		// tokio's try_lock/try_read/try_write also return a Result of a guard, one that
		// may be held across `.await`: only a lock known to be synchronous counts.
		if lk.flavor == flavorUnknown && (fileFlavor == flavorSync || fileFlavor == flavorStd) {
			lk.flavor = fileFlavor
		}
		if lk.flavor != flavorSync && lk.flavor != flavorStd {
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
	if lk.flavor == flavorOther {
		return lk, false // declared with a type that is not a lock we know
	}
	if lk.flavor == flavorStd {
		lk.resultty = true
		return lk, true
	}
	if lk.flavor == flavorUnknown {
		if kind != lockMutex {
			// `.read()` / `.write()` without arguments on something we cannot see: only
			// when the file's RwLock is a synchronous one.
			if fileFlavor != flavorSync {
				return lk, false
			}
			// `regs.status().read()`: a register or accessor read, not a lock field
			switch t.Kind(t.Unparen(recv)) {
			case parser.KIdentifier, parser.KFieldExpression:
			default:
				return lk, false
			}
		} else if fileFlavor == flavorAsync {
			return lk, false
		}
		if !lockBareGuardUse(t, lk.top) {
			return lk, false
		}
	}
	return lk, true
}

// lockBareGuardUse reports whether the value of a bare `.lock()` of unknown type is used the
// way a guard is (deref, field access, a method that is not a future combinator, a `let`
// binding that is never awaited), rather than the way a future is.
func lockBareGuardUse(t *parser.Tree, top parser.NodeID) bool {
	p := t.Parent(top)
	switch t.Kind(p) {
	case parser.KFieldExpression:
		if t.Field(p, parser.FValue) != top {
			return false
		}
		gp := t.Parent(p)
		if t.Is(gp, parser.KCallExpression) && t.Field(gp, parser.FFunction) == p {
			return !lockFutureMethods[t.Text(t.Field(p, parser.FField))]
		}
		return true
	case parser.KUnaryExpression:
		return lockIsDeref(t, p)
	case parser.KIndexExpression:
		return t.NamedChild(p, 0) == top
	case parser.KLetDeclaration:
		if t.Field(p, parser.FValue) != top {
			return false
		}
		names := patternNames(t, t.Field(p, parser.FPattern))
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
				lockFutureMethods[t.Text(t.Field(up, parser.FField))]:
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

func lockIsDeref(t *parser.Tree, u parser.NodeID) bool {
	if !t.Is(u, parser.KUnaryExpression) {
		return false
	}
	first := t.Nodes[u].FirstChild
	return first >= 0 && t.TextIs(first, "*")
}

// lockFileFlavor classifies what `Mutex` (for lock calls) or `RwLock` (for read/write) names
// in this file, through its imports.
func lockFileFlavor(t *parser.Tree, kind lockKind) lockFlavor {
	name := "Mutex"
	if kind == lockRead || kind == lockWrite {
		name = "RwLock"
	}
	if full, ok := t.Imports.Names[name]; ok {
		return lockPathFlavor(full)
	}
	for _, g := range t.Imports.Globs {
		if f := lockPathFlavor(g + "::" + name); f == flavorAsync || f == flavorStd {
			return f
		}
	}
	return flavorUnknown
}

// lockAsyncPrefixes are the crates and modules whose locks are awaited.
var lockAsyncPrefixes = []string{
	"tokio::sync", "futures::lock", "futures_util::lock", "async_lock", "async_std::sync",
	"smol::lock", "async_mutex", "futures_locks", "maitake_sync", "embassy_sync",
	"async_rwlock", "tokio::sync::watch",
}

// lockPathFlavor classifies a full type path such as "tokio::sync::Mutex".
func lockPathFlavor(path string) lockFlavor {
	last := LastSegment(path)
	if last == "RefCell" {
		return flavorCell
	}
	if last == "Receiver" || last == "Sender" {
		if strings.Contains(path, "watch::") {
			return flavorWatch
		}
		return flavorOther
	}
	for _, pre := range lockAsyncPrefixes {
		if strings.HasPrefix(path, pre+"::") || strings.Contains(path, "::"+pre+"::") {
			return flavorAsync
		}
	}
	if strings.HasPrefix(path, "std::sync::") || strings.HasPrefix(path, "core::sync::") {
		return flavorStd
	}
	if strings.Contains(path, "::") {
		return flavorSync
	}
	return flavorUnknown
}

// lockTypeFlavors are the lock types the resolver can name, by path.
var lockTypeFlavors = map[string]lockFlavor{
	"std::sync::Mutex": flavorStd, "std::sync::RwLock": flavorStd,
	"std::sync::ReentrantLock": flavorSync, "parking_lot::Mutex": flavorSync, "parking_lot::RwLock": flavorSync,
	"parking_lot::FairMutex": flavorSync, "parking_lot::ReentrantMutex": flavorSync,
	"spin::Mutex": flavorSync, "spin::RwLock": flavorSync, "lock_api::Mutex": flavorSync,
	"lock_api::RwLock": flavorSync, "lock_api::ReentrantMutex": flavorSync,
	"tokio::sync::Mutex": flavorAsync, "tokio::sync::RwLock": flavorAsync, "futures::lock::Mutex": flavorAsync,
	"async_lock::Mutex": flavorAsync, "async_lock::RwLock": flavorAsync, "async_std::sync::Mutex": flavorAsync,
	"async_std::sync::RwLock":      flavorAsync,
	"std::cell::RefCell":           flavorCell,
	"tokio::sync::watch::Receiver": flavorWatch, "tokio::sync::watch::Sender": flavorWatch,
}

// lockTypeFlavor says what the receiver of a lock method is by its type (see types.go): the
// lock it is, flavorNone for a type that is known not to be a lock (a struct of the crate
// whose own `read` returns a packet, a `std::fs::File`, a `tokio::io::BufReader`),
// flavorUnknown when the type does not tell (the file's evidence decides), and pending when
// another file of the crate must tell.
func lockTypeFlavor(r *typeResolver, ty Type, method string) (lockFlavor, bool) {
	owner, fn, pending := r.MethodOwner(ty, method)
	if pending {
		return flavorUnknown, true
	}
	if owner.Path == "" || strings.HasPrefix(owner.Path, "std::io::Std") {
		// unknown; or Stdout/Stdin/Stderr, whose reentrant lock() keeps today's evidence
		return flavorUnknown, false
	}
	if f, ok := lockTypeFlavors[owner.Path]; ok {
		return f, false
	}
	if fn != nil {
		// the crate's own method: what it returns decides
		return lockReturnFlavor(r, fn.ret())
	}
	if owner.Crate {
		// a type of the crate without such a method of its own: a trait's default method,
		// or one a macro made
		return flavorUnknown, false
	}
	if lockTypeWords[owner.Name()] {
		return lockPathFlavor(owner.Path), false
	}
	if lockTypeMentions(owner, 0) || !typeWellKnown(owner.Path) {
		// `web::Data<Mutex<T>>` and other wrappers we do not know; a type of a crate we do
		// not know (a workspace's own `common::Shared` may be an alias of a lock)
		return flavorUnknown, false
	}
	return flavorNone, false
}

// lockReturnFlavor classifies what a method of the crate named like a lock method returns: a
// guard (flavorSync: it is the guard), a Result or Option of one (flavorStd: it must be
// unwrapped), a future (flavorAsync), or something else.
func lockReturnFlavor(r *typeResolver, ret Type) (lockFlavor, bool) {
	ret = r.Norm(ret)
	if ret.Pending() {
		return flavorUnknown, true
	}
	switch {
	case ret.Path == "":
		return flavorUnknown, false
	case ret.Path == "impl Future":
		// an async method: an async lock when it yields a guard (or a Result of one)
		out := r.Norm(ret.Arg(0))
		if out.Pending() {
			return flavorUnknown, true
		}
		if typeResultLikePath(out.Path) {
			out = r.Norm(out.Arg(0))
		}
		if out.Pending() {
			return flavorUnknown, true
		}
		switch {
		case out.Path == "":
			return flavorUnknown, false
		case lockGuardType(out.Path):
			return flavorAsync, false
		case out.Crate && (strings.Contains(out.Name(), "Guard") || strings.Contains(out.Name(), "Lock")):
			return flavorUnknown, false
		}
		return flavorNone, false
	case typeResultLikePath(ret.Path):
		inner := r.Norm(ret.Arg(0))
		if inner.Pending() {
			return flavorUnknown, true
		}
		if f, _ := lockReturnFlavor(r, inner); f == flavorSync {
			return flavorStd, false
		}
		return flavorNone, false
	case lockGuardType(ret.Path):
		if lockPathFlavor(ret.Path) == flavorAsync {
			return flavorAsync, false
		}
		return flavorSync, false
	case ret.Crate && (strings.Contains(ret.Name(), "Guard") || strings.Contains(ret.Name(), "Lock")):
		return flavorUnknown, false // a guard of the crate's own, perhaps holding a lock
	}
	return flavorNone, false
}

// lockGuardType reports whether path names a guard type (of typeDerefWrappers).
func lockGuardType(path string) bool {
	name := LastSegment(path)
	return typeDerefWrappers[path] && (strings.HasSuffix(name, "Guard") || name == "Ref" || name == "RefMut") ||
		strings.HasPrefix(path, "std::io::Std") && strings.HasSuffix(name, "Lock")
}

// lockTypeMentions reports whether a lock type appears among ty's generic arguments.
func lockTypeMentions(ty Type, depth int) bool {
	if depth > 4 {
		return false
	}
	for _, a := range ty.Args {
		if _, ok := lockTypeFlavors[a.Path]; ok || lockTypeWords[a.Name()] || a.Pending() || lockTypeMentions(a, depth+1) {
			return true
		}
	}
	return false
}

// lockReceiverAnswer is what the receiver of a lock call is: by its type when the resolver
// knows it, else by the evidence of the file (lockReceiverFlavor). When another file of the
// crate must tell, it is pending: the rule analyses each candidate flavor and keeps what
// the crate confirms (lockSpeculate).
type lockReceiverAnswer struct {
	flavor   lockFlavor // the answer, when not pending
	pending  bool
	evidence lockFlavor // what the file's declarations and imports say
	ty       Type
	method   string
	path     string
}

func lockReceiverOf(p *Pass, call parser.NodeID, method string) lockReceiverAnswer {
	t := p.Tree
	recv := Receiver(t, call)
	a := lockReceiverAnswer{evidence: lockReceiverFlavor(t, recv, call, 0), method: method, path: p.Info.Path}
	a.ty = p.TypeOf(recv)
	f, pending := lockTypeFlavor(p.typeResolver(), a.ty, method)
	switch {
	case pending:
		a.pending = true
	case f != flavorUnknown:
		a.flavor = f
	default:
		a.flavor = a.evidence
	}
	return a
}

// settle is the receiver's flavor once every file of the crate is known.
func (a lockReceiverAnswer) settle(c *Crate) lockFlavor {
	f, _ := lockTypeFlavor(c.typeResolver(a.path), a.ty, a.method)
	if f == flavorUnknown {
		return a.evidence
	}
	return f
}

// lockEmit reports a diagnostic now (settle nil) or once the crate's facts are in.
type lockEmit func(d Diagnostic, settle func(*Crate, *finding.Finding) bool)

// lockReport is the lockEmit of a receiver whose flavor is decided.
func lockReport(p *Pass) lockEmit {
	return func(d Diagnostic, settle func(*Crate, *finding.Finding) bool) {
		if settle == nil {
			p.Report(d)
		} else {
			p.ReportLater(d, settle)
		}
	}
}

// lockSpeculate runs a check once per flavor a pending receiver may have, and reports what
// each run found with ReportLater, kept when the crate settles the receiver to that flavor.
// Runs that report the same diagnostics share them.
func lockSpeculate(p *Pass, ans lockReceiverAnswer, run func(f lockFlavor, emit lockEmit)) {
	type out struct {
		d      Diagnostic
		settle func(*Crate, *finding.Finding) bool
	}
	type group struct {
		flavors []lockFlavor
		outs    []out
		key     string
	}
	var groups []*group
	flavors := []lockFlavor{ans.evidence}
	for _, f := range []lockFlavor{flavorStd, flavorSync, flavorAsync, flavorCell, flavorWatch} {
		if f != ans.evidence {
			flavors = append(flavors, f)
		}
	}
	for _, f := range flavors {
		var outs []out
		run(f, func(d Diagnostic, settle func(*Crate, *finding.Finding) bool) { outs = append(outs, out{d, settle}) })
		if len(outs) == 0 {
			continue
		}
		var key strings.Builder
		for _, o := range outs {
			if o.settle != nil {
				key.Reset() // settled later by the run's own state: never shared
				break
			}
			fmt.Fprintf(&key, "%d|%d|%s|%s|%q|%v\n", o.d.Node, o.d.Level, o.d.Message, o.d.Help, o.d.Notes, o.d.Related)
		}
		var g *group
		for _, x := range groups {
			if key.Len() > 0 && x.key == key.String() {
				g = x
			}
		}
		if g == nil {
			g = &group{outs: outs, key: key.String()}
			groups = append(groups, g)
		}
		g.flavors = append(g.flavors, f)
	}
	for _, g := range groups {
		fs := g.flavors
		for _, o := range g.outs {
			settle := o.settle
			p.ReportLater(o.d, func(c *Crate, fin *finding.Finding) bool {
				if !slices.Contains(fs, ans.settle(c)) {
					return false
				}
				return settle == nil || settle(c, fin)
			})
		}
	}
}

// lockTypeWords are the type names that decide a receiver's flavor.
var lockTypeWords = map[string]bool{
	"Mutex": true, "RwLock": true, "ReentrantMutex": true, "FairMutex": true,
	"SpinMutex": true, "RefCell": true, "Receiver": true, "Sender": true,
}

// lockTextFlavor classifies a type or constructor text: the first lock word in it decides
// (`Arc<Mutex<RefCell<T>>>` is a Mutex, `Rc<RefCell<T>>` a RefCell). A text without one is
// flavorOther when it is a type, flavorUnknown otherwise.
func lockTextFlavor(t *parser.Tree, text string, isType bool) lockFlavor {
	return lockTextFlavorDepth(t, text, isType, 0)
}

func lockTextFlavorDepth(t *parser.Tree, text string, isType bool, depth int) lockFlavor {
	var tokens []string
	i := 0
	for i < len(text) {
		c := text[i]
		if !lockIdentStart(c) {
			i++
			continue
		}
		j := i
		for j < len(text) && (lockIdentChar(text[j]) || (text[j] == ':' && j+1 < len(text) && text[j+1] == ':')) {
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
			if lockTypeWords[segs[k]] {
				path := strings.Join(segs[:k+1], "::")
				f := lockPathFlavor(path)
				if f == flavorUnknown {
					// an unqualified name that no `use` explains: a glob may
					for _, g := range t.Imports.Globs {
						if gf := lockPathFlavor(g + "::" + segs[k]); gf != flavorSync {
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
			aliases := lockTypeAliases(t)
			for _, tok := range tokens {
				if alias, ok := aliases[tok]; ok {
					return lockTextFlavorDepth(t, alias, true, depth+1)
				}
			}
		}
		return flavorOther
	}
	return flavorUnknown
}

// lockTypeAliases maps the names of this file's `type X = ..;` items to their types.
func lockTypeAliases(t *parser.Tree) map[string]string {
	out := map[string]string{}
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		switch t.Kind(d) {
		case lockKTypeItem:
			out[t.Text(t.Field(d, parser.FName))] = t.Text(t.Field(d, parser.FType))
			return false
		case parser.KFunctionItem:
			return false // aliases live at item level
		}
		return true
	})
	return out
}

func lockIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

func lockIdentChar(c byte) bool {
	return lockIdentStart(c) || (c >= '0' && c <= '9')
}

// lockReceiverFlavor looks for the declaration of a lock call's receiver in this file: a
// struct field, a parameter, a `let` or a static. It returns flavorUnknown when it finds none
// or when they disagree.
func lockReceiverFlavor(t *parser.Tree, recv, at parser.NodeID, depth int) lockFlavor {
	recv = t.Unparen(recv)
	for t.Is(recv, parser.KReferenceExpression) || lockIsDeref(t, recv) {
		recv = t.NamedChild(recv, 0)
		if t.Is(recv, parser.KMutableSpecifier) {
			recv = t.NamedChild(t.Parent(recv), 1)
		}
		recv = t.Unparen(recv)
	}
	if recv < 0 || depth > 3 {
		return flavorUnknown
	}
	switch t.Kind(recv) {
	case parser.KFieldExpression:
		name := t.Text(t.Field(recv, parser.FField))
		if t.Is(t.Unparen(t.Field(recv, parser.FValue)), parser.KSelf) {
			// `self.name`: the field of the impl's own struct, when it is in this file
			if f, ok := lockSelfFieldFlavor(t, name, at); ok {
				return f
			}
		}
		return lockFieldFlavor(t, name)
	case parser.KIdentifier:
		return lockLocalFlavor(t, t.Text(recv), at, depth)
	case parser.KScopedIdentifier:
		return lockStaticFlavor(t, LastSegment(t.Text(recv)))
	case parser.KCallExpression:
		// `x.clone().lock()`, `Arc::clone(&x)`, `x.as_ref()`: look through.
		// (not `borrow()`: a RefCell's borrow yields the inner value, not another cell)
		switch MethodName(t, recv) {
		case "clone", "as_ref":
			return lockReceiverFlavor(t, Receiver(t, recv), at, depth+1)
		}
		if p := CalleePath(t, recv); LastSegment(p) == "clone" && len(Args(t, recv)) == 1 {
			return lockReceiverFlavor(t, Args(t, recv)[0], at, depth+1)
		}
	}
	return flavorUnknown
}

// lockSelfFieldFlavor classifies field name of the struct that the impl around at is for.
func lockSelfFieldFlavor(t *parser.Tree, name string, at parser.NodeID) (lockFlavor, bool) {
	impl := parser.None
	t.Ancestors(at, func(a parser.NodeID) bool {
		if t.Is(a, parser.KImplItem) {
			impl = a
			return false
		}
		return true
	})
	if impl < 0 {
		return flavorUnknown, false
	}
	ty := t.Field(impl, parser.FType)
	if t.Is(ty, parser.KGenericType) {
		ty = t.Field(ty, parser.FType)
	}
	typeName := LastSegment(strings.Join(strings.Fields(t.Text(ty)), ""))
	flavor, found := flavorUnknown, false
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
				flavor = lockTextFlavor(t, t.Text(t.Field(f, parser.FType)), true)
				found = true
			}
			return !found
		})
		return false
	})
	return flavor, found
}

// lockFieldFlavor classifies the struct fields named name declared in this file.
func lockFieldFlavor(t *parser.Tree, name string) lockFlavor {
	flavor := flavorUnknown
	seen := false
	conflict := false
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if conflict {
			return false
		}
		if !t.Is(d, parser.KFieldDeclaration) || !t.TextIs(t.Field(d, parser.FName), name) {
			return true
		}
		f := lockTextFlavor(t, t.Text(t.Field(d, parser.FType)), true)
		if seen && f != flavor {
			conflict = true
		}
		flavor, seen = f, true
		return false
	})
	if conflict {
		return flavorUnknown
	}
	return flavor
}

// lockStaticFlavor classifies a static item named name.
func lockStaticFlavor(t *parser.Tree, name string) lockFlavor {
	flavor := flavorUnknown
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if t.Is(d, parser.KStaticItem) && t.TextIs(t.Field(d, parser.FName), name) {
			flavor = lockTextFlavor(t, t.Text(t.Field(d, parser.FType)), true)
			return false
		}
		return flavor == flavorUnknown
	})
	return flavor
}

// lockLocalFlavor classifies a local variable or parameter named name, seen from at: the
// nearest declaration before at in an enclosing scope.
func lockLocalFlavor(t *parser.Tree, name string, at parser.NodeID, depth int) lockFlavor {
	result := flavorUnknown
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
					if patternNames(t, t.Field(c, parser.FPattern)).hasName(name) {
						found = c
					}
				}
				return true
			})
			if found >= 0 {
				if ty := t.Field(found, parser.FType); ty >= 0 {
					result = lockTextFlavor(t, t.Text(ty), true)
				} else if v := t.Field(found, parser.FValue); v >= 0 {
					result = lockTextFlavor(t, t.Text(v), false)
					if result == flavorUnknown {
						result = lockReceiverFlavor(t, v, v, depth+1)
					}
				}
				done = true
				return false
			}
		case parser.KFunctionItem, parser.KClosureExpression:
			params := t.Field(a, parser.FParameters)
			if params >= 0 {
				t.Children(params, func(c parser.NodeID) bool {
					if t.Is(c, parser.KParameter) && patternNames(t, t.Field(c, parser.FPattern)).hasName(name) {
						result = lockTextFlavor(t, t.Text(t.Field(c, parser.FType)), true)
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
	if !done && result == flavorUnknown {
		return lockStaticFlavor(t, name)
	}
	return result
}

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

// patternNames collects the variables a pattern binds.
func patternNames(t *parser.Tree, pat parser.NodeID) patBindings {
	var b patBindings
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
						sub := patternNames(t, ch)
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
		case lockKShorthandFieldIdent:
			b.ids = append(b.ids, d)
			b.names = append(b.names, t.Text(d))
		case lockKFieldPattern:
			// `b: c` binds c; `a` (shorthand) binds a
			if pp := t.Field(d, parser.FPattern); pp >= 0 {
				sub := patternNames(t, pp)
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

// guardAnalyse decides where the guard produced by lk lives and reports it when it is alive
// at a suspension point of body.
func guardAnalyse(p *Pass, w *guardWatch, lk lockCall, ed2024 bool) {
	t := p.Tree
	top := lk.top
	parent := t.Parent(top)
	switch {
	case t.Is(parent, parser.KLetDeclaration) && t.Field(parent, parser.FValue) == top:
		pat := t.Field(parent, parser.FPattern)
		names := patternNames(t, pat)
		if len(names.ids) == 0 {
			return // `let _ = m.lock().unwrap();` drops the guard at once
		}
		container := t.Parent(parent)
		region := guardRegion{container: container, from: t.Nodes[parent].End}
		guardCheckBinding(p, w, lk, names, pat, region, "")
		return
	case t.Is(parent, parser.KLetCondition) && t.Field(parent, parser.FValue) == top:
		guardCheckScrutinee(p, w, lk, parent, ed2024)
		return
	case t.Is(parent, parser.KMatchExpression) && t.Field(parent, parser.FValue) == top:
		if let := t.Parent(parent); t.Is(let, parser.KLetDeclaration) && t.Field(let, parser.FValue) == parent &&
			guardPassesThrough(t, parent) {
			// `let g = match m.lock() { Ok(g) => g, Err(e) => e.into_inner() };`
			pat := t.Field(let, parser.FPattern)
			names := patternNames(t, pat)
			if len(names.ids) > 0 {
				guardCheckBinding(p, w, lk, names, pat, guardRegion{container: t.Parent(let), from: t.Nodes[let].End}, "")
			}
			return
		}
		guardCheckScrutinee(p, w, lk, parent, ed2024)
		return
	}
	if !guardTemporary(t, lk) {
		return
	}
	if let := guardExtendingLet(t, top); let >= 0 {
		region := guardRegion{container: t.Parent(let), from: t.Nodes[let].End}
		guardCheckBinding(p, w, lk, patBindings{}, t.Field(let, parser.FPattern), region, "a reference to it")
		return
	}
	scope, exclude, why := guardTempScope(t, top, ed2024)
	if scope < 0 {
		return
	}
	for _, ap := range w.points(t, scope, exclude) {
		if !w.before(t, lk.call, ap) {
			continue // the lock is taken after the suspension point
		}
		w.temp(p, lk, ap, why)
		return
	}
}

// guardEvaluatedBefore reports whether the lock call runs before the suspension point ap:
// inside the awaited expression, or earlier in evaluation order. Mostly that is source order,
// but an assignment evaluates its right side first (`*m.lock().unwrap() = f().await;` takes
// the lock after the await; checked with rustc for `=` and for `+=` on primitives).
func guardEvaluatedBefore(t *parser.Tree, call parser.NodeID, ap lockPoint) bool {
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

// guardPassesThrough reports whether every arm of match m yields the guard it bound
// (`Ok(g) => g`, `Err(e) => e.into_inner()`) or leaves (`Err(_) => return`).
func guardPassesThrough(t *parser.Tree, m parser.NodeID) bool {
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
		names := patternNames(t, t.Field(arm, parser.FPattern))
		switch {
		case t.Is(v, parser.KIdentifier) && names.hasName(t.Text(v)):
		case guardDiverges(t, t.Field(arm, parser.FValue)) || guardDiverges(t, v):
		default:
			ok = false
		}
		return ok
	})
	return ok && arms > 0
}

// guardTemporary reports whether the guard-valued expression lk.top is used by reference, so
// that it lives on as a temporary (rather than being moved into a call or a binding).
func guardTemporary(t *parser.Tree, lk lockCall) bool {
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
				return lockResultBorrows[m]
			}
			return true
		}
		return !lk.resultty
	case parser.KUnaryExpression:
		return lockIsDeref(t, p)
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

// guardExtendingLet returns the `let` whose initializer borrows the guard in a way that
// extends it to the end of the block (`let g = &m.lock().unwrap();`, `&*..`, `&..field`),
// or None.
func guardExtendingLet(t *parser.Tree, top parser.NodeID) parser.NodeID {
	cur := top
	for {
		p := t.Parent(cur)
		switch {
		case t.Is(p, parser.KParenthesizedExpression):
		case t.Is(p, parser.KFieldExpression) && t.Field(p, parser.FValue) == cur &&
			!(t.Is(t.Parent(p), parser.KCallExpression) && t.Field(t.Parent(p), parser.FFunction) == p):
		case t.Is(p, parser.KIndexExpression) && t.NamedChild(p, 0) == cur:
		case lockIsDeref(t, p):
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

// guardRegion is where a binding lives: the rest of a block (container, from a byte offset),
// or a whole node (an arm, an `if let` body).
type guardRegion struct {
	container parser.NodeID
	from      uint32
}

// guardTempScope returns the terminating scope of the temporary at x: the node whose end drops
// it, a subtree of it that runs after the drop (the `else` of an `if let` in 2024, the `else`
// of a `let .. else`), and what kept it alive beyond its own statement, for the message.
func guardTempScope(t *parser.Tree, x parser.NodeID, ed2024 bool) (scope, exclude parser.NodeID, why string) {
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
			if awaitingMacro(t, t.Parent(a)) {
				return child, parser.None, why
			}
		case parser.KBlock:
			if guardIsTail(t, a, child) {
				if guardTerminatingBlock(t, a) {
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
			if guardBlockMacro(t, a) {
				return a, parser.None, why
			}
		}
	}
	return parser.None, parser.None, why
}

// guardIsTail reports whether child is the tail expression of block b.
func guardIsTail(t *parser.Tree, b, child parser.NodeID) bool {
	switch t.Kind(child) {
	case parser.KLetDeclaration, parser.KExpressionStatement, parser.KLabel:
		return false
	}
	return child >= 0 && cfg.BlockTail(t, b) == child && (!t.Is(child, parser.KMacroInvocation) || t.Is(b, parser.KBlock))
}

// guardTerminatingBlock reports whether block b is a terminating scope by its position: the
// body of a function, closure, async block, if/else, loop or match arm.
func guardTerminatingBlock(t *parser.Tree, b parser.NodeID) bool {
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

// guardBlockMacros expand to a block or an `if`, so temporaries in their arguments are
// dropped inside the macro.
var guardBlockMacros = map[string]bool{
	"format": true, "println": true, "print": true, "eprintln": true, "eprint": true,
	"assert": true, "debug_assert": true, "panic": true, "trace": true, "debug": true,
	"info": true, "warn": true, "error": true, "event": true, "log": true,
	"unreachable": true, "todo": true, "unimplemented": true, "trace_span": true,
	"debug_span": true, "info_span": true, "warn_span": true, "error_span": true, "span": true,
}

func guardBlockMacro(t *parser.Tree, m parser.NodeID) bool {
	return guardBlockMacros[t.MacroName(m)]
}

// guardCheckBinding reports a guard bound to names (or, with no names, a borrow of it that
// keeps it alive) when it is alive at a suspension point of region, and says whether it did.
func guardCheckBinding(p *Pass, w *guardWatch, lk lockCall, names patBindings, pat parser.NodeID, region guardRegion, via string) bool {
	t := p.Tree
	awaits := w.points(t, region.container, parser.None)
	var kills []parser.NodeID
	if len(names.names) > 0 && !names.hasRef {
		kills = guardKills(t, names, region)
		if w.kills != nil {
			kills = append(kills, w.kills(t, names, region)...)
		}
	}
	for _, ap := range awaits {
		if t.Nodes[ap.node].Start < region.from {
			continue
		}
		if guardKilledBefore(t, kills, ap, region.container) {
			continue
		}
		w.binding(p, lk, names, pat, ap, via)
		return true
	}
	return false
}

// guardKills finds the uses of the bound names after region.from that move the guard away:
// `drop(g)`, `mem::drop(g)`, `consume(g)`, `x.method(g)`, `let h = g;`.
func guardKills(t *parser.Tree, names patBindings, region guardRegion) []parser.NodeID {
	var out []parser.NodeID
	WalkBody(t, region.container, func(d parser.NodeID) bool {
		if d != region.container && IsBodyBoundary(t, d) {
			// `async move { .. g .. }` / `move || g`: the guard moves into it
			if t.Nodes[d].Start >= region.from && t.FirstChildOfKind(d, parser.TMove) >= 0 {
				captured := false
				t.Walk(d, func(x parser.NodeID) bool {
					if !captured && t.Is(x, parser.KIdentifier) && names.has(t, x) && !guardShadowed(t, x, t.Text(x), region) {
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
		if moved && !guardShadowed(t, d, t.Text(d), region) {
			out = append(out, d)
		}
		return true
	})
	return out
}

// guardShadowed reports whether the identifier occ, between region.from and occ, refers to a
// newer binding of name than the guard's.
func guardShadowed(t *parser.Tree, occ parser.NodeID, name string, region guardRegion) bool {
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
					patternNames(t, t.Field(c, parser.FPattern)).hasName(name) {
					shadowed = true
					return false
				}
				return true
			})
		case parser.KMatchArm:
			if t.Field(a, parser.FValue) == child && patternNames(t, t.Field(a, parser.FPattern)).hasName(name) {
				shadowed = true
			}
		case parser.KIfExpression, parser.KWhileExpression:
			body := t.Field(a, parser.FConsequence)
			if t.Is(a, parser.KWhileExpression) {
				body = t.Field(a, parser.FBody)
			}
			if body == child {
				t.Walk(t.Field(a, parser.FCondition), func(d parser.NodeID) bool {
					if t.Is(d, parser.KLetCondition) && patternNames(t, t.Field(d, parser.FPattern)).hasName(name) {
						shadowed = true
					}
					return !shadowed
				})
			}
		case parser.KForExpression:
			if t.Field(a, parser.FBody) == child && patternNames(t, t.Field(a, parser.FPattern)).hasName(name) {
				shadowed = true
			}
		case parser.KSelectBranch:
			if t.Field(a, parser.FHandler) == child && patternNames(t, t.Field(a, parser.FPattern)).hasName(name) {
				shadowed = true
			}
		}
		if a == region.container {
			break
		}
	}
	return shadowed
}

// guardKilledBefore reports whether the kills that come before the suspension point ap
// (in the text, outside ap's own operand) together lie on every path from the start of
// container to ap: each path moves the guard away first.
func guardKilledBefore(t *parser.Tree, kills []parser.NodeID, ap lockPoint, container parser.NodeID) bool {
	g := cfg.Of(t, ap.node)
	target := g.Enter(ap.node)
	from := g.Enter(container)
	if cfg.IsBody(t, container) {
		from = cfg.Entry
	}
	if target < 0 || from < 0 {
		return false
	}
	var avoid []cfg.Point
	for _, k := range kills {
		if t.Nodes[k].End > t.Nodes[ap.at].Start || t.IsAncestor(ap.node, k) {
			continue
		}
		if p := g.Enter(k); p >= 0 {
			avoid = append(avoid, p)
		}
	}
	return len(avoid) > 0 && !g.ReachesAvoidingAll(from, target, avoid)
}

// guardDiverges reports whether branch b always leaves: every path through it returns,
// breaks, continues or panics.
func guardDiverges(t *parser.Tree, b parser.NodeID) bool {
	return cfg.Diverges(t, b)
}

// guardCheckScrutinee handles a guard that is the scrutinee itself of a `match`, `if let` or
// `while let` (`if let Ok(g) = m.try_lock()`, `match m.lock() { Ok(g) => .. }`). A pattern
// that binds moves the guard into the binding, which lives to the end of the arm or body;
// one that binds nothing leaves it in the temporary.
func guardCheckScrutinee(p *Pass, w *guardWatch, lk lockCall, construct parser.NodeID, ed2024 bool) {
	t := p.Tree
	if t.Is(construct, parser.KLetCondition) {
		pat := t.Field(construct, parser.FPattern)
		names := patternNames(t, pat)
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
			guardCheckBinding(p, w, lk, names, pat, guardRegion{container: body, from: t.Nodes[body].Start}, "")
			return
		}
		// no binding: the temporary owns the guard
		scope, exclude, why := guardTempScope(t, lk.top, ed2024)
		if scope < 0 {
			return
		}
		for _, ap := range w.points(t, scope, exclude) {
			if w.before(t, lk.call, ap) {
				w.temp(p, lk, ap, why)
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
		names := patternNames(t, pat)
		if len(names.ids) > 0 && !names.hasRef {
			reported = guardCheckBinding(p, w, lk, names, pat, guardRegion{container: val, from: t.Nodes[val].Start}, "")
			return true
		}
		if guardArmHoldsNothing(t, pat) {
			return true
		}
		for _, ap := range w.points(t, val, parser.None) {
			w.temp(p, lk, ap, "match")
			reported = true
			return false
		}
		return true
	})
}

// guardInIfLetElse reports whether the point ap lies in the else branch of the `if let` whose
// condition holds call.
func guardInIfLetElse(t *parser.Tree, call parser.NodeID, ap lockPoint) bool {
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

// guardArmHoldsNothing reports whether an arm's pattern can only match a value that owns no
// guard: `Err(_)` of a try_lock (WouldBlock, or a poisoned lock we do not track) and `None`.
func guardArmHoldsNothing(t *parser.Tree, pat parser.NodeID) bool {
	txt := strings.Join(strings.Fields(t.Text(pat)), "")
	return strings.HasPrefix(txt, "Err(") || txt == "None" || strings.HasPrefix(txt, "Err")
}

// lockCallText renders the lock call for messages: `self.state.lock()`.
func lockCallText(t *parser.Tree, call parser.NodeID) string {
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
