package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// The lock and guard questions lock_across_await and lock_twice share: which calls produce a
// guard (lockClassify, here) and on what kind of lock (the flavors: locks_flavor.go by type,
// locks_textflavor.go by text), and how long the guard lives by Rust's drop rules
// (guardAnalyse in locks_scope.go and locks_binding.go, which reports the points a guardWatch
// looks for while the guard is alive).
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
	tryOnCall := false // `x.read()?`
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
			if cur == call {
				tryOnCall = true
			}
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
	case lk.unwrap && (lk.flavor == flavorUnknown || lk.flavor == flavorOther) && (tryOnCall || t.Is(t.Unparen(recv), parser.KMacroInvocation)):
		// `cmd!(sh, "git ls-files").read()?`: `?` right on the call is no lock's (std's
		// `LockResult` holds a borrowed guard, which no error type of a `?` takes;
		// parking_lot's and tokio's return the guard itself), and a value a macro makes is
		// nothing the file shows to be a lock.
		return lk, false
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
		} else if r := t.Unparen(recv); fileFlavor != flavorSync && t.Is(r, parser.KCallExpression) && MethodName(t, r) != "" {
			// `Lock::filter("name", n).column(..).lock().find_or_create()`: a builder's own
			// `lock` (a query's row lock) on what a method returned, which no type or
			// import says is a lock
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

// lockCallText renders the lock call for messages: `self.state.lock()`.
func lockCallText(t *parser.Tree, call parser.NodeID) string {
	s := joinFields(t.Text(call), "")
	if len(s) > 60 {
		recv := strings.Join(strings.Fields(t.Text(Receiver(t, call))), "")
		if len(recv) > 40 {
			recv = "…" + recv[len(recv)-40:]
		}
		s = recv + "." + MethodName(t, call) + "()"
	}
	return s
}
