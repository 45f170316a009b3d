package rules

// Start-up code. A server's `main` (or the `init()` a library gives it) runs once, before
// anything is served: a task it spawns to loop for the life of the process is detached by
// design, and a blocking call on the way stalls no request. Such code is found on the crate's
// call graph (blocking_in_async.go's biGraph, here over every fn, synchronous ones included,
// with a spawned or block_on future counted as a call of what it runs): a fn runs only at
// start-up when every chain of callers up from it ends at an entry point, and no call on a
// chain sits in a loop or a closure (which may run it once per connection, per message, per
// item). An entry point is `fn main` of a binary, or a library's exported free fn that takes
// no arguments and that nothing in the crate calls (`pub async fn init()`): what another
// package does with it is out of sight, but a fn that takes nothing starts the same work at
// every call, which only makes sense once. A constructor (`new`, or a fn returning `Self`)
// on a chain makes one task per value, so it is never start-up.

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

var (
	suFactFn   = NewFactKey[suFnFact]("startup:fn")
	suFactFile = NewFactKey[bool]("startup:file") // set once the file's fns are recorded
	suFactMemo = NewMemoKey[*suGraph]("startup:graph")
)

// suFnFact is one fn of the package (synchronous or async), as the start-up graph sees it.
type suFnFact struct {
	Fn     biFnFact
	Repeat []uint32 // offsets of the calls in Fn.Calls that may run many times (in a loop or a closure)
	// RepeatLoop: those of Repeat that a loop (or an iterator adapter's closure, per item)
	// runs again, not only a closure handed to other code, which may be a builder or retry
	// hook run once; and not a retry loop that runs the call again only after it failed
	// (suRetried).
	RepeatLoop []uint32
	Lazy       []uint32 // offsets of the calls that fill a value made once and kept (suLazyInit)
	Main       bool     // `fn main` of a binary
	Ctor       bool     // `new`, or a fn that returns `Self`
	NParams    int      // its parameters, `self` included
}

// suGraph is the start-up view of the crate: the call graph and, by fn, what suFnFact adds.
type suGraph struct {
	g      *biGraph
	facts  []suFnFact
	spawn  map[int]bool    // memo of spawners
	direct map[string]bool // memo of directMethods
}

// recordStartupFacts records the facts of every fn of the file once, whichever rule asks
// first (detached_task and blocking_in_async both do, from their KSourceFile visit).
func recordStartupFacts(p *Pass) {
	if len(Recorded(p, suFactFile)) > 0 {
		return
	}
	Record(p, suFactFile, true)
	biRecordFile(p) // markExported needs the file's shape
	t := p.Tree
	bin := biFileIsBin(p)
	names := suNames{}
	var buf []biRef // the calls of one fn, reused: each fn keeps an exact copy
	// The walk looks for fn items; a fn's body is walked once, by suFnOf, which hands back
	// the fn items nested in it, in order (the walk goes on from each of them).
	var visit func(n parser.NodeID) bool
	visit = func(fn parser.NodeID) bool {
		if !t.Is(fn, parser.KFunctionItem) {
			return true
		}
		if !biProductionNode(p, fn) {
			return false
		}
		f, ok, nested := suFnOf(p, fn, bin, names, &buf)
		if !ok {
			return true
		}
		Record(p, suFactFn, f)
		body := t.Field(fn, parser.FBody)
		for c := t.Nodes[fn].FirstChild; c >= 0; c = t.Nodes[c].Next {
			if c != body {
				t.Walk(c, visit)
			}
		}
		for _, n := range nested {
			t.Walk(n, visit)
		}
		return false
	}
	t.Walk(t.Root(), visit)
}

// suNames interns the names of a file's calls: one string per name in its facts.
type suNames map[string]string

func (m suNames) of(s string) string {
	if v, ok := m[s]; ok {
		return v
	}
	m[s] = s
	return s
}

// ofBytes is of for a name still in the source: no string is made for a name seen before.
func (m suNames) ofBytes(b []byte) string {
	if v, ok := m[string(b)]; ok {
		return v
	}
	s := string(b)
	m[s] = s
	return s
}

// suFnOf reads one fn item; buf is room for its calls. It also returns the fn items
// nested in its body, outermost first, in order.
func suFnOf(p *Pass, fn parser.NodeID, bin bool, names suNames, buf *[]biRef) (_ suFnFact, _ bool, nested []parser.NodeID) {
	t := p.Tree
	name, body := t.Field(fn, parser.FName), t.Field(fn, parser.FBody)
	if name < 0 || body < 0 {
		return suFnFact{}, false, nil
	}
	f := biFnFactOf(p, fn, name)
	s := suFnFact{Main: f.Name == "main" && !f.Method && bin && t.Is(t.Parent(fn), parser.KSourceFile)}
	rt := t.Field(fn, parser.FReturnType)
	s.Ctor = f.Name == "new" || rt >= 0 && dtReturnsSelf(t.Text(rt), f.Type)
	if ps := t.Field(fn, parser.FParameters); ps >= 0 {
		s.NParams = len(t.NamedChildren(ps))
	}
	local := len(t.Imports.Globs) == 0
	// suLazyInit walks up from a call: only in files that can hold a lazy start at all.
	lazy := p.Mentions("is_none") || p.Mentions("is_some") || p.Mentions("get_or_init") ||
		p.Mentions("get_or_try_init") || p.Mentions("get_or_insert_with") || p.Mentions("set")
	calls := (*buf)[:0]
	suWalk(t, body, biNoBranch, 0, p.TypeOf, func(d parser.NodeID, branch [2]uint32, reps uint8) {
		rep := reps != 0
		if t.Is(d, parser.KFunctionItem) {
			nested = append(nested, d)
			return
		}
		callee := t.Field(d, parser.FFunction)
		if t.Is(callee, parser.KFieldExpression) {
			if m := t.Field(callee, parser.FField); m >= 0 && suCommonMethods[string(t.Src[t.Nodes[m].Start:t.Nodes[m].End])] {
				return // (the conversion does not allocate)
			}
		}
		r, ok := suRefOf(t, d, f.Type, names)
		if ok && r.Kind == biRefMethod && r.Qual == "" {
			qual, foreign, pending := suReceiverType(p, d)
			if foreign {
				return // `hasher.finish()` on a `DefaultHasher`: std's method, no fn of the crate
			}
			r.Qual = names.of(qual)
			r.recvTy = pending // another file must tell: settled with the graph (suGraphOf)
		}
		// (The callee is named once: biSpawnOf names it again only for a spawn.)
		last := r.Name
		if !ok || r.Kind != biRefMethod {
			last = biCalleeLast(t, d)
		}
		if biServeCallees[last] || biSpawnNames[last] && suSpawns(t, d) {
			f.Spawns = append(f.Spawns, biSite{Off: t.Nodes[d].Start, Branch: branch})
		}
		if !ok {
			return
		}
		r.Branch = branch
		if r.Kind == biRefFn && r.Qual == "" && local && t.Is(t.Field(d, parser.FFunction), parser.KIdentifier) {
			r.Qual = f.Module // a bare name neither imported nor globbed is a fn of this module
		}
		calls = append(calls, r)
		if rep {
			s.Repeat = append(s.Repeat, r.Off)
			if reps&suRepLoop != 0 && !suRetried(t, d, body) {
				s.RepeatLoop = append(s.RepeatLoop, r.Off)
			}
		}
		if lazy && suLazyInit(t, d, body) {
			s.Lazy = append(s.Lazy, r.Off)
		}
	})
	*buf = calls
	if len(calls) > 0 {
		f.Calls = slices.Clone(calls)
	}
	s.Fn = f
	return s, true, nested
}

// suReceiverType tells what a method call's receiver is, when its type is known: a type of
// the crate (qual, its name: the call is that type's method, not any method of the name), or
// std's or another crate's (foreign), other than the wrappers that deref to what they hold
// (`Arc`, `Box`, guards). A foreign value's method is its type's, not a fn of the crate that
// has the same name (an extension trait the crate implements for it is missed). Without it,
// `hasher.finish()` on a `DefaultHasher` linked a lock-shard helper to the crate's own
// `AuditEntry::finish`, and through it a request handler to a start-up spawn. A type that
// another file of the crate must tell is returned pending, for the graph to settle.
func suReceiverType(p *Pass, call parser.NodeID) (qual string, foreign bool, pending *Type) {
	recv := Receiver(p.Tree, call)
	if recv < 0 || p.Tree.Is(p.Tree.Unparen(recv), parser.KSelf) {
		return "", false, nil
	}
	ty := p.TypeOf(recv)
	if ty.Pending() {
		return "", false, &ty
	}
	if !ty.Known() {
		return "", suForeignOrigin(p, recv, 0), nil
	}
	root, _, nested := strings.Cut(ty.Path, "::")
	switch {
	case ty.Crate || root == "crate" || root == "self" || root == "super":
		return ty.Name(), false, nil
	case typeDerefWrappers[ty.Path]:
		return "", false, nil
	case !nested:
		return "", suPrimitives[ty.Path], nil
	}
	return "", true, nil
}

// suForeignOrigin reports whether e, a value of a type the resolver does not know, is made
// by another crate: a chain of method calls (a builder's) on a call of a path into a crate
// the package depends on or into std (`reqwest::Client::builder().timeout(..)`, directly or
// through the `let` that bound it). Its methods are that crate's, not fns of this one.
func suForeignOrigin(p *Pass, e parser.NodeID, depth int) bool {
	t := p.Tree
	for i := 0; i < 16 && depth < 3; i++ {
		e = t.Unparen(e)
		switch t.Kind(e) {
		case parser.KTryExpression, parser.KAwaitExpression:
			e = t.NamedChild(e, 0)
			continue
		case parser.KIdentifier:
			let, value := PlainLet(t, e)
			if let < 0 || t.Field(let, parser.FType) >= 0 {
				return false
			}
			e, depth = value, depth+1
			continue
		case parser.KCallExpression:
			if MethodName(t, e) != "" {
				e = Receiver(t, e)
				continue
			}
			fn := Callee(t, e)
			if !t.Is(fn, parser.KScopedIdentifier) {
				return false
			}
			root, _, _ := strings.Cut(t.Imports.Resolve(t.Text(fn)), "::")
			if root == "std" || root == "core" || root == "alloc" {
				return true
			}
			pkg := p.Info.Package
			return pkg != nil && pkg.Deps[root]
		}
		return false
	}
	return false
}

// suPrimitives are the built-in types the resolver names without a path.
var suPrimitives = map[string]bool{"u8": true, "u16": true, "u32": true, "u64": true, "u128": true,
	"usize": true, "i8": true, "i16": true, "i32": true, "i64": true, "i128": true, "isize": true,
	"f32": true, "f64": true, "bool": true, "char": true, "str": true, "[]": true, "(..)": true}

// suLazyInit reports whether call (a path call: `Inner::new(..)`, `load(..)`) fills a value
// that is made once and kept: it is in the branch of `if slot.is_none() { .. }` that assigns
// `slot` (`*slot = Some(..)`, `slot.replace(..)`, `slot.insert(..)`), or in the closure
// given to `get_or_init`, `get_or_try_init` or `get_or_insert_with`. It runs again only when
// the value is gone (a lazy start, a reconnect after a crash). A call handed to a once
// cell's `set` whose result is unwrapped (`self.cell.set(Scheduler::create(..)).unwrap()`,
// `.expect(..)`, through `map_err` or `ok`) is made once too: a second `set` panics, so the
// code runs once by design.
func suLazyInit(t *parser.Tree, call, body parser.NodeID) bool {
	child := call
	for a := t.Parent(call); a >= 0 && a != body; child, a = a, t.Parent(a) {
		switch t.Kind(a) {
		case parser.KArguments:
			set := t.Parent(a)
			if child != call || MethodName(t, set) != "set" || len(Args(t, set)) != 1 {
				return false
			}
			for link := set; ; {
				up := t.Parent(link)
				if !t.Is(up, parser.KFieldExpression) || !t.Is(t.Parent(up), parser.KCallExpression) {
					return false
				}
				link = t.Parent(up)
				switch MethodName(t, link) {
				case "unwrap", "expect":
					return true
				case "map_err", "ok", "context", "with_context", "wrap_err":
				default:
					return false
				}
			}
		case parser.KClosureExpression:
			return suCellInits[MethodName(t, biArgumentOf(t, a))]
		case parser.KFunctionItem:
			return false
		case parser.KIfExpression:
			if t.Field(a, parser.FConsequence) != child {
				continue
			}
			slot := suNoneChecked(t, t.Field(a, parser.FCondition))
			return slot != "" && suAssigns(t, child, slot)
		}
	}
	return false
}

// suNoneChecked returns the place an `if` condition checks for emptiness (`slot.is_none()`,
// `!slot.is_some()`), written without `*`, `&` and spaces; "" for any other condition.
func suNoneChecked(t *parser.Tree, cond parser.NodeID) string {
	cond = t.Unparen(cond)
	want := "is_none"
	if x, ok := Negated(t, cond); ok {
		cond, want = x, "is_some"
	}
	if !t.Is(cond, parser.KCallExpression) || MethodName(t, cond) != want {
		return ""
	}
	return suPlace(t.Text(Receiver(t, cond)))
}

// suAssigns reports whether block b assigns the place slot: `*slot = ..`, `slot = ..`,
// `slot.replace(..)`, `slot.insert(..)`.
func suAssigns(t *parser.Tree, b parser.NodeID, slot string) bool {
	found := false
	t.Walk(b, func(d parser.NodeID) bool {
		switch {
		case found:
			return false
		case t.Is(d, parser.KAssignmentExpression):
			found = suPlace(t.Text(t.Field(d, parser.FLeft))) == slot
		case t.Is(d, parser.KCallExpression):
			if m := MethodName(t, d); m == "replace" || m == "insert" {
				found = suPlace(t.Text(Receiver(t, d))) == slot
			}
		}
		return !found
	})
	return found
}

// suPlace normalises a place expression's text for comparison: no `*`, `&`, `mut` or spaces.
func suPlace(s string) string {
	s = strings.Join(strings.Fields(s), "")
	s = strings.TrimPrefix(s, "&mut")
	return strings.TrimLeft(s, "*&")
}

// lazyOnly tells whether the fn with ID id is called only to fill a value made once and
// kept (suLazyInit at every call the graph sees, method calls included), and names one
// such call.
func lazyOnly(c *Crate, id string) (string, bool) {
	sg := suGraphOf(c)
	g := sg.g
	i, ok := g.byID[id]
	if !ok || len(g.callers[i]) == 0 {
		return "", false
	}
	where := ""
	for _, k := range g.callers[i] {
		for _, r := range g.fns[k].Calls {
			if !slices.Contains(g.resolve(r), i) {
				continue
			}
			if !slices.Contains(sg.facts[k].Lazy, r.Off) {
				return "", false
			}
			if where == "" {
				where = fmt.Sprintf("`%s` (%s)", g.fns[k].Name, biRel(c.Root, g.fns[k].Path))
			}
		}
	}
	return where, where != ""
}

// suRefOf is biRefOf with the names interned; a method's name is read from the source
// without making a string for a name the file's facts already hold (most calls are of
// methods, and of a few names).
func suRefOf(t *parser.Tree, call parser.NodeID, impl string, names suNames) (biRef, bool) {
	fn := Callee(t, call)
	if !t.Is(fn, parser.KFieldExpression) {
		r, ok := biRefOf(t, call, impl)
		r.Name, r.Qual, r.Ext = names.of(r.Name), names.of(r.Qual), names.of(r.Ext)
		return r, ok
	}
	m := t.Field(fn, parser.FField)
	if m < 0 || t.Nodes[m].End == t.Nodes[m].Start {
		return biRef{}, false
	}
	r := biRef{Kind: biRefMethod, Name: names.ofBytes(t.Bytes(m)), Off: t.Nodes[call].Start, Branch: biNoBranch}
	if t.Is(t.Unparen(t.Field(fn, parser.FValue)), parser.KSelf) {
		r.Qual = names.of(impl)
	}
	return r, true
}

// suSpawns reports whether call, named like a spawn, spawns a future (biSpawnOf).
func suSpawns(t *parser.Tree, call parser.NodeID) bool {
	name, _ := biSpawnOf(t, call)
	return name != ""
}

// suCommonMethods are methods of the standard library's everyday types (Option, Result,
// iterators, strings, collections, Clone, Into) that most calls are of. A call of one on a
// value of unknown type is left out of the graph: resolved by name, it would make every
// crate method of that name a callee. Missing such an edge into a method can only keep a
// warning (a method nothing calls is never start-up code).
var suCommonMethods = map[string]bool{
	"unwrap": true, "expect": true, "clone": true, "to_string": true, "to_owned": true, "into": true,
	"iter": true, "iter_mut": true, "into_iter": true, "map": true, "map_err": true, "and_then": true,
	"collect": true, "len": true, "is_empty": true, "push": true, "get": true, "as_ref": true,
	"as_str": true, "ok": true, "err": true, "unwrap_or": true, "unwrap_or_default": true,
	"unwrap_or_else": true, "context": true, "with_context": true, "is_some": true, "is_none": true,
	"filter": true, "contains": true, "join": true, "format": true, "as_bytes": true, "to_vec": true,
	"ok_or": true, "ok_or_else": true, "is_ok": true, "is_err": true, "extend": true, "keys": true,
	"values": true, "trim": true, "split": true, "parse": true, "starts_with": true, "ends_with": true,
}

// suWalk calls fn for each call below n, outside nested fn items, with its branch (as
// biBranchOf gives it) and whether it may run many times per run of n (as suRepeated
// tells; rep says why: suRepLoop, suRepClosure, or both): one walk down instead of two
// walks up per call. It calls fn for each nested fn item too, without going into it.
func suWalk(t *parser.Tree, n parser.NodeID, branch [2]uint32, rep uint8, typeOf func(parser.NodeID) Type, fn func(call parser.NodeID, branch [2]uint32, rep uint8)) {
	var loopRep uint8
	value := parser.None
	switch {
	case IsLoop(t, n):
		if !suCountedLoop(t, n, typeOf) {
			loopRep = suRepLoop
		}
		if t.Is(n, parser.KForExpression) {
			value = t.Field(n, parser.FValue)
		}
	case t.Is(n, parser.KClosureExpression):
		if !suOnceClosure(t, n) {
			rep |= suRepClosure
			if call := biArgumentOf(t, n); call >= 0 && suPerItemCallers[MethodName(t, call)] {
				rep |= suRepLoop // `(0..n).map(|_| Shard::new())`: a loop over items
			}
		}
	}
	var cons parser.NodeID = parser.None
	if t.Is(n, parser.KIfExpression) {
		cons = t.Field(n, parser.FConsequence)
	}
	for c := t.Nodes[n].FirstChild; c >= 0; c = t.Nodes[c].Next {
		k := t.Nodes[c].Kind
		if k == parser.KFunctionItem {
			fn(c, branch, rep)
			continue
		}
		cb, cr := branch, rep
		if c != value {
			cr |= loopRep
		}
		if k == parser.KMatchArm || k == parser.KSelectBranch || k == parser.KElseClause || c == cons {
			cb = [2]uint32{t.Nodes[c].Start, t.Nodes[c].End}
		}
		if k == parser.KCallExpression {
			fn(c, cb, cr)
		}
		suWalk(t, c, cb, cr, typeOf, fn)
	}
}

// suPerItemCallers are iterator and stream adapters that run the closure they are handed once
// per item, as a loop would.
var suPerItemCallers = map[string]bool{"map": true, "for_each": true, "filter_map": true, "flat_map": true, "then": true,
	"and_then": true, "fold": true, "try_fold": true, "try_for_each": true, "for_each_concurrent": true,
	"try_for_each_concurrent": true, "map_ok": true, "inspect": true, "scan": true, "filter": true, "take_while": true,
	"skip_while": true, "map_while": true, "any": true, "all": true, "find_map": true, "position": true, "retain": true}

// Why a call may run many times per run of its fn.
const (
	suRepLoop    uint8 = 1 << iota // a loop runs it again
	suRepClosure                   // it is in a closure that may be called many times
)

// suRetried reports whether call runs again in its innermost loop only after it failed: a
// retry loop that leaves as soon as the call succeeds (`loop { if let Ok(s) = Session::new()
// .await { break s; } sleep(backoff).await }`, `match make().await { Ok(v) => break v, Err(e)
// => log(e) }`), so it succeeds once.
// The call is the value tested (through `.await`, `?` and parentheses), and the branch taken
// on `Ok(..)`/`Some(..)` leaves the loop on every path.
func suRetried(t *parser.Tree, call, body parser.NodeID) bool {
	loop := parser.None
	for a := t.Parent(call); a >= 0 && a != body; a = t.Parent(a) {
		if IsBodyBoundary(t, a) {
			return false
		}
		if IsLoop(t, a) {
			loop = a
			break
		}
	}
	if !t.Is(loop, parser.KLoopExpression) {
		return false
	}
	v := call
	for {
		up := t.Parent(v)
		if t.Is(up, parser.KAwaitExpression) || t.Is(up, parser.KTryExpression) || t.Is(up, parser.KParenthesizedExpression) {
			v = up
			continue
		}
		break
	}
	success := func(pat parser.NodeID) bool {
		if t.Is(pat, parser.KMatchPattern) {
			pat = t.NamedChild(pat, 0) // (a guarded `Ok(v) if ..` arm must leave too)
		}
		_, ok := TupleVariant(t, pat, "Ok")
		_, some := TupleVariant(t, pat, "Some")
		return ok || some
	}
	up := t.Parent(v)
	switch {
	case t.Is(up, parser.KLetCondition) && t.Field(up, parser.FValue) == v && success(t.Field(up, parser.FPattern)):
		// `if let Ok(x) = call { .. leaves .. }`
		iff := t.Parent(up)
		return t.Is(iff, parser.KIfExpression) && cfg.LeavesLoop(t, t.Field(iff, parser.FConsequence), loop)
	case t.Is(up, parser.KMatchExpression) && t.Field(up, parser.FValue) == v:
		left := false
		for _, arm := range t.NamedChildren(t.Field(up, parser.FBody)) {
			if t.Is(arm, parser.KMatchArm) && success(t.Field(arm, parser.FPattern)) {
				if !cfg.LeavesLoop(t, t.Field(arm, parser.FValue), loop) {
					return false
				}
				left = true
			}
		}
		return left
	}
	return false
}

// suOnceCallers are the calls that run the closure they are handed at most once: a once
// cell's initialiser (`cell.get_or_init(|| ..)`, also an async one), `Once::call_once`, a
// `Lazy`'s, the fallbacks only an `Option` or `Result` has (`unwrap_or_else`,
// `ok_or_else`), and an app builder's start-up hook (Tauri's `Builder::setup(|app| ..)`,
// run once as the app starts). Not `map_err` or `or_else`, which a stream also has and runs
// per item.
var suOnceCallers = func() map[string]bool {
	m := map[string]bool{"call_once": true, "call_once_force": true, "unwrap_or_else": true, "ok_or_else": true, "setup": true}
	for k := range suCellInits {
		m[k] = true
	}
	return m
}()

// suThreadSpawns run the closure they are handed once, on a thread of its own (or of a
// pool): `std::thread::spawn(move || ..)`, `thread::Builder::new().spawn(..)`, a scope's
// `s.spawn(..)`, `spawn_blocking(..)`. A runtime built in one for one job is one runtime.
var suThreadSpawns = map[string]bool{"spawn": true, "spawn_scoped": true, "spawn_blocking": true, "scope": true}

// suCellInits are the methods that fill a once cell (or an `Option`) with what the closure
// they are handed makes, when it is empty: suLazyInit's values made once and kept.
var suCellInits = map[string]bool{"get_or_init": true, "get_or_try_init": true, "get_or_insert_with": true}

// suOnceClosure reports whether closure c is handed to a call that runs it at most once
// (suOnceCallers, or `Lazy::new(|| ..)` / `LazyLock::new(|| ..)`): code in it runs once per
// call of the code around it, like code written there.
func suOnceClosure(t *parser.Tree, c parser.NodeID) bool {
	call := biArgumentOf(t, c)
	if call < 0 {
		return false
	}
	if m := MethodName(t, call); m != "" {
		return suOnceCallers[m] || suThreadSpawns[m] || m == "map" && suOptionMap(t, call)
	}
	path := CalleePath(t, call)
	return strings.HasSuffix(path, "Lazy::new") || strings.HasSuffix(path, "LazyLock::new") || strings.HasSuffix(path, "LazyCell::new") ||
		suThreadSpawns[LastSegment(path)] && (strings.Contains(path, "thread::") || strings.HasSuffix(path, "spawn_blocking"))
}

// suOptionSteps are the methods an `Option` value goes through before `.map(..)` without
// turning into an iterator (`cfg.db.clone().map(..)`, `self.conn.as_ref().map(..)`), and
// suOptionEnds those that may take the map's result on as an `Option`.
var (
	suOptionSteps = map[string]bool{"clone": true, "as_ref": true, "as_mut": true, "as_deref": true, "ok": true, "cloned": true, "copied": true, "take": true}
	suOptionEnds  = map[string]bool{"unwrap_or": true, "unwrap_or_default": true, "unwrap_or_else": true, "unwrap": true, "expect": true, "transpose": true, "ok_or": true, "ok_or_else": true, "flatten": true}
)

// suOptionMap reports whether `.map(closure)` call runs its closure at most once: it maps an
// `Option` as written (a field or a binding of the fn, through suOptionSteps with no
// argument: `config.store.clone().map(|c| ..)`), and its result is no iterator's (nothing
// but suOptionEnds and `?` follows). An iterator's `map` is lazy and runs per item when
// consumed; a receiver made by any other method (`.iter()`, `.lines()`, `rx.into_stream()`)
// or a result that goes on (`.collect()`, `.buffer_unordered(..)`) keeps it repeated.
func suOptionMap(t *parser.Tree, call parser.NodeID) bool {
	r := t.Unparen(Receiver(t, call))
	for t.Is(r, parser.KCallExpression) {
		if !suOptionSteps[MethodName(t, r)] || len(Args(t, r)) != 0 {
			return false
		}
		r = t.Unparen(Receiver(t, r))
	}
	if !t.Is(r, parser.KFieldExpression) && !t.Is(r, parser.KIdentifier) {
		return false
	}
	for up := t.Parent(call); ; up = t.Parent(up) {
		switch t.Kind(up) {
		case parser.KTryExpression, parser.KParenthesizedExpression:
			continue
		case parser.KFieldExpression:
			c := t.Parent(up)
			if !t.Is(c, parser.KCallExpression) || !suOptionEnds[MethodName(t, c)] {
				return false
			}
			up = c
			continue
		case parser.KForExpression:
			return false
		}
		return true
	}
}

// suRepeated reports whether n may run more than once for one run of body: it sits in a
// loop or in a closure (a callback, an iterator's step) inside body.
func suRepeated(t *parser.Tree, n, body parser.NodeID, typeOf func(parser.NodeID) Type) bool {
	rep := false
	t.Ancestors(n, func(a parser.NodeID) bool {
		if a == body || t.Is(a, parser.KFunctionItem) {
			return false
		}
		switch {
		case t.Is(a, parser.KClosureExpression):
			rep = !suOnceClosure(t, a)
		case IsLoop(t, a):
			// A loop's own head (`for x in start()`) runs once, and a `for` over a range
			// (`for i in 0..workers`) starts a fixed pool, not one per request.
			rep = !suInLoopHead(t, a, n) && !suCountedLoop(t, a, typeOf) && !suLeavesAfter(t, a, n)
		}
		return !rep
	})
	return rep
}

// suPerItem returns the iterator of the innermost `for` loop around n (inside body) that
// runs once per element of a fixed collection or range (suCountedLoop), "" when there is
// none: a spawn there starts one task per element.
func suPerItem(t *parser.Tree, n, body parser.NodeID, typeOf func(parser.NodeID) Type) string {
	found := ""
	t.Ancestors(n, func(a parser.NodeID) bool {
		if a == body || IsBodyBoundary(t, a) {
			return false
		}
		if IsLoop(t, a) && suCountedLoop(t, a, typeOf) && !suInLoopHead(t, a, n) {
			found = t.Text(t.Field(a, parser.FValue))
			return false
		}
		return true
	})
	return found
}

// suLeavesAfter reports whether the loop is left right after n runs: a statement after the
// one holding n, in n's block or a block around it inside the loop, leaves the loop on every
// path (cfg.LeavesLoop: a `return`, a `break`, an `if`/`match` whose every branch does)
// (`loop { match register().await { Ok(t) => { spawn(..); return Ok(()) } Err(e) => retry }
// }`: a retry loop that starts its task once).
func suLeavesAfter(t *parser.Tree, loop, n parser.NodeID) bool {
	body := t.Field(loop, parser.FBody)
	for a, child := t.Parent(n), n; a >= 0 && a != loop; a, child = t.Parent(a), a {
		if IsBodyBoundary(t, a) || IsLoop(t, a) {
			return false
		}
		if t.Is(a, parser.KBlock) {
			for c := t.Nodes[child].Next; c >= 0; c = t.Nodes[c].Next {
				if t.IsNamed(c) && !t.IsComment(c) && cfg.LeavesLoop(t, c, loop) {
					return true
				}
			}
		}
		if a == body {
			break
		}
	}
	return false
}

// suInLoopHead reports whether n sits in the iterator of a for loop, not in its body.
func suInLoopHead(t *parser.Tree, loop, n parser.NodeID) bool {
	if !t.Is(loop, parser.KForExpression) {
		return false
	}
	v := t.Field(loop, parser.FValue)
	return v >= 0 && t.Nodes[v].Start <= t.Nodes[n].Start && t.Nodes[n].End <= t.Nodes[v].End
}

// suCountedLoop reports whether loop is a `for` over a range (`0..n`, `0..=n`) or over a
// collection held in a value (suFixedCollection): it runs once per element, a number fixed
// when it starts, not once per request or message.
func suCountedLoop(t *parser.Tree, loop parser.NodeID, typeOf func(parser.NodeID) Type) bool {
	if !t.Is(loop, parser.KForExpression) {
		return false
	}
	v := t.Unparen(t.Field(loop, parser.FValue))
	return t.Is(v, parser.KRangeExpression) || suFixedCollection(t, v, typeOf)
}

// suItemAdapters are the iterator methods that keep a collection's elements finite: the
// base they are called on decides (`self.ports.iter().enumerate()`).
var suItemAdapters = map[string]bool{"iter": true, "into_iter": true, "iter_mut": true,
	"values": true, "values_mut": true, "keys": true, "into_values": true, "into_keys": true,
	"enumerate": true, "drain": true, "clone": true, "cloned": true, "copied": true, "rev": true,
	"skip": true, "take": true, "filter": true, "map": true, "filter_map": true, "zip": true,
	"chunks": true}

// suEndlessWords are the words of a name that reads as a source of values that come one
// at a time for as long as the process runs (`for msg in self.rx.iter()`, std mpsc's
// receiving iterator; `listener.incoming()`): a loop over one runs per message.
var suEndlessWords = map[string]bool{"rx": true, "recv": true, "receiver": true, "incoming": true,
	"listener": true, "stream": true, "events": true, "inbox": true, "chan": true,
	"channel": true, "subscriber": true, "subscription": true, "watcher": true, "queue": true,
	"messages": true, "jobs": true, "tasks": true, "requests": true, "conn": true, "conns": true}

// suFixedCollection reports whether v, a `for` loop's iterator, is a collection whose
// elements are all there when the loop starts: a field or local that holds a `Vec`, a
// map, a set or an array (by its declared type, or a local's `vec![..]`, array or
// `.collect()`), through `&` and the element adapters of suItemAdapters. When typeOf knows
// the base's type, the type decides (`let sources = build_sources(&cfg)?;`
// whose fn returns a `Vec`; a field typed `Receiver`); otherwise a name that reads as a
// channel or a listener (suEndlessWords) never counts: std's `Receiver` iterates too.
func suFixedCollection(t *parser.Tree, v parser.NodeID, typeOf func(parser.NodeID) Type) bool {
	for {
		v = t.Unparen(v)
		switch {
		case t.Is(v, parser.KReferenceExpression):
			v = t.Field(v, parser.FValue)
			continue
		case t.Is(v, parser.KCallExpression) && suItemAdapters[MethodName(t, v)]:
			v = Receiver(t, v)
			continue
		}
		break
	}
	if t.Is(v, parser.KIdentifier) || t.Is(v, parser.KFieldExpression) {
		if ty := typeOf(v); ty.Known() {
			return suCollectionType(ty.Name())
		}
	}
	named := func(name string) bool {
		for _, w := range strings.Split(strings.ToLower(name), "_") {
			if suEndlessWords[w] {
				return false
			}
		}
		return true
	}
	switch {
	case t.Is(v, parser.KArrayExpression):
		return true
	case t.Is(v, parser.KFieldExpression):
		return named(t.Text(t.Field(v, parser.FField)))
	case !t.Is(v, parser.KIdentifier) || !named(t.Text(v)):
		return false
	}
	decl, let := ResolveBinding(t, v)
	if decl < 0 {
		return false
	}
	if let >= 0 {
		if ty := t.Field(let, parser.FType); ty >= 0 {
			return suCollectionType(t.Text(ty))
		}
		if stripMutPattern(t, t.Field(let, parser.FPattern)) != decl {
			return false
		}
		val := t.Unparen(t.Field(let, parser.FValue))
		switch {
		case t.Is(val, parser.KArrayExpression), t.Is(val, parser.KFieldExpression) && named(t.Text(t.Field(val, parser.FField))):
			return true
		case t.Is(val, parser.KMacroInvocation):
			return LastSegment(t.Text(t.Field(val, parser.FMacro))) == "vec"
		case t.Is(val, parser.KCallExpression):
			m := MethodName(t, val)
			return strings.HasPrefix(m, "collect")
		}
		return false
	}
	if p := t.Parent(decl); p >= 0 && t.Is(p, parser.KParameter) {
		return suCollectionType(t.Text(t.Field(p, parser.FType)))
	}
	return false
}

// suCollectionType reports whether ty, a type's text, is a collection whose elements are
// all there: `Vec<T>`, `[T; N]`, `&[T]`, std's maps and sets, `VecDeque`, `IndexMap`.
func suCollectionType(ty string) bool {
	ty = strings.TrimSpace(ty)
	for {
		s := strings.TrimPrefix(ty, "&")
		if s == ty {
			break
		}
		s = strings.TrimSpace(s)
		if strings.HasPrefix(s, "'") {
			if _, rest, ok := strings.Cut(s, " "); ok {
				s = rest
			}
		}
		ty = strings.TrimSpace(strings.TrimPrefix(s, "mut "))
	}
	if strings.HasPrefix(ty, "[") {
		return true
	}
	head, _, _ := strings.Cut(ty, "<")
	switch LastSegment(strings.TrimSpace(head)) {
	case "Vec", "HashMap", "BTreeMap", "HashSet", "BTreeSet", "VecDeque", "IndexMap", "IndexSet", "SmallVec":
		return true
	}
	return false
}

// suGraphOf builds the crate's start-up graph once.
func suGraphOf(c *Crate) *suGraph {
	return Memo(c, suFactMemo, func() *suGraph {
		facts := Facts(c, suFactFn)
		// The crate's module names: a call qualified by any other (`dump::run(..)` after
		// `use compaction::dump`) runs another package's fn, not a fn of this graph (the
		// graph of blocking_in_async keeps them, by name, to stay on the safe side).
		mods := map[string]bool{}
		for _, f := range Facts(c, biFactFile) {
			for _, d := range f.Decls {
				mods[d.Name] = true
			}
		}
		// Likewise a type with no fn here (`Vec::new()`, `WalkDir::new(..)`) is another
		// package's.
		types := map[string]bool{}
		for i := range facts {
			mods[facts[i].Fn.Module] = true
			types[facts[i].Fn.Type] = true
		}
		// A binary calls its own package's library by the crate's name (`app::run()` in
		// src/main.rs): that is a call of this graph's fn, from its root module.
		own := CrateName(c.pkg())
		fns := make([]biFnFact, len(facts))
		for i := range facts {
			fns[i] = facts[i].Fn
		}
		selfs := biSelfNames(fns)
		for i := range facts {
			// A receiver whose type another file tells (pending): its own methods only,
			// as in blocking_in_async's graph.
			fns[i].Calls = slices.Clone(biSettleRecvs(c, fns[i].Path, fns[i].Calls, selfs))
			for k := range fns[i].Calls {
				if r := &fns[i].Calls[k]; own != "" && r.Ext == own {
					r.Ext = ""
					if r.Qual == own {
						r.Qual = ""
					}
				}
			}
			fns[i].Calls = slices.DeleteFunc(fns[i].Calls, func(r biRef) bool {
				return r.Qual != "" && (r.Kind == biRefFn && !mods[r.Qual] || r.Kind == biRefAssoc && !types[r.Qual])
			})
		}
		g := biGraphOfFns(fns, biAliases(c), biPlainTypes(c))
		g.markExported(c)
		return &suGraph{g: g, facts: facts}
	})
}

// peersStartup reports whether every call another package of the scan makes is start-up
// code there (under initNamed, with via as the chain so far).
func peersStartup(calls []PeerCall, initNamed, via bool) bool {
	for _, pc := range calls {
		if !pc.startup(initNamed, via) {
			return false
		}
	}
	return true
}

// inSight reports whether every caller of fn j is in the graph or in the scan's other
// packages: it has callers here, and it is not exported, or its package is not published
// (`publish = false`: no users outside the workspace). With app, a package with a binary
// target counts too: an application's library is there for its own binary, and what calls
// it elsewhere would do so once, as its binary does (detached_task asks so: a forever task
// spawned once by an application's start-up is meant to live as long as it).
func (sg *suGraph) inSight(c *Crate, j int, app bool) bool {
	if len(sg.g.callers[j]) == 0 {
		return false
	}
	return !sg.g.fns[j].Exported || c.unpublished() || app && c.hasBin()
}

// suInitName reports whether a fn's name says it initialises: `init`, `init_cache`,
// `cache_init`, `initialize`, `setup`, `bootstrap`, `startup`.
func suInitName(name string) bool {
	name = strings.ToLower(name)
	for _, w := range []string{"init", "initialize", "initialise", "setup", "bootstrap", "startup"} {
		if name == w || strings.HasPrefix(name, w+"_") || strings.HasSuffix(name, "_"+w) {
			return true
		}
	}
	return false
}

// startupOnly tells whether the fn with ID id runs only at start-up (see the top of the
// file), and returns a note that says so. With initNamed, a library's entry point counts only
// when its name says it initialises (blocking_in_async: a fn that takes nothing may still be
// called per request; a fn that spawns a forever task with nothing from its caller is a
// start-up fn by its shape).
//
// With initNamed, the code must also run before the server starts: no fn on a chain
// spawns a task or hands a server its handlers (itself or through a fn it calls) before
// the call that goes on towards the code, at offset off in fn id.
func startupOnly(c *Crate, id string, off uint32, initNamed bool) (string, bool) {
	return startupWalk(c, id, off, initNamed, false)
}

// startupWalk is startupOnly with via0: the chain that leads to the call has already passed
// an init fn (for calls from another package, whose own chain did).
func startupWalk(c *Crate, id string, off uint32, initNamed, via0 bool) (string, bool) {
	sg := suGraphOf(c)
	g := sg.g
	i, ok := g.byID[id]
	if !ok {
		return "", false
	}
	// With initNamed a chain from `main` must pass through an init fn, whose work comes
	// before the server's: via tells whether the chain so far has.
	type step struct {
		fn  int
		via bool
	}
	if initNamed && sg.spawnsBefore(i, off) {
		return "", false
	}
	return startupChains(c, i, initNamed, via0, true)
}

// onceFromMain tells whether the fn with ID id runs once per process: every chain of callers
// up from it starts at `fn main` of a binary (or at start-up code of the scan's other
// packages), with no loop, closure or constructor on the way. Unlike startupOnly, a library's
// entry point by its shape does not count (its users may call it per request), and what was
// spawned before does not matter: the question is how often, not what else runs.
func onceFromMain(c *Crate, id string) (string, bool) {
	i, ok := suGraphOf(c).g.byID[id]
	if !ok {
		return "", false
	}
	return startupChains(c, i, false, false, false)
}

// startupChains is startupWalk from fn i of the start-up graph, once the call in it is known
// to come before anything i starts.
//
// With libEntries false, a library's entry point by its shape ends no chain.
func startupChains(c *Crate, i int, initNamed, via0, libEntries bool) (string, bool) {
	// An application's exports count as in sight only for a spawn's question (does it run
	// once?), asked with library entry points allowed; a blocking call's stays strict.
	app := !initNamed && libEntries
	sg := suGraphOf(c)
	g := sg.g
	type step struct {
		fn  int
		via bool
	}
	first := step{i, initNamed && (via0 || suInitName(g.fns[i].Name))}
	seen := map[step]bool{first: true}
	queue := []step{first}
	var mains, entries []int
	var peers []string
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		j := st.fn
		s := &sg.facts[j]
		switch {
		case s.Main:
			if initNamed && !st.via {
				return "", false // main's own work may come after it serves
			}
			mains = append(mains, j)
			continue
		case s.Ctor && (initNamed || !sg.inSight(c, j, app)) && len(peerCallsOf(c, &g.fns[j])) == 0:
			// One run per value made; unless all its calls come from the start-up code of
			// other packages (below), which make one value, or (for a spawn) every caller
			// is in sight, so that the chains above tell how many values are made.
			return "", false
		case sg.inSight(c, j, app):
			// An unpublished package's export: its callers in this package are all there
			// is, besides the scan's other packages, whose calls must be start-up too.
			if !peersStartup(peerCallsOf(c, &g.fns[j]), initNamed, st.via) {
				return "", false
			}
		case len(g.callers[j]) == 0 || g.fns[j].Exported:
			// Out of sight callers: another package, a trait object, a callback. The
			// scan's other packages may show them (peers.go).
			// A library's entry point by its shape stays one; the calls of the scan's
			// other packages only add fns that its shape does not make one.
			f := &g.fns[j]
			if libEntries && f.Exported && !f.Method && s.NParams == 0 && !s.Ctor && (!initNamed || suInitName(f.Name)) {
				entries = append(entries, j)
				break
			}
			calls := peerCallsOf(c, f)
			if len(calls) == 0 || !peersStartup(calls, initNamed, st.via) {
				return "", false
			}
			peers = append(peers, calls[0].describe(f))
		}
		for _, k := range g.callers[j] {
			if sg.repeats(k, j) {
				return "", false
			}
			if initNamed && sg.spawnsBefore(k, g.firstLead(g.fns[k].Calls, map[int]bool{j: true})) {
				return "", false // the server may be running by then
			}
			next := step{k, st.via || initNamed && suInitName(g.fns[k].Name)}
			if !seen[next] {
				seen[next] = true
				queue = append(queue, next)
			}
		}
	}
	if len(mains) == 0 && len(entries) == 0 && len(peers) == 0 {
		return "", false // only cycles of callers: no chain starts anywhere in sight
	}
	var tops []string
	slices.Sort(mains)
	slices.Sort(entries)
	mains, entries = slices.Compact(mains), slices.Compact(entries)
	for _, j := range mains {
		tops = append(tops, fmt.Sprintf("`main` (%s)", biRel(c.Root, g.fns[j].Path)))
	}
	var libs []string
	for _, j := range entries {
		name := g.fns[j].Name
		if m := g.fns[j].Module; m != "" {
			name = m + "::" + name
		}
		libs = append(libs, "`"+name+"`")
	}
	if len(libs) > 3 {
		libs = append(libs[:3], fmt.Sprintf("%d more", len(libs)-3))
	}
	why := "exported and takes no arguments, so every call would start the same work again"
	if initNamed {
		why = "exported, takes no arguments and is named for initialisation"
	}
	if len(mains) == 0 && len(entries) == 1 && entries[0] == i {
		return fmt.Sprintf("`%s` is a library's start-up entry point (%s), and nothing in this package calls it", g.fns[i].Name, why), true
	}
	if len(libs) > 0 {
		tops = append(tops, fmt.Sprintf("%s (a library's start-up entry point: %s)", strings.Join(libs, ", "), why))
	}
	tops = append(tops, peers...)
	return fmt.Sprintf("every chain of callers of `%s` starts at %s, with no loop or callback on the way, so it runs once, at start-up",
		g.fns[i].Name, strings.Join(tops, " or ")), true
}

// spawners returns the fns that may start other work: those that spawn a task or hand a
// server its handlers, and, through calls that name their callee (a path, `self.f()`), the
// fns that call one. A method call on another value counts only when a method of that name
// spawns itself: by name alone, `.join()` or `.open()` would reach half the crate.
func (sg *suGraph) spawners() map[int]bool {
	if sg.spawn != nil {
		return sg.spawn
	}
	g := sg.g
	direct := sg.directMethods()
	// The calls that count: by a fn's path, or of a method that some fn spawns in directly
	// (a common method name alone is no edge).
	counted := g.callerLists(func(ref biRef) bool {
		return ref.Kind != biRefMethod || ref.Qual != "" || direct[ref.Name]
	})
	sg.spawn = g.callersIn(counted, func(i int) bool { return len(g.fns[i].Spawns) > 0 })
	return sg.spawn
}

// directMethods names the methods that spawn in their own body.
func (sg *suGraph) directMethods() map[string]bool {
	if sg.direct == nil {
		sg.direct = map[string]bool{}
		for _, f := range sg.g.fns {
			if f.Method && len(f.Spawns) > 0 {
				sg.direct[f.Name] = true
			}
		}
	}
	return sg.direct
}

// spawnsBefore reports whether fn k may start other work before offset end (see spawners
// for the method calls that count).
func (sg *suGraph) spawnsBefore(k int, end uint32) bool {
	direct := sg.directMethods()
	f := &sg.g.fns[k]
	calls := slices.DeleteFunc(slices.Clone(f.Calls), func(r biRef) bool {
		return r.Kind == biRefMethod && r.Qual == "" && !direct[r.Name]
	})
	return sg.g.spawnsBefore(f.Spawns, calls, end, sg.spawners(), nil)
}

// repeats reports whether fn k may call fn j many times: one of its calls that resolves to
// j sits in a loop or a closure.
func (sg *suGraph) repeats(k, j int) bool {
	rep := sg.facts[k].Repeat
	if len(rep) == 0 {
		return false
	}
	for _, ref := range sg.g.fns[k].Calls {
		found := false
		for _, o := range rep {
			if o == ref.Off {
				found = true
				break
			}
		}
		if !found {
			continue
		}
		for _, x := range sg.g.resolve(ref) {
			if x == j {
				return true
			}
		}
	}
	return false
}

// startupSite returns the ID of the fn item around n when n runs at most once per run of
// that fn (not in a loop or closure inside it), or "".
func startupSite(p *Pass, n parser.NodeID) string {
	t := p.Tree
	fn := t.AncestorOfKind(n, parser.KFunctionItem)
	if fn < 0 || suRepeated(t, n, t.Field(fn, parser.FBody), p.TypeOf) {
		return ""
	}
	return biFnID(p, fn)
}

// suStartupNote is the note of a finding lowered because its code runs only at start-up;
// perItem names the collection of a `for` loop around the spawn ("" when none), the reason
// follows.
func suStartupNote(perItem string) string {
	once := "once"
	if perItem != "" {
		once = fmt.Sprintf("once per element of `%s`", perItem)
	}
	return "note here, not warning: spawned " + once + " at start-up; it runs for the life of the process, which ends it: "
}

// repeatedFromBy tells whether the fn with ID id may run many times: a fn that leads to it
// (or it itself) calls the next fn on the way in a loop or a closure, by a name that names
// at most biPerItemCands fns of the package, and every call on the way names so few too
// (reachBackNarrow); it names that caller. With loops, only a caller that runs the next fn
// again in a loop (RepeatLoop) counts, as a closure handed to code out of sight (a
// framework's builder, a retry helper) may run once.
func repeatedFromBy(c *Crate, id string, loops bool) (string, bool) {
	sg := suGraphOf(c)
	i, ok := sg.g.byID[id]
	if !ok {
		return "", false
	}
	repeats := func(j int, r biRef) bool {
		if loops {
			return slices.Contains(sg.facts[j].RepeatLoop, r.Off)
		}
		return slices.Contains(sg.facts[j].Repeat, r.Off)
	}
	// A caller that reaches the spawning fn only from a once-cell's initialiser
	// (`CELL.get_or_init(|| { start_worker(); .. })`) runs it once per cell, however often
	// it is called itself: the walk back stops there.
	lazyOnly := func(k, j int) bool {
		for _, r := range sg.g.fns[k].Calls {
			if slices.Contains(sg.g.resolveNarrow(r), j) && !slices.Contains(sg.facts[k].Lazy, r.Off) {
				return false
			}
		}
		return true
	}
	if j, callee, ok := sg.g.repeatCaller(sg.g.reachBackNarrowExcept(i, lazyOnly), repeats); ok {
		how := "in a loop or a closure"
		if loops {
			how = "in a loop"
		}
		return fmt.Sprintf("`%s` (%s) calls `%s` %s, on the way to this spawn", sg.g.fns[j].Name, biRel(c.Root, sg.g.fns[j].Path), callee, how), true
	}
	return "", false
}
