package rules

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/rustaudit/rustaudit/knowledge"
	"github.com/rustaudit/rustaudit/parser"
)

// lock_across_await: how a finding is worded, its related await and its fixes (drop the
// guard before the await).

// lawRefCellBorrow is how a finding names a `RefCell` borrow (Clippy's
// await_holding_refcell_ref, not await_holding_lock: clippyCovers tells them apart by it).
const lawRefCellBorrow = "`RefCell` borrow"

// lawWhat names the guard kind.
func lawWhat(lk lockCall) (guard, thing string) {
	switch lk.kind {
	case lockBorrow, lockBorrowMut:
		return lawRefCellBorrow, "borrow"
	case lockWatchBorrow:
		return "`watch` borrow (a read lock on the channel's value)", "borrow"
	case lockRead:
		return "read guard", "guard"
	case lockWrite:
		return "write guard", "guard"
	}
	return "lock guard", "guard"
}

func lawHelp(lk lockCall, temp bool) string {
	switch lk.kind {
	case lockBorrow, lockBorrowMut:
		if temp {
			return "copy what you need out of the cell in a statement of its own (`let v = cell.borrow().get(&k).cloned();`) so the borrow ends at its `;`, then await"
		}
		return "end the borrow before the `.await`: put it in a block that closes first, or `drop(..)` it, and copy out what you need"
	case lockWatchBorrow:
		return "clone the value out (`let v = rx.borrow().clone();`) or scope the borrow in a block that ends before the `.await`"
	}
	if temp {
		return "bind the value you need in a statement of its own (`let v = m.lock().unwrap().get(&k).cloned();`) so the guard is dropped at its `;`, then await; or use `tokio::sync::Mutex` if the lock must be held across the `.await`"
	}
	return "scope the guard in a block that ends before the `.await`, or `drop(..)` it first; if the lock must be held across the `.await`, use `tokio::sync::Mutex`"
}

func lawNotes(lk lockCall) []string {
	switch lk.kind {
	case lockBorrow, lockBorrowMut:
		return []string{"while this task is suspended, another task on the same thread that borrows the cell panics with `BorrowError`/`BorrowMutError`"}
	case lockWatchBorrow:
		return []string{"the sender's `send` blocks the thread while the borrow is held, and a task on the same thread can deadlock"}
	}
	return []string{"while the task is suspended, every other thread or task that locks it blocks its worker thread, and a task on the same thread that waits for it deadlocks; std (and default parking_lot) guards also make the future `!Send`"}
}

func lawAwaitName(t *parser.Tree, ap lockPoint) string {
	if t.Is(ap.node, parser.KMacroInvocation) {
		return "`" + t.MacroName(ap.node) + "!`"
	}
	return "an `.await`"
}

func lawAwaitRelated(t *parser.Tree, ap lockPoint, who string) RelatedNode {
	if t.Is(ap.node, parser.KMacroInvocation) {
		return RelatedNode{Node: ap.at, Message: "`" + t.MacroName(ap.node) + "!` awaits here while " + who + " is still held"}
	}
	return RelatedNode{Node: ap.at, Message: who + " is still held at this `.await`"}
}

func lawReportBinding(p *Pass, lk lockCall, names patBindings, pat parser.NodeID, ap lockPoint, via string) Diagnostic {
	t := p.Tree
	guard, thing := lawWhat(lk)
	call := lockCallText(t, lk.call)
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
		if lk.kind == lockBorrow || lk.kind == lockBorrowMut || lk.kind == lockWatchBorrow {
			taken = "the borrow starts here"
		}
		d.Related = append(d.Related, RelatedNode{Node: lk.call, Message: taken})
	}
	onNames := names.names
	if len(onNames) == 0 && pat >= 0 {
		// `let ch = &mut *cell.borrow_mut(); ch.receive().await`: the reference bound is
		// the guarded value too
		onNames = patternNames(t, pat).names
	}
	if on := lawAwaitsOnGuard(t, lk, onNames, ap); on != "" {
		d.Help = lawHelpOnGuard(lk, on)
	} else if fx, ok := lawDropFix(t, names, pat, ap); ok {
		d.Fixes = append(d.Fixes, fx)
	}
	return d
}

// lawAwaitsOnGuard returns the awaited call, as written, when it runs on the guarded value
// itself: its receiver chain starts at the guard (`g.send(b).await`, `g.conn.flush().await`,
// `m.lock().unwrap().send(b).await`). The guard cannot be dropped before such an await,
// whatever is bound first. "" otherwise.
func lawAwaitsOnGuard(t *parser.Tree, lk lockCall, names []string, ap lockPoint) string {
	if !t.Is(ap.node, parser.KAwaitExpression) {
		return ""
	}
	op := t.Unparen(t.NamedChild(ap.node, 0))
	for e := op; e >= 0; {
		e = t.Unparen(e)
		if e == lk.call || e == lk.top {
			return compactText(t, op)
		}
		switch t.Kind(e) {
		case parser.KIdentifier:
			if slices.Contains(names, t.Text(e)) {
				return compactText(t, op)
			}
			return ""
		case parser.KCallExpression:
			f := t.Field(e, parser.FFunction)
			if !t.Is(f, parser.KFieldExpression) {
				return ""
			}
			e = t.Field(f, parser.FValue)
		case parser.KFieldExpression:
			e = t.Field(e, parser.FValue)
		case parser.KTryExpression, parser.KUnaryExpression, parser.KReferenceExpression:
			e = t.NamedChild(e, 0)
		default:
			return ""
		}
	}
	return ""
}

// lawHelpOnGuard is the help when the awaited call runs on the guarded value: binding what
// is needed first, or dropping the guard, cannot work there.
func lawHelpOnGuard(lk lockCall, on string) string {
	if lk.kind == lockBorrow || lk.kind == lockBorrowMut {
		return "`" + on + "` runs on the borrowed value itself, so the borrow cannot end before it: take the value out of the cell for the call (`let mut v = cell.take();` .. `cell.replace(v);`), or keep it outside the `RefCell`"
	}
	return "`" + on + "` runs on the locked value itself, so the guard cannot be dropped before it: use an async lock (`tokio::sync::Mutex`, whose guard may be held across an `.await`), or take the value out of the lock for the call (`Option::take`, `mem::replace`) and put it back after"
}

// lawDropFix ends the guard's scope before the statement that awaits: `drop(guard);` on a
// line of its own above it. It is offered for a guard bound by `let name = ..` in a block
// when that statement and everything after it in the block never mention the name (not
// even in a string or a macro), and no `let` or assignment in between mentions it (it could
// have stored a borrow of the guard). It always needs review: the lock is released sooner,
// so code that relied on holding it without touching the guard (a critical section) loses
// that; a guard named `_name` says it is held for that and gets no fix.
func lawDropFix(t *parser.Tree, names patBindings, pat parser.NodeID, ap lockPoint) (Fix, bool) {
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

func lawReportTemp(p *Pass, lk lockCall, ap lockPoint, why string) Diagnostic {
	t := p.Tree
	guard, thing := lawWhat(lk)
	call := lockCallText(t, lk.call)
	var where string
	switch why {
	case "match":
		where = "in a `match` scrutinee lives until the end of the `match`"
	case "if let":
		where = "in an `if let` scrutinee lives until the end of the `if let` (its `else` included, before Rust 2024)"
		if guardInIfLetElse(t, lk.call, ap) {
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
	if on := lawAwaitsOnGuard(t, lk, nil, ap); on != "" {
		d.Help = lawHelpOnGuard(lk, on)
	}
	if why == "tail" {
		d.Notes = append(d.Notes, "edition 2024 drops a block's tail temporaries at the end of the block")
	}
	if why == "if let" && guardInIfLetElse(t, lk.call, ap) {
		d.Notes = append(d.Notes, "edition 2024 drops an `if let` scrutinee's temporaries before the `else` block (but not before the body)")
	}
	return d
}

// lawLevel lowers d to a note where the guard makes no one wait that matters: the lock of
// a stdio handle (std's stdio locks are reentrant: this thread never deadlocks on them, and
// only other threads' prints wait; judged on real code, a CLI's update check and a stdio
// tunnel, harmless where they stood), or a lock nothing else can reach (lawUncontended).
func lawLevel(p *Pass, lk lockCall, ap lockPoint, d Diagnostic) Diagnostic {
	if std := lawStdioLock(p.Tree, lk.call); std != "" {
		d.Level = LevelNote
		d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: it is the lock of `%s`, std's reentrant stdio lock: no task on this thread can deadlock on it, and while the task is suspended only other threads' writes to %s wait. That matters in a server whose other tasks print; in a command-line tool it costs nothing", std, std))
		return d
	}
	if at := lawRunAlone(p.Tree, lk.call); at != "" {
		d.Level = LevelNote
		d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: this async block is the future of %s, an executor that runs it alone on the thread that calls it: no other task runs on that thread while the guard waits, so none can deadlock on it, and other threads that lock it wait as they would for synchronous code that holds the lock while it blocks", at))
		return d
	}
	return lawUncontended(p, lk, ap, d)
}

// lawRunAlone names the `block_on` whose future is the async block the lock call is in, when
// that executor runs the future alone on the calling thread (`futures::executor::block_on`,
// `pollster::block_on`, a project's own `block_on`; not a runtime's `rt.block_on`, whose
// spawned tasks may share the thread, nor helpers named `*_block_on`): "" otherwise.
func lawRunAlone(t *parser.Tree, call parser.NodeID) string {
	body := EnclosingBody(t, call)
	if !t.Is(body, parser.KAsyncBlock) {
		return ""
	}
	c := biArgumentOf(t, body)
	if c < 0 || MethodName(t, c) != "" || !biIsBlockOnName(biCalleeLast(t, c)) {
		return ""
	}
	if flavor, at := biBlockOnFlavor(t, c); flavor == biFlavorAlone {
		return at
	}
	return ""
}

// lawUncontended lowers d to a note when the lock is a local of this body that nothing else
// can reach: `let m = Mutex::new(..)` (or an `Arc`/`Rc` of a new lock) in the same body, every
// later use of `m` a lock call in that body (never cloned, borrowed, moved, captured by a
// closure or an async block, or named in a macro). Only this task locks it, one call after
// the other, so no one waits for the guard held across the `.await`.
//
// A lock shared only after the `.await` at ap (`Arc::clone(&m)` handed to a task further
// down) is as alone while the guard waits there, when the lock call is in no loop of the
// body (a loop would come round to it with the clones made): a note that says when it is
// first shared.
func lawUncontended(p *Pass, lk lockCall, ap lockPoint, d Diagnostic) Diagnostic {
	t := p.Tree
	name, shared, body, ok := freshLockUse(p, lk.call, lawSyncFlavor)
	if !ok {
		return d
	}
	if shared >= 0 {
		if ap.node < 0 || t.Nodes[shared].Start < t.Nodes[ap.node].End || lawInLoopOf(t, lk.call, body) {
			return d
		}
		d.Level = LevelNote
		d.Message += fmt.Sprintf("; `%s` is a lock made in this function that nothing else can reach yet, so no one waits for it here (uncontended)", name)
		d.Notes = []string{fmt.Sprintf("`%s` is first shared at line %d, after this `.await`, and the lock call is in no loop: only this task can lock it while the guard waits", name, t.Nodes[shared].StartRow+1)}
		if lk.kind != lockBorrow && lk.kind != lockBorrowMut {
			d.Notes = append(d.Notes, "a std (or default parking_lot) guard held across the `.await` still makes the future `!Send`")
		}
		return d
	}
	d.Level = LevelNote
	d.Message += "; `" + name + "` is a lock made in this function that nothing else can reach, so no one waits for it (uncontended)"
	d.Help = "if only this function uses it, keep the value without a lock (`let mut v = ..;`); otherwise end the guard before the `.await`"
	d.Notes = []string{"`" + name + "` is never cloned, borrowed, moved or captured: only this task locks it, one call after the other"}
	if lk.kind != lockBorrow && lk.kind != lockBorrowMut {
		d.Notes = append(d.Notes, "a std (or default parking_lot) guard held across the `.await` still makes the future `!Send`")
	}
	return d
}

// lawInLoopOf reports whether n is in a loop of body (not one around body).
func lawInLoopOf(t *parser.Tree, n, body parser.NodeID) bool {
	l := EnclosingLoop(t, n)
	return l >= 0 && t.IsAncestor(body, l)
}

// lawLockUse reports whether identifier x is the receiver of a lock call (`m.lock()`) in body
// itself (not in a closure or async block inside it).
func lawLockUse(t *parser.Tree, x, body parser.NodeID) bool {
	fe := t.Parent(x)
	if !t.Is(fe, parser.KFieldExpression) || t.Field(fe, parser.FValue) != x {
		return false
	}
	call := t.Parent(fe)
	if !t.Is(call, parser.KCallExpression) || t.Field(call, parser.FFunction) != fe || len(Args(t, call)) != 0 {
		return false
	}
	switch m := MethodName(t, call); m {
	case "get_mut", "is_poisoned":
	default:
		lm, _ := knowledge.LockMethodNamed(m)
		if _, ok := lawGuardMethod(m); !ok || lm.WatchOnly {
			return false
		}
	}
	return EnclosingBody(t, call) == body
}

// freshLockUse reports whether lock call's receiver is a local that the same body binds to
// a new lock of a flavor that want accepts (lawFreshLock), and returns its name, its first
// use after the `let` that is not a lock call (one that shares it: a clone, a move, a
// borrow; None when there is none) and the body.
func freshLockUse(p *Pass, call parser.NodeID, want func(lockFlavor) bool) (name string, shared, body parser.NodeID, ok bool) {
	t := p.Tree
	recv := t.Unparen(Receiver(t, call))
	if !t.Is(recv, parser.KIdentifier) {
		return "", parser.None, parser.None, false
	}
	let, value := PlainLet(t, recv)
	if let < 0 || !lawFreshLock(p, value, 0, want) {
		return "", parser.None, parser.None, false
	}
	body = EnclosingBody(t, let)
	if body < 0 || body != EnclosingBody(t, call) {
		return "", parser.None, parser.None, false
	}
	name, shared = t.Text(recv), parser.None
	from := t.Nodes[let].End
	t.Walk(body, func(x parser.NodeID) bool {
		if shared >= 0 {
			return false
		}
		if t.Nodes[x].Start >= from && t.Is(x, parser.KIdentifier) && t.TextIs(x, name) && !lawLockUse(t, x, body) {
			shared = x
		}
		return true
	})
	return name, shared, body, true
}

// lawSyncFlavor accepts synchronous locks and RefCells, whose guards lock_across_await
// follows.
func lawSyncFlavor(f lockFlavor) bool { return f == flavorStd || f == flavorSync || f == flavorCell }

// lawFreshLock reports whether v makes a new lock of a flavor want accepts: `Mutex::new(..)`,
// `RefCell::default()`, `Arc::new(Mutex::new(..))`.
func lawFreshLock(p *Pass, v parser.NodeID, depth int, want func(lockFlavor) bool) bool {
	t := p.Tree
	v = t.Unparen(v)
	if !t.Is(v, parser.KCallExpression) || depth > 3 {
		return false
	}
	path := CalleePath(t, v)
	switch LastSegment(path) {
	case "new", "default", "const_new":
	default:
		return false
	}
	owner := LastSegment(strings.TrimSuffix(path, "::"+LastSegment(path)))
	if args := Args(t, v); (owner == "Arc" || owner == "Rc" || owner == "Box") && len(args) == 1 {
		return lawFreshLock(p, args[0], depth+1, want)
	}
	f, ok := lockTypeFlavors[p.TypeOf(v).Path]
	return ok && want(f)
}

// lawStdioLock names the stdio handle a `.lock()` is called on (`io::stdout().lock()`, `let
// out = process.stdout(); out.lock()`, termcolor's `StandardStream::stdout(choice)`):
// "stdout", "stderr" or "stdin"; "" for any other receiver.
func lawStdioLock(t *parser.Tree, call parser.NodeID) string {
	recv := t.Unparen(Receiver(t, call))
	if t.Is(recv, parser.KIdentifier) {
		if _, value := PlainLet(t, recv); value >= 0 {
			recv = t.Unparen(value)
		}
	}
	// `stdout()?`, `handle.stdout().unwrap()`: the handle under the error handling
	for {
		if t.Is(recv, parser.KTryExpression) {
			recv = t.Unparen(t.NamedChild(recv, 0))
			continue
		}
		if m := MethodName(t, recv); m == "unwrap" || m == "expect" {
			recv = t.Unparen(Receiver(t, recv))
			continue
		}
		break
	}
	if !t.Is(recv, parser.KCallExpression) {
		return ""
	}
	// termcolor's `StandardStream::stdout(choice)`: its lock() holds std's stdout lock
	// (set UY: a CLI following a log in colour).
	if path := CalleePath(t, recv); strings.HasSuffix(path, "StandardStream::stdout") || strings.HasSuffix(path, "StandardStream::stderr") {
		return LastSegment(path)
	}
	if len(Args(t, recv)) != 0 {
		return ""
	}
	name := MethodName(t, recv)
	if name == "" {
		name = LastSegment(CalleePath(t, recv))
	}
	switch name {
	case "stdout", "stderr", "stdin":
		return name
	}
	return ""
}
