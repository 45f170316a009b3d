package rules

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
)

// Handles kept but never used to stop (issue 13, capability 8): the JoinHandle of a task
// that runs forever is stored in a field of a type of the crate — `self.task = Some(spawn(..))`,
// `Self { task: spawn(..) }`, `self.tasks.push(spawn(..))`, `self.task.set(spawn(..))` — and
// nothing ever uses that field again: no code of the crate reads it (no `.abort()`, no
// `.await`, no `take()`, no destructuring), and the type has no `impl Drop`. Dropping the
// owner then drops the handle, which detaches the task. Each file records the fields it
// reads and the Drop impls and stop-like methods it declares; the stored spawns are settled
// against those facts once every file is read.

var (
	dtReadsKey = NewFactKey[map[string]bool]("detached_task.reads") // one per file: "T.f" (read through `self` in impl T), "*.f"
	dtDropKey  = NewFactKey[dtDropFact]("detached_task.drop")       // .For(type name): the type's `impl Drop`
	dtStopKey  = NewFactKey[dtStopFact]("detached_task.stopfn")     // .For(type name): a method named like a shutdown
)

// dtStopFact is a method named like a shutdown, and the file of its impl.
type dtStopFact struct {
	Name string
	Path string
}

// dtDropFact is what an `impl Drop` touches: the fields it names through `self`, and whether
// it uses `self` as a whole (passes it on, replaces it, destructures it), which may reach
// any field.
type dtDropFact struct {
	Fields map[string]bool
	Whole  bool
	Path   string // the file of the impl
}

// dtDropTouches gathers what the body of a `drop(&mut self)` touches.
func dtDropTouches(t *parser.Tree, fn parser.NodeID) dtDropFact {
	f := dtDropFact{Fields: map[string]bool{}}
	body := t.Field(fn, parser.FBody)
	if body < 0 {
		return dtDropFact{Whole: true}
	}
	t.Walk(body, func(d parser.NodeID) bool {
		if !t.Is(d, parser.KSelf) {
			return true
		}
		par := t.Parent(d)
		if t.Is(par, parser.KFieldExpression) && t.Field(par, parser.FValue) == d {
			name := t.Text(t.Field(par, parser.FField))
			if up := t.Parent(par); t.Is(up, parser.KCallExpression) && t.Field(up, parser.FFunction) == par {
				return true // `self.shutdown()`: whatever the method reads is recorded as a read
			}
			f.Fields[name] = true
			return true
		}
		f.Whole = true
		return true
	})
	return f
}

// dtStore is where a spawn's JoinHandle is kept: in field Field of the crate's type Owner.
type dtStore struct {
	Owner, Field string
	At           parser.NodeID // the assignment, field initializer or push call that stores it
}

// dtStoredIn finds the field a spawn's handle goes into: directly, or through a `let h =
// spawn(..)` whose only use stores `h`. Wrappers that keep the handle as it is (`Some`,
// `Arc::new`, `Mutex::new`) are seen through; any other call (`AbortOnDropHandle::new`) is
// not, and nor is a store into a static or a local.
func dtStoredIn(t *parser.Tree, call parser.NodeID, impl string) (dtStore, bool) {
	v := call
	for t.Is(t.Parent(v), parser.KParenthesizedExpression) {
		v = t.Parent(v)
	}
	if c, ok := dtCollected(t, v); ok {
		v = c
	}
	if let := t.Parent(v); t.Is(let, parser.KLetDeclaration) && t.Field(let, parser.FValue) == v {
		pat := t.Field(let, parser.FPattern)
		if !t.Is(pat, parser.KIdentifier) || t.Field(let, parser.FType) >= 0 {
			return dtStore{}, false
		}
		use := dtSingleUse(t, let, t.Text(pat))
		if use < 0 {
			return dtStore{}, false
		}
		v = use
	}
	return dtStorePos(t, v, impl)
}

// dtCollected follows a spawn that is the value of a `.map(|x| spawn(..))` closure to the
// `.collect()` that gathers the handles, through iterator adapters after the map
// (`(0..n).map(|i| tokio::spawn(work(i))).collect()`): the collection keeps every handle.
func dtCollected(t *parser.Tree, v parser.NodeID) (parser.NodeID, bool) {
	cl := t.Parent(v)
	if t.Is(cl, parser.KBlock) && dtIsTail(t, cl, v) {
		cl = t.Parent(cl)
	}
	if !t.Is(cl, parser.KClosureExpression) {
		return parser.None, false
	}
	args := t.Parent(cl)
	m := t.Parent(args)
	if !t.Is(args, parser.KArguments) || !t.Is(m, parser.KCallExpression) || MethodName(t, m) != "map" || len(Args(t, m)) != 1 {
		return parser.None, false
	}
	for i := 0; i < 4; i++ {
		f := t.Parent(m)
		c := t.Parent(f)
		if !t.Is(f, parser.KFieldExpression) || !t.Is(c, parser.KCallExpression) || Receiver(t, c) != m {
			return parser.None, false
		}
		switch MethodName(t, c) {
		case "collect":
			return c, true
		case "chain", "rev", "take", "skip", "enumerate":
			m = c
			continue
		}
		return parser.None, false
	}
	return parser.None, false
}

// dtSingleUse returns the only use of the binding let makes (None when it has none or more).
func dtSingleUse(t *parser.Tree, let parser.NodeID, name string) parser.NodeID {
	blk := t.Parent(let)
	if blk < 0 {
		return parser.None
	}
	end := t.Nodes[let].End
	use, n := parser.None, 0
	t.Walk(blk, func(d parser.NodeID) bool {
		if n > 1 || t.Nodes[d].End <= end {
			return false
		}
		if !t.Is(d, parser.KIdentifier) || !t.TextIs(d, name) {
			return true
		}
		if par := t.Parent(d); t.Is(par, parser.KLetDeclaration) && t.Field(par, parser.FPattern) == d {
			return true
		}
		if dtFindBinding(t, name, d) != let {
			return true
		}
		use, n = d, n+1
		return true
	})
	if n != 1 {
		return parser.None
	}
	return use
}

// dtQueryMethods only look at a handle (or the collection or Option that keeps it): a read
// through them does not stop the task.
var dtQueryMethods = map[string]bool{"is_finished": true, "is_some": true, "is_none": true, "len": true, "is_empty": true,
	"id": true, "contains_key": true}

// dtStoreMethods put their last argument into the receiver (a Vec, map, set or OnceLock).
var dtStoreMethods = map[string]bool{"get_or_init": true, "push": true, "push_back": true, "push_front": true, "insert": true, "set": true}

// dtThroughMethods reach the value a field holds without changing what is stored there.
var dtThroughMethods = map[string]bool{"lock": true, "write": true, "unwrap": true, "expect": true, "borrow_mut": true,
	"get_mut": true, "as_mut": true, "blocking_lock": true, "try_lock": true}

// dtStorePos says whether value v is stored into a field, and where.
func dtStorePos(t *parser.Tree, v parser.NodeID, impl string) (dtStore, bool) {
	for i := 0; i < 4; i++ {
		var par parser.NodeID
		v, par = ParenParent(t, v)
		switch t.Kind(par) {
		case parser.KMacroBody:
			// `vec![tokio::spawn(..)]`: the Vec keeps the handle
			if m := t.Parent(par); t.Is(m, parser.KMacroInvocation) && t.MacroName(m) == "vec" {
				v = m
				continue
			}
			return dtStore{}, false
		case parser.KBlock:
			// `|| { tokio::spawn(..) }`: the closure's value
			if dtIsTail(t, par, v) && t.Is(t.Parent(par), parser.KClosureExpression) {
				v = par
				continue
			}
			return dtStore{}, false
		case parser.KClosureExpression:
			// `self.task.get_or_init(|| tokio::spawn(..))`: a OnceLock (OnceCell) field keeps it
			args := t.Parent(par)
			if t.Field(par, parser.FBody) != v || !t.Is(args, parser.KArguments) || len(Args(t, t.Parent(args))) != 1 ||
				MethodName(t, t.Parent(args)) != "get_or_init" {
				return dtStore{}, false
			}
			c := t.Parent(args)
			owner, field := dtFieldTarget(t, Receiver(t, c), impl)
			if owner == "" {
				return dtStore{}, false
			}
			return dtStore{Owner: owner, Field: field, At: c}, true
		case parser.KArguments:
			c := t.Parent(par)
			args := Args(t, c)
			if len(args) == 0 || args[len(args)-1] != v {
				return dtStore{}, false
			}
			if path := CalleePath(t, c); path != "" {
				last := LastSegment(path)
				switch {
				case len(args) == 1 && (path == "Some" || last == "new" && dtKeepsHandle(LastSegment(strings.TrimSuffix(path, "::new")))):
					v = c
					continue
				case len(args) == 1 && !strings.Contains(path, "::") && dtUpper(path) && path != "Ok" && path != "Err":
					// a tuple struct of the crate: `Worker(spawn(..))`
					return dtStore{Owner: path, Field: "0", At: c}, true
				}
				return dtStore{}, false
			}
			if !dtStoreMethods[MethodName(t, c)] {
				return dtStore{}, false
			}
			owner, field := dtFieldTarget(t, Receiver(t, c), impl)
			if owner == "" {
				if i == 0 {
					return dtLocalCollectionStore(t, c, impl)
				}
				return dtStore{}, false
			}
			return dtStore{Owner: owner, Field: field, At: c}, true
		case parser.KFieldInitializer:
			se := t.Parent(t.Parent(par))
			owner := dtStructName(t, se, impl)
			if owner == "" || t.Field(par, parser.FValue) != v {
				return dtStore{}, false
			}
			return dtStore{Owner: owner, Field: t.Text(t.Field(par, parser.FField)), At: par}, true
		case parser.KShorthandFieldInit:
			owner := dtStructName(t, t.Parent(t.Parent(par)), impl)
			if owner == "" {
				return dtStore{}, false
			}
			return dtStore{Owner: owner, Field: t.Text(v), At: par}, true
		case parser.KAssignmentExpression:
			if t.Field(par, parser.FRight) != v {
				return dtStore{}, false
			}
			owner, field := dtFieldTarget(t, t.Field(par, parser.FLeft), impl)
			if owner == "" {
				return dtStore{}, false
			}
			return dtStore{Owner: owner, Field: field, At: par}, true
		}
		return dtStore{}, false
	}
	return dtStore{}, false
}

// dtLocalCollectionStore follows a handle pushed onto a local collection that is then
// stored whole: `let mut tasks = Vec::new(); tasks.push(spawn(..)); Self { tasks }`. The
// local must be built empty (`Vec::new()`, `vec![]`, `Vec::with_capacity(..)`,
// `HashMap::new()`), and apart from pushes its only use must be the store.
func dtLocalCollectionStore(t *parser.Tree, push parser.NodeID, impl string) (dtStore, bool) {
	recv := t.Unparen(Receiver(t, push))
	if !t.Is(recv, parser.KIdentifier) {
		return dtStore{}, false
	}
	name := t.Text(recv)
	let := dtFindBinding(t, name, recv)
	if !t.Is(let, parser.KLetDeclaration) || t.Field(let, parser.FType) >= 0 {
		return dtStore{}, false
	}
	pat := t.Field(let, parser.FPattern)
	if t.Is(pat, parser.KMutPattern) {
		pat = t.NamedChild(pat, 0)
	}
	if !t.TextIs(pat, name) {
		return dtStore{}, false
	}
	v := t.Unparen(t.Field(let, parser.FValue))
	empty := t.Is(v, parser.KMacroInvocation) && t.MacroName(v) == "vec" && t.MacroBody(v) < 0
	if t.Is(v, parser.KMacroInvocation) && t.MacroName(v) == "vec" && strings.TrimSpace(strings.TrimPrefix(t.Text(v), "vec!")) == "[]" {
		empty = true
	}
	if t.Is(v, parser.KCallExpression) {
		path := CalleePath(t, v)
		owner := LastSegment(strings.TrimSuffix(strings.TrimSuffix(path, "::new"), "::with_capacity"))
		empty = (strings.HasSuffix(path, "::new") || strings.HasSuffix(path, "::with_capacity")) &&
			(owner == "Vec" || owner == "VecDeque" || owner == "HashMap" || owner == "BTreeMap")
	}
	if !empty {
		return dtStore{}, false
	}
	blk := t.Parent(let)
	var store parser.NodeID = parser.None
	n := 0
	t.Walk(blk, func(d parser.NodeID) bool {
		if t.Nodes[d].End <= t.Nodes[let].End {
			return true
		}
		if !t.Is(d, parser.KIdentifier) || !t.TextIs(d, name) || dtFindBinding(t, name, d) != let {
			return true
		}
		// `tasks.push(..)`, `tasks.insert(..)`: filling it
		if fe := t.Parent(d); t.Is(fe, parser.KFieldExpression) && t.Field(fe, parser.FValue) == d &&
			t.Is(t.Parent(fe), parser.KCallExpression) && dtStoreMethods[t.Text(t.Field(fe, parser.FField))] {
			return true
		}
		store, n = d, n+1
		return true
	})
	if n != 1 {
		return dtStore{}, false
	}
	return dtStorePos(t, store, impl)
}

// dtKeepsHandle: `X::new(h)` of these keeps h as it is, to be reached later.
func dtKeepsHandle(x string) bool {
	switch x {
	case "Arc", "Rc", "Box", "Mutex", "RwLock", "RefCell", "Cell":
		return true
	}
	return false
}

func dtUpper(s string) bool {
	r := []rune(s)
	return len(r) > 0 && unicode.IsUpper(r[0])
}

// dtStructName names the type of struct expression se ("" when it cannot).
func dtStructName(t *parser.Tree, se parser.NodeID, impl string) string {
	if !t.Is(se, parser.KStructExpression) {
		return ""
	}
	name := t.Field(se, parser.FName)
	if t.Is(name, kGenericTypeTurbofish) {
		name = t.Field(name, parser.FType)
	}
	typ := LastSegment(t.Text(name))
	if typ == "Self" {
		return impl
	}
	return typ
}

// dtFieldTarget names the owner type and field of a place such as `self.task`,
// `self.tasks.lock().unwrap()` or `worker.task` ("" when it is no field of a known type).
func dtFieldTarget(t *parser.Tree, e parser.NodeID, impl string) (string, string) {
	for i := 0; i < 6; i++ {
		e = t.Unparen(e)
		switch {
		case t.Is(e, parser.KAwaitExpression):
			e = t.NamedChild(e, 0)
			continue
		case t.Is(e, parser.KCallExpression) && dtThroughMethods[MethodName(t, e)]:
			e = Receiver(t, e)
			continue
		}
		break
	}
	if !t.Is(e, parser.KFieldExpression) {
		return "", ""
	}
	owner := dtValueType(t, t.Unparen(t.Field(e, parser.FValue)), impl)
	if owner == "" {
		return "", ""
	}
	return owner, t.Text(t.Field(e, parser.FField))
}

// ---- facts ----

// dtRecordRead notes that a field is read: every use of `x.f` except a method call named f,
// the left side of an assignment and the receiver of a store (`self.tasks.push(..)`).
func dtRecordRead(p *Pass, n parser.NodeID) {
	t := p.Tree
	par := t.Parent(n)
	if t.Is(par, parser.KCallExpression) && t.Field(par, parser.FFunction) == n {
		return // a method call
	}
	if t.Is(par, parser.KAssignmentExpression) && t.Field(par, parser.FLeft) == n {
		return
	}
	cur := n
	for i := 0; i < 6; i++ {
		up := t.Parent(cur)
		if t.Is(up, parser.KAwaitExpression) {
			cur = up
			continue
		}
		if !t.Is(up, parser.KFieldExpression) || t.Field(up, parser.FValue) != cur || !t.Is(t.Parent(up), parser.KCallExpression) {
			break
		}
		m := t.Text(t.Field(up, parser.FField))
		if m == "get_or_init" && !t.Is(t.Parent(t.Parent(up)), parser.KExpressionStatement) {
			break // its value is the handle, used here
		}
		if dtStoreMethods[m] || dtQueryMethods[m] {
			return
		}
		if !dtThroughMethods[m] {
			break
		}
		cur = t.Parent(up)
	}
	key := "*." + t.Text(t.Field(n, parser.FField))
	if t.Is(t.Unparen(t.Field(n, parser.FValue)), parser.KSelf) {
		if impl := implTypeAround(t, n); impl != "" {
			key = impl + "." + t.Text(t.Field(n, parser.FField))
		}
	}
	dtReads(p)[key] = true
}

// dtRecordPatternRead notes a field taken out by a struct pattern (`let Self { task, .. } = self`).
func dtRecordPatternRead(p *Pass, n parser.NodeID) {
	if name := p.Tree.Field(n, parser.FName); name >= 0 {
		dtReads(p)["*."+p.Tree.Text(name)] = true
	}
}

// dtReads is the file's set of read fields, recorded once as a fact.
func dtReads(p *Pass) map[string]bool {
	if v := Recorded(p, dtReadsKey); len(v) > 0 {
		return v[0]
	}
	m := map[string]bool{}
	Record(p, dtReadsKey, m)
	return m
}

// dtStopPrefixes name methods that look like a way to stop an object's tasks.
var dtStopPrefixes = []string{"shutdown", "stop", "close", "abort", "cancel", "terminate", "kill", "halt"}

// dtRecordImplFn records what a fn of an impl tells about its type: an `impl Drop`, or a
// method named like a shutdown.
func dtRecordImplFn(p *Pass, fn parser.NodeID) {
	t := p.Tree
	owner := ownerItem(t, fn)
	if !t.Is(owner, parser.KImplItem) {
		return
	}
	typ := typeName(t, t.Field(owner, parser.FType))
	name := t.Text(t.Field(fn, parser.FName))
	if typ == "" || name == "" {
		return
	}
	if tr := t.Field(owner, parser.FTrait); tr >= 0 && typeName(t, tr) == "Drop" {
		if name == "drop" {
			d := dtDropTouches(t, fn)
			d.Path = p.Info.Path
			Record(p, dtDropKey.For(typ), d)
		}
		return
	}
	// A trait's stop method counts too (`impl Service for Sync { async fn stop(&self) }`).
	for _, s := range dtStopPrefixes {
		if strings.HasPrefix(name, s) {
			Record(p, dtStopKey.For(typ), dtStopFact{Name: name, Path: p.Info.Path})
			return
		}
	}
}

// dtDropsOf returns the `impl Drop`s of the type named name that the code in file at means.
func dtDropsOf(c *Crate, name, at string) []dtDropFact {
	return dtFactsOfType(c, dtDropKey.For(name), name, at, func(d dtDropFact) string { return d.Path })
}

// dtStopsOf returns the stop-like methods of the type named name that the code in file at
// means.
func dtStopsOf(c *Crate, name, at string) []dtStopFact {
	return dtFactsOfType(c, dtStopKey.For(name), name, at, func(s dtStopFact) string { return s.Path })
}

// dtFactsOfType keeps the facts under k, recorded about a type named name, that are about
// the type the code in file at means (sameTypeFile, by the file each was recorded in).
func dtFactsOfType[T any](c *Crate, k FactKey[T], name, at string, path func(T) string) []T {
	var out []T
	for _, v := range Facts(c, k) {
		if sameTypeFile(c, name, at, path(v)) {
			out = append(out, v)
		}
	}
	return out
}

// ---- the check ----

// dtCheckStored reports a forever task whose handle is stored in a field nothing uses.
func dtCheckStored(p *Pass, call, fut parser.NodeID, label string, inMain bool) {
	t := p.Tree
	impl := implTypeAround(t, call)
	st, ok := dtStoredIn(t, call, impl)
	if !ok {
		dtRecordSpawner(p, call, fut, impl)
		return
	}
	loop, delegates := dtJudgeFuture(t, fut, impl, 0)
	delegates = dtQualify(p, call, delegates)
	var recv []dtRecvCall
	if loop < 0 {
		recv = dtRecvCalls(p, fut, impl)
	}
	if loop < 0 && len(delegates) == 0 && len(recv) == 0 {
		return
	}
	var notes []string
	lvl := LevelAllow
	switch {
	case inMain:
		lvl, notes = LevelNote, []string{dtNoteMain}
	default:
		if why := dtDeliberate(p, call, fut, loop); why != "" {
			lvl, notes = LevelNote, []string{why}
		}
	}
	callee := t.Field(call, parser.FFunction)
	rel := []RelatedNode{{Node: st.At, Message: fmt.Sprintf("the `JoinHandle` is stored here, in field `%s` of `%s`", st.Field, st.Owner)}}
	if loop >= 0 {
		rel = append(rel, RelatedNode{Node: loop, Message: "this loop " + dtNoExit(dtOnlyAcceptErrorExits(t, loop), true) + ", and no branch that stops on cancellation or a closed channel"})
	}
	d := Diagnostic{
		Node: callee,
		Message: fmt.Sprintf("task spawned with `%s` loops forever and its `JoinHandle` is kept in `%s.%s`, which nothing uses to stop it: "+
			"when the `%s` is dropped, the handle is dropped with it and the task runs on", label, st.Owner, st.Field, st.Owner),
		Help:    dtFieldHelp,
		Level:   lvl,
		Notes:   notes,
		Related: rel,
	}
	path := p.Info.Path
	spawnLine := int(t.Nodes[call].StartRow) + 1
	p.ReportLater(d, func(c *Crate, f *finding.Finding) bool {
		return dtSettleStored(c, f, path, spawnLine, st, delegates, dtRecvKeys(c, path, recv), loop >= 0)
	})
}

const dtFieldHelp = "Stop the task when its owner goes: call `abort()` on the handle in an `impl Drop` (or in the owner's " +
	"shutdown method), keep it as tokio-util's `AbortOnDropHandle` or in a `JoinSet`, which abort on drop, or give the " +
	"loop a way out (`break` when a `CancellationToken` is cancelled or a channel closes)."

// dtSettleStored decides a stored handle against the crate: the owner must be a struct of
// the crate whose field holds a JoinHandle, with no Drop impl and no read of the field.
func dtSettleStored(c *Crate, f *finding.Finding, path string, line int, st dtStore, delegates []string, rks []dtRecvKey, direct bool) bool {
	rel := func(p string) string {
		if r, err := filepath.Rel(c.Root, p); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
		return filepath.ToSlash(p)
	}
	var chain []string
	if !direct {
		var w dtFnFact
		found := false
		for _, k := range dtWithRecv(delegates, rks) {
			if w, found = dtForeverKey(c, k, map[string]bool{}, 0); found {
				name, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(k, "fn:"), "method:"), "@")
				f.Message = strings.Replace(f.Message, " loops forever ", fmt.Sprintf(" runs `%s`, which loops forever, ", name), 1)
				if rn := dtRecvNote(rks, k); rn != "" {
					chain = append(chain, rn)
				}
				chain = append(chain, fmt.Sprintf("`%s` has a loop %s (%s:%d)", w.Name, dtNoExit(w.AcceptOnly, false), rel(w.Path), w.Line))
				break
			}
		}
		if !found {
			return false
		}
	}
	r := c.typeResolver(path)
	items, _ := r.env.items(st.Owner)
	if len(items) != 1 || items[0].Kind != 's' {
		return false // not one struct of the crate
	}
	fty, ok := items[0].fieldOf(st.Field, nil)
	if !ok {
		return false
	}
	ts := fty.String()
	if !strings.Contains(ts, "JoinHandle") || strings.Contains(ts, "AbortOnDrop") {
		return false // a wrapper (AbortOnDropHandle, a guard of the crate) may stop it
	}
	drops := dtDropsOf(c, st.Owner, path)
	for _, d := range drops {
		if d.Whole || d.Fields[st.Field] {
			return false // the Drop may stop it
		}
	}
	for _, m := range Facts(c, dtReadsKey) {
		if m["*."+st.Field] || m[st.Owner+"."+st.Field] {
			return false
		}
	}
	spawned := fmt.Sprintf("the task is spawned at %s:%d and its", rel(path), line)
	if line == 0 {
		spawned = "its"
	}
	chain = append([]string{fmt.Sprintf("%s `JoinHandle` is stored in field `%s` (`%s`) of `%s`; "+
		"no code of the crate reads `%s` again (no `.abort()`, `.await`, `take()` or destructuring), and %s",
		spawned, st.Field, ts, st.Owner, st.Field, dtDropPhrase(st, len(drops) > 0))}, chain...)
	if f.Level > LevelNote {
		var stops []string
		for _, v := range dtStopsOf(c, st.Owner, path) {
			stops = append(stops, fmt.Sprintf("`%s`", v.Name))
		}
		sort.Strings(stops)
		switch {
		case len(drops) > 0:
			f.Level = LevelNote
			chain = append(chain, fmt.Sprintf("if the `impl Drop` of `%s` stops the task some other way (a token it cancels, a channel it closes), this is fine", st.Owner))
		case len(stops) > 0:
			f.Level = LevelNote
			chain = append(chain, fmt.Sprintf("`%s` has %s, which does not touch `%s`: if it stops the task some other way, this is fine", st.Owner, strings.Join(stops, ", "), st.Field))
		case dtOwnerIsStatic(r, st.Owner):
			f.Level = LevelNote
			chain = append(chain, fmt.Sprintf("a `static` of the crate holds a `%s`: one that lives as long as the process may be meant to keep its task running", st.Owner))
		}
	}
	f.Notes = append(f.Notes, chain...)
	return true
}

// dtDropPhrase says what the owner's `impl Drop` does to the field.
func dtDropPhrase(st dtStore, has bool) string {
	if has {
		return fmt.Sprintf("the `impl Drop` of `%s` does not touch it", st.Owner)
	}
	return fmt.Sprintf("`%s` has no `impl Drop`", st.Owner)
}

// dtOwnerIsStatic reports whether a static of the crate mentions type name (`OnceLock<Manager>`).
func dtOwnerIsStatic(r *typeResolver, name string) bool {
	e, ok := r.env.(crateEnv)
	if !ok {
		return false
	}
	for _, ft := range e.files {
		for _, ts := range ft.Statics {
			for _, ty := range ts {
				if dtMentionsType(ty, name) {
					return true
				}
			}
		}
	}
	return false
}

func dtMentionsType(ty Type, name string) bool {
	if ty.Name() == name {
		return true
	}
	for _, a := range ty.Args {
		if dtMentionsType(a, name) {
			return true
		}
	}
	return false
}

// ---- handles returned by a helper ----

var dtSpawnerKey = NewFactKey[dtSpawner]("detached_task.spawner") // .For(fn key): the fn returns the JoinHandle of a task it spawns

// dtSpawner is a fn that spawns a task and returns its JoinHandle (`fn start(&self) ->
// JoinHandle<()> { tokio::spawn(async move { loop { .. } }) }`).
type dtSpawner struct {
	Name      string
	Path      string
	Line      int // of the spawn
	LoopLine  int // of the forever loop, when the spawned block has it
	Forever   bool
	Delegates []string
	Recv      []dtRecvCall // method calls on receivers of known type, resolved when settled
}

// dtRecordSpawner records a fn whose value is the handle of a spawn that can run forever.
func dtRecordSpawner(p *Pass, call, fut parser.NodeID, impl string) {
	t := p.Tree
	v := call
	for t.Is(t.Parent(v), parser.KParenthesizedExpression) {
		v = t.Parent(v)
	}
	blk := t.Parent(v)
	if !t.Is(blk, parser.KBlock) || !dtIsTail(t, blk, v) {
		return
	}
	fn := t.Parent(blk)
	if !t.Is(fn, parser.KFunctionItem) || InTestCode(t, fn, p.Info) {
		return
	}
	if rt := t.Field(fn, parser.FReturnType); rt < 0 || !strings.Contains(t.Text(rt), "JoinHandle") {
		return
	}
	key := dtFnKey(t, fn)
	if key == "" {
		return
	}
	loop, delegates := dtJudgeFuture(t, fut, impl, 0)
	delegates = dtQualify(p, call, delegates)
	var recv []dtRecvCall
	if loop < 0 {
		recv = dtRecvCalls(p, fut, impl)
	}
	if loop < 0 && len(delegates) == 0 && len(recv) == 0 {
		return
	}
	sp := dtSpawner{Recv: recv, Name: strings.TrimPrefix(strings.TrimPrefix(key, "fn:"), "method:"),
		Path: p.Info.Path, Line: int(t.Nodes[call].StartRow) + 1, Forever: loop >= 0, Delegates: delegates}
	if loop >= 0 {
		sp.LoopLine = int(t.Nodes[loop].StartRow) + 1
	}
	Record(p, dtSpawnerKey.For(key), sp)
}

// dtCheckStoredCall reports the handle a helper returns (see dtRecordSpawner) stored in a
// field nothing uses: `Self { task: self.spawn_publisher() }`.
func dtCheckStoredCall(p *Pass, call parser.NodeID) {
	t := p.Tree
	par := t.Parent(call)
	switch t.Kind(par) {
	case parser.KFieldInitializer, parser.KAssignmentExpression:
	case parser.KArguments:
		outer := t.Parent(par)
		fn := t.Field(outer, parser.FFunction)
		if !t.TextIs(fn, "Some") && !(t.Is(fn, parser.KFieldExpression) && dtStoreMethods[t.Text(t.Field(fn, parser.FField))]) {
			return
		}
	default:
		return
	}
	if !p.Mentions("JoinHandle") {
		return // the field that keeps a handle is declared with its type
	}
	impl := implTypeAround(t, call)
	key, _, _ := strings.Cut(dtFutureKey(t, call, impl), "@") // spawners are keyed by name alone
	if key == "" {
		return
	}
	st, ok := dtStorePos(t, call, impl)
	if !ok {
		return
	}
	// A struct of this file whose field holds no JoinHandle: nothing to settle.
	if items, _ := (fileEnv{p.fileTypes()}).items(st.Owner); len(items) == 1 {
		if ty, ok := items[0].fieldOf(st.Field, nil); !ok || !strings.Contains(ty.String(), "JoinHandle") {
			return
		}
	}
	name := strings.TrimPrefix(strings.TrimPrefix(key, "fn:"), "method:")
	var notes []string
	lvl := LevelAllow
	if dtInMain(t, call) {
		lvl, notes = LevelNote, []string{dtNoteMain}
	}
	d := Diagnostic{
		Node: call,
		Message: fmt.Sprintf("`%s` returns the `JoinHandle` of a task that loops forever, and the handle is kept in `%s.%s`, which nothing uses to stop it: "+
			"when the `%s` is dropped, the handle is dropped with it and the task runs on", name, st.Owner, st.Field, st.Owner),
		Help:    dtFieldHelp,
		Level:   lvl,
		Notes:   notes,
		Related: []RelatedNode{{Node: st.At, Message: fmt.Sprintf("the `JoinHandle` is stored here, in field `%s` of `%s`", st.Field, st.Owner)}},
	}
	path := p.Info.Path
	p.ReportLater(d, func(c *Crate, f *finding.Finding) bool {
		facts := Facts(c, dtSpawnerKey.For(key))
		if len(facts) != 1 {
			return false // none, or several fns of that name
		}
		sp := facts[0]
		if !dtSettleStored(c, f, path, 0, st, sp.Delegates, dtRecvKeys(c, sp.Path, sp.Recv), sp.Forever) {
			return false
		}
		where := sp.Path
		if r, err := filepath.Rel(c.Root, sp.Path); err == nil && !strings.HasPrefix(r, "..") {
			where = r
		}
		note := fmt.Sprintf("`%s` spawns the task at %s:%d and returns its `JoinHandle`", sp.Name, filepath.ToSlash(where), sp.Line)
		if sp.LoopLine > 0 {
			note += fmt.Sprintf("; the task's loop (line %d) has no `break`, `return` or `?` that leaves it", sp.LoopLine)
		}
		f.Notes = append(f.Notes, note)
		return true
	})
}
