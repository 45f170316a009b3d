package rules

import (
	"fmt"
	"strings"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
)

// blocking_in_async across values and functions (issue 13, capability 3):
//
//   - method calls on a value whose TYPE is a blocking one: a `std::fs::File` (or std's
//     buffered reader or writer around one) from a field, a parameter, an accessor's return
//     type or a constructor in a sync fn, whatever file declares it (types.go). A File opened
//     in the same async body is already reported at its `open`, so its later calls are not.
//   - calls of the crate's sync fns that (transitively) call a blocking API: each sync fn
//     records what it blocks on directly and which of the crate's fns it calls; the call in
//     async code is settled against that summary once every file is read.
//
// Both reach the report through checkBlockingInAsync, so every context rule of the rule (test
// code, main-only futures, offloading closures, cheap metadata calls) applies to them too.

// biFileMethod is a method of a blocking file type.
type biFileMethod struct {
	cheap bool // one metadata system call, no file data (a note outside loops)
}

// biFileMethods are the methods of `std::fs::File` that do blocking I/O (`flush` is a no-op
// on a File, `try_clone` a dup).
var biFileMethods = map[string]biFileMethod{
	"read": {}, "read_exact": {}, "read_to_end": {}, "read_to_string": {}, "read_vectored": {},
	"read_at": {}, "write_at": {}, "read_exact_at": {}, "write_all_at": {},
	"write": {}, "write_all": {}, "write_vectored": {}, "sync_all": {}, "sync_data": {},
	"lock": {}, "lock_shared": {},
	"seek": {cheap: true}, "rewind": {cheap: true}, "stream_position": {cheap: true},
	"set_len": {cheap: true}, "metadata": {cheap: true}, "set_permissions": {cheap: true},
	"set_times": {cheap: true}, "set_modified": {cheap: true},
}

// biBufFileMethods are the methods of std's `BufReader`/`BufWriter`/`LineWriter` that reach
// the file they wrap (`lines()` is lazy: its iteration reads).
var biBufFileMethods = map[string]biFileMethod{
	"read": {}, "read_exact": {}, "read_to_end": {}, "read_to_string": {}, "read_line": {},
	"read_until": {}, "fill_buf": {}, "write": {}, "write_all": {}, "flush": {}, "into_inner": {},
	"seek": {cheap: true}, "rewind": {cheap: true},
}

// biFileBuffers are std's buffered wrappers, by path.
var biFileBuffers = map[string]bool{"std::io::BufReader": true, "std::io::BufWriter": true, "std::io::LineWriter": true}

// biFileOpeners are the calls that open a std File: a File from one of them in the same body
// was reported at the open.
var biFileOpeners = []string{"std::fs::File::open", "std::fs::File::create", "std::fs::File::create_new",
	"std::fs::OpenOptions::new", "std::fs::File::options"}

// biTyped is the answer of biFileReceiver.
type biTyped uint8

const (
	biTypedNo biTyped = iota
	biTypedYes
	biTypedPending
)

// biFileReceiver says whether a method call named method on a value of type ty runs a
// blocking method of a std File (directly, through auto-deref of a guard or a smart pointer,
// or through a std buffered wrapper around one); it names the type for messages.
func biFileReceiver(r *typeResolver, ty Type, method string) (biTyped, string, biFileMethod) {
	if ty.Path == "" && !ty.Pending() {
		return biTypedNo, "", biFileMethod{}
	}
	owner, fn, pending := r.MethodOwner(ty, method)
	switch {
	case pending:
		return biTypedPending, "", biFileMethod{}
	case fn != nil:
		return biTypedNo, "", biFileMethod{} // the crate's own method of that name
	case owner.Path == "std::fs::File":
		if m, ok := biFileMethods[method]; ok {
			return biTypedYes, "std::fs::File", m
		}
	case biFileBuffers[owner.Path]:
		inner := r.Norm(owner.lastArg())
		if inner.Pending() {
			return biTypedPending, "", biFileMethod{}
		}
		if m, ok := biBufFileMethods[method]; ok && inner.Path == "std::fs::File" {
			return biTypedYes, owner.Path + "<std::fs::File>", m
		}
	}
	return biTypedNo, "", biFileMethod{}
}

// biFileMethodNames are the method names worth asking a receiver's type about.
func biFileMethodName(method string) bool {
	_, a := biFileMethods[method]
	_, b := biBufFileMethods[method]
	return a || b
}

// biMatchFileMethod matches a method call on a value typed as a std File. It returns the
// entry (message parts), and a gate that settles a receiver whose type another file tells
// (nil when known now).
func biMatchFileMethod(p *Pass, call parser.NodeID, method string) (*biBlocking, func(*Crate) bool) {
	t := p.Tree
	if !biFileMethodName(method) {
		return nil, nil
	}
	recv := Receiver(t, call)
	ty := p.TypeOf(recv)
	ans, typ, m := biFileReceiver(p.typeResolver(), ty, method)
	if ans != biTypedNo && biReceiverFrom(t, recv, biFileOpeners, nil) {
		return nil, nil // opened in this body: reported at the open
	}
	entry := func(typ string, m biFileMethod) *biBlocking {
		return &biBlocking{Match: biMethod, Method: method, Name: typ + "::" + method, Cheap: m.cheap,
			What: biWhatFileIO,
			Help: "Use `tokio::fs::File` (`File::from_std(f)` converts one; its methods are awaited), " + biHelpSpawn + "."}
	}
	switch ans {
	case biTypedYes:
		return entry(typ, m), nil
	case biTypedPending:
		path := p.Info.Path
		// The table entry is filled in by the gate; until then it names the method only.
		e := entry("std::fs::File", biFileMethods[method])
		return e, func(c *Crate) bool {
			ans, _, _ := biFileReceiver(c.typeResolver(path), ty, method)
			return ans == biTypedYes
		}
	}
	return nil, nil
}

// biTypedNote says how the receiver was typed, for a finding on a File's method.
func biTypedNote(t *parser.Tree, call parser.NodeID, e *biBlocking) string {
	recv := t.Unparen(Receiver(t, call))
	who := "the receiver"
	if txt := t.Text(recv); len(txt) <= 40 && !strings.ContainsAny(txt, "\n{") {
		who = "`" + txt + "`"
	}
	typ := strings.TrimSuffix(e.Name, "::"+e.Method)
	return fmt.Sprintf("%s is a `%s` (by its declared type), whose `%s` is a blocking system call", who, typ, e.Method)
}

// ---- Sync fns that block, across the crate ----

var (
	biFactSync     = NewFactKey[biSyncFact]("blocking_in_async:sync")
	biFactSyncMemo = NewMemoKey[*biSyncIndex]("blocking_in_async:syncmemo")
)

// biSyncFact is one sync fn of the crate: what it blocks on directly, and which of the
// crate's fns it calls on the thread that calls it.
type biSyncFact struct {
	Key    string // "Type::name" for methods and associated fns, "name" for free fns
	Module string
	Path   string
	Line   int
	Leaf   *biSyncLeaf
	Calls  []biSyncRef
	Offset uint32 // the fn item's start (its identity with Path)
}

// biSyncLeaf is the first blocking call a sync fn makes itself.
type biSyncLeaf struct {
	Name  string // how messages name the call
	What  string
	Cheap bool
	Line  int
}

// biSyncRef is a call in a sync fn of something that may be a fn of the crate.
type biSyncRef struct {
	Key  string // as biSyncFact.Key: "Type::name", or "name" with Qual
	Qual string // the module a free fn is called through ("" when unqualified)
	Line int
	Text string // the callee as written
}

// biChainExcluded are table entries a summary does not carry: `block_on` and runtime
// creation (their verdicts need the call's own context), and Tokio's `blocking_*`, which a
// sync fn is meant to call.
func biChainExcluded(e *biBlocking) bool {
	return e.Match == biLastSegment || e.Method == "block_on" || e.Creates || e.Mentions != ""
}

// biRecordSyncFn records a sync fn's summary: its first inline blocking call and its calls of
// the crate's fns. Inline means on the fn's thread: not in a nested fn, an async block or a
// closure handed to anything but an inline combinator.
func biRecordSyncFn(p *Pass, fn parser.NodeID) {
	t := p.Tree
	if IsAsyncFn(t, fn) {
		return
	}
	name, body := t.Field(fn, parser.FName), t.Field(fn, parser.FBody)
	if name < 0 || body < 0 {
		return
	}
	if rt := t.Field(fn, parser.FReturnType); rt >= 0 && t.TextIs(rt, "!") {
		return // a fn that never returns (a panic path): its wait before dying blocks no one for long
	}
	f := biSyncFact{Key: t.Text(name), Module: biModuleOf(p, fn), Path: p.Info.Path,
		Line: int(t.Nodes[fn].StartRow) + 1, Offset: t.Nodes[fn].Start}
	impl := ""
	if owner := ownerItem(t, fn); owner >= 0 {
		if !t.Is(owner, parser.KImplItem) {
			return // a trait's default method: its callers name the implementing type
		}
		impl = typeName(t, t.Field(owner, parser.FType))
		f.Key = impl + "::" + f.Key
	}
	mods := p.fileTypes().Mods
	t.Walk(body, func(d parser.NodeID) bool {
		switch t.Kind(d) {
		case parser.KFunctionItem, parser.KAsyncBlock:
			return false
		case parser.KClosureExpression:
			c := biArgumentOf(t, d)
			if c < 0 {
				return false
			}
			m := MethodName(t, c) // one copy of the name: MethodName allocates it
			return m != "" && biInlineCombinators[m]
		case parser.KCallExpression:
		default:
			return true
		}
		line := int(t.Nodes[d].StartRow) + 1
		if f.Leaf == nil {
			if e, name := biLeafOf(p, d); e != nil {
				what := e.What
				if what == "" {
					what = biWhatBlocks
				}
				f.Leaf = &biSyncLeaf{Name: name, What: what, Cheap: e.Cheap, Line: line}
				return true
			}
		}
		if r, ok := biSyncRefOf(t, mods, d, impl); ok {
			r.Line = line
			f.Calls = append(f.Calls, r)
		}
		return true
	})
	if f.Leaf != nil || len(f.Calls) > 0 {
		Record(p, biFactSync, f)
	}
}

// biLeafOf matches a call of a sync fn against the blocking table (and File methods known
// by type in this file), for a summary; it names the call.
func biLeafOf(p *Pass, call parser.NodeID) (*biBlocking, string) {
	t := p.Tree
	fn := Callee(t, call)
	var e *biBlocking
	var name string
	switch t.Kind(fn) {
	case parser.KFieldExpression:
		method := t.Text(t.Field(fn, parser.FField))
		e, name = biMatchCall(p, call, fn, true)
		if e == nil && biFileMethodName(method) {
			if ans, typ, m := biFileReceiver(p.typeResolver(), p.TypeOf(Receiver(t, call)), method); ans == biTypedYes {
				e = &biBlocking{Match: biMethod, Method: method, Name: typ + "::" + method, Cheap: m.cheap, What: biWhatFileIO}
			}
		}
	case parser.KIdentifier, parser.KScopedIdentifier:
		e, name = biMatchCall(p, call, fn, true)
	}
	if e == nil || biChainExcluded(e) {
		return nil, ""
	}
	if name == "" {
		name = biCallName(t, call, e)
	}
	return e, name
}

// biSyncRefOf names a call that may run a fn of the crate: a free fn by name (with the
// module it is called through), `Self::f`/`Type::f`, or a method on `self`.
func biSyncRefOf(t *parser.Tree, mods map[string]bool, call parser.NodeID, impl string) (biSyncRef, bool) {
	fn := Callee(t, call)
	switch t.Kind(fn) {
	case parser.KFieldExpression:
		if impl == "" || !t.Is(t.Unparen(t.Field(fn, parser.FValue)), parser.KSelf) {
			return biSyncRef{}, false
		}
		m := t.Text(t.Field(fn, parser.FField))
		return biSyncRef{Key: impl + "::" + m, Text: "self." + m}, true
	case parser.KIdentifier, parser.KScopedIdentifier:
		raw := t.Text(fn)
		r, ok := biRefOfPath(t, raw, impl, 0)
		if !ok || r.Name == "" || r.Name[0] < 'a' || r.Name[0] > 'z' {
			return biSyncRef{}, false
		}
		text := joinFields(raw, "")
		if r.Kind == biRefAssoc {
			if r.Qual == "" {
				return biSyncRef{}, false
			}
			return biSyncRef{Key: r.Qual + "::" + r.Name, Text: text}, true
		}
		if biExternalPath(t, mods, raw) {
			return biSyncRef{}, false
		}
		return biSyncRef{Key: r.Name, Qual: r.Qual, Text: text}, true
	}
	return biSyncRef{}, false
}

// biExternalPath reports whether a callee path leads into another crate through a `use`
// (`use serde_json::to_string;` then `to_string(..)`, or `other::f(..)` with `other` an
// external crate): no fn of this crate.
func biExternalPath(t *parser.Tree, mods map[string]bool, text string) bool {
	first, _, _ := strings.Cut(joinFields(text, ""), "::")
	full, ok := t.Imports.Names[first]
	if !ok {
		return false
	}
	root, _, _ := strings.Cut(full, "::")
	switch root {
	case "crate", "self", "super":
		return false
	}
	return !mods[root]
}

// biChain is a way from a call to a blocking call: the sync fns it goes through, and the
// blocking call at the end.
type biChain struct {
	steps []biSyncFact
	leaf  *biSyncLeaf
}

// biSyncIndex is the crate's sync fns by key, with the answers found so far.
type biSyncIndex struct {
	byKey    map[string][]int
	fns      []biSyncFact
	memo     map[int]*biChain // settled answers (nil: does not block)
	visiting map[int]bool
}

func biSyncIndexOf(c *Crate) *biSyncIndex {
	return Memo(c, biFactSyncMemo, func() *biSyncIndex { return biBuildSyncIndex(c) })
}

func biBuildSyncIndex(c *Crate) *biSyncIndex {
	x := &biSyncIndex{byKey: map[string][]int{}, memo: map[int]*biChain{}, visiting: map[int]bool{}}
	for _, f := range Facts(c, biFactSync) {
		x.byKey[f.Key] = append(x.byKey[f.Key], len(x.fns))
		x.fns = append(x.fns, f)
	}
	return x
}

// resolve returns the sync fns a call may run: every fn of the key, narrowed to the module
// a free fn is called through, or to the caller's module when several share the name. A
// name the crate declares both as a sync and an async fn is not followed; neither is a key
// with fns that disagree about blocking (see chain).
func (x *biSyncIndex) resolve(key, qual, callerModule string) []int {
	cands := x.byKey[key]
	if strings.Contains(key, "::") || len(cands) <= 1 && qual == "" {
		return cands
	}
	want := qual
	if want == "" {
		want = callerModule
	}
	var out []int
	for _, i := range cands {
		if x.fns[i].Module == want {
			out = append(out, i)
		}
	}
	return out
}

const biChainDepth = 4

// chain returns how fn i blocks, or nil: its own first blocking call, or the first of its
// calls whose every candidate blocks, at most biChainDepth calls down. exact is false when
// the answer was cut short (by the depth or a cycle) and must not be remembered.
func (x *biSyncIndex) chain(i, depth int) (ch *biChain, exact bool) {
	if c, ok := x.memo[i]; ok {
		return c, true
	}
	if depth > biChainDepth || x.visiting[i] {
		return nil, false
	}
	x.visiting[i] = true
	defer func() { x.visiting[i] = false }()
	f := x.fns[i]
	exact = true
	if f.Leaf != nil {
		ch = &biChain{steps: []biSyncFact{f}, leaf: f.Leaf}
	} else {
		for _, r := range f.Calls {
			sub, ex := x.all(x.resolve(r.Key, r.Qual, f.Module), depth+1)
			exact = exact && ex
			if sub != nil {
				ch = &biChain{steps: append([]biSyncFact{f}, sub.steps...), leaf: sub.leaf}
				exact = true
				break
			}
		}
	}
	if exact {
		x.memo[i] = ch
	}
	return ch, exact
}

// all returns the chain of the first of cands when every one of them blocks.
func (x *biSyncIndex) all(cands []int, depth int) (*biChain, bool) {
	var first *biChain
	for _, j := range cands {
		c, ex := x.chain(j, depth)
		if c == nil {
			return nil, ex
		}
		if first == nil {
			first = c
		}
	}
	return first, true
}

// biChainCandidate decides, for a call in async code that matched no table entry, whether it
// may call a sync fn of the crate; it returns the call's key and qualifier for settling.
func biChainCandidate(p *Pass, call parser.NodeID) (biSyncRef, Type, bool) {
	t := p.Tree
	fn := Callee(t, call)
	ft := p.fileTypes()
	switch t.Kind(fn) {
	case parser.KFieldExpression:
		method := t.Text(t.Field(fn, parser.FField))
		if !PlainPlace(t, Receiver(t, call)) {
			return biSyncRef{}, Type{}, false
		}
		ty := p.TypeOf(Receiver(t, call))
		if ty.Path == "" && !ty.Pending() {
			return biSyncRef{}, Type{}, false
		}
		owner, f, pending := p.typeResolver().MethodOwner(ty, method)
		if !pending && (f == nil || f.Async || !owner.Crate) {
			return biSyncRef{}, Type{}, false
		}
		return biSyncRef{Key: method, Text: "." + method}, ty, true
	case parser.KIdentifier, parser.KScopedIdentifier:
		r, ok := biSyncRefOf(t, ft.Mods, call, implTypeAround(t, call))
		if !ok {
			return biSyncRef{}, Type{}, false
		}
		name := LastSegment(r.Key)
		if !strings.Contains(r.Key, "::") {
			if fs := ft.Fns[name]; len(fs) > 0 && fs[0].Async {
				return biSyncRef{}, Type{}, false
			}
		}
		return r, Type{}, true
	}
	return biSyncRef{}, Type{}, false
}

// biChainGate settles a call of a possible crate fn: whether it reaches a blocking call, and
// the message that walks the chain.
func biChainGate(p *Pass, call parser.NodeID, ref biSyncRef, recvTy Type, ctxDesc string, inLoop bool) func(c *Crate, f *finding.Finding) bool {
	t := p.Tree
	path := p.Info.Path
	module := biModuleOf(p, call)
	callText := "`" + ref.Text + "(..)`"
	if recv := t.Unparen(Receiver(t, call)); recv >= 0 {
		if txt := t.Text(recv); len(txt) <= 32 && !strings.ContainsAny(txt, "\n{") {
			callText = "`" + txt + ref.Text + "(..)`"
		}
	}
	return func(c *Crate, f *finding.Finding) bool {
		x := biSyncIndexOf(c)
		key := ref.Key
		if recvTy.Path != "" || recvTy.Pending() {
			owner, fn, pending := c.typeResolver(path).MethodOwner(recvTy, ref.Key)
			if pending || fn == nil || fn.Async || !owner.Crate {
				return false
			}
			key = owner.Name() + "::" + ref.Key
		}
		ch, _ := x.all(x.resolve(key, ref.Qual, module), 0)
		if ch == nil {
			return false
		}
		var names []string
		for _, s := range ch.steps {
			names = append(names, fmt.Sprintf("`%s` (%s:%d)", s.Key, biRel(c.Root, s.Path), s.Line))
		}
		last := ch.steps[len(ch.steps)-1]
		f.Message = fmt.Sprintf("%s in %s calls a sync fn that blocks: %s calls %s (%s:%d), which %s",
			callText, ctxDesc, strings.Join(names, " → "), ch.leaf.Name, biRel(c.Root, last.Path), ch.leaf.Line, ch.leaf.What)
		f.Notes = append(f.Notes, fmt.Sprintf("the chain: %s → %s → %s", callText, strings.Join(names, " → "), ch.leaf.Name))
		if ch.leaf.Cheap && !inLoop && f.Level == LevelWarning {
			f.Level = LevelNote
			f.Notes = append(f.Notes, fmt.Sprintf("note here, not warning: %s changes or reads metadata only, in one or a few system calls that move no file data", ch.leaf.Name))
		}
		return true
	}
}

// biChainLevel is the level of a call that blocks through the crate's sync fns: a note.
// On the real-code corpus most such chains were one-shot CLI subcommands, start-up code and
// prompts (atuin: 15 of 15 would-be warnings), where the blocking stalls no other task; the
// chain is worth knowing, rarely worth acting on.
var biChainLevel = LevelNote

// biXfn is what checkBlockingInAsync needs to know about a finding of this file's kinds.
type biXfn struct {
	typed     *biBlocking         // a File's method, known by the receiver's type
	typedGate func(c *Crate) bool // ... when another file tells the type
	ownGate   func(c *Crate) bool // a method known by name whose receiver's type another file tells: not the crate's own method
	chain     *biSyncRef          // a call of a possible crate fn
	chainTy   Type                // ... its receiver's type, for a method
}

// biXfnWorth is a cheap first look at a call that matched no table entry: could it call a
// sync fn of the crate?
func biXfnWorth(p *Pass, call parser.NodeID) bool {
	t := p.Tree
	fn := Callee(t, call)
	switch t.Kind(fn) {
	case parser.KFieldExpression:
		return true
	case parser.KIdentifier, parser.KScopedIdentifier:
		name := LastSegment(t.Text(fn))
		return name != "" && name[0] >= 'a' && name[0] <= 'z'
	}
	return false
}

// biChainEntry makes the entry of a call in async code that may run a blocking sync fn of
// the crate; the gate settles it.
func biChainEntry(p *Pass, call parser.NodeID, x *biXfn) (*biBlocking, string) {
	ref, ty, ok := biChainCandidate(p, call)
	if !ok || !biProductionNode(p, call) {
		// Tests, examples and tools call their setup helpers from async code all the time
		// (fixtures written with std::fs, a server started on a port): at note level in
		// such code a chain is noise (corpus A: 385 of 581 chained notes were in tests).
		return nil, ""
	}
	x.chain, x.chainTy = &ref, ty
	return &biBlocking{Match: biMethod, Method: ref.Text, Level: biChainLevel, What: biWhatBlocks,
		Help: "Call it inside `tokio::task::spawn_blocking(move || ..)` and `.await` the handle, or make the blocking call at the end of the chain async (and the fns above it `async fn`s)."}, "`" + ref.Text + "(..)`"
}

// finish completes the diagnostic of a typed or chained finding and returns the gate that
// settles it (nil when it is decided now).
func (x biXfn) finish(p *Pass, call parser.NodeID, d *Diagnostic, ctx biContext, inLoop bool) func(c *Crate, f *finding.Finding) bool {
	t := p.Tree
	switch {
	case x.typed != nil:
		d.Notes = append(d.Notes, biTypedNote(t, call, x.typed))
		if g := x.typedGate; g != nil {
			// The receiver's type is told by another file: a File, or perhaps a type of
			// the crate whose own method of that name blocks further down.
			return biGateOrChain(p, call, ctx, inLoop, g, true)
		}
	case x.ownGate != nil:
		// Known by its name, on a receiver whose type another file tells: std's method, or
		// the crate type's own one, whose body decides.
		return biGateOrChain(p, call, ctx, inLoop, x.ownGate, false)
	case x.chain != nil:
		return biChainGate(p, call, *x.chain, x.chainTy, ctx.describe(t), inLoop)
	}
	return nil
}

// biGateOrChain settles a finding whose gate g says the matched method is the one the table
// means; when it is not (the crate's own method of that name), the crate fn's chain decides.
// typedNote says finish added the typed note last, which a chain does not keep.
func biGateOrChain(p *Pass, call parser.NodeID, ctx biContext, inLoop bool, g func(c *Crate) bool, typedNote bool) func(c *Crate, f *finding.Finding) bool {
	var chain func(c *Crate, f *finding.Finding) bool
	if ref, ty, ok := biChainCandidate(p, call); ok {
		chain = biChainGate(p, call, ref, ty, ctx.describe(p.Tree), inLoop)
	}
	return func(c *Crate, f *finding.Finding) bool {
		if g(c) {
			return true
		}
		if chain == nil {
			return false
		}
		if typedNote {
			f.Notes = f.Notes[:len(f.Notes)-1]
		}
		if !p.userLevel && f.Level > biChainLevel {
			f.Level = biChainLevel
		}
		f.Help = "Call it inside `tokio::task::spawn_blocking(move || ..)` and `.await` the handle, or make the blocking call at the end of the chain async."
		return chain(c, f)
	}
}

// biNameSaysBlocking reports whether a method's name says it blocks whoever owns it
// (`block_on`, `blocking_recv`): a crate's own executor or wrapper of that name blocks too.
// Other names the table knows (`to_socket_addrs`) block only as std's method does, so a
// crate type's own impl of them is judged by its body.
func biNameSaysBlocking(method string) bool {
	return method == "block_on" || strings.HasPrefix(method, "blocking_")
}

// biOwnMethod says whether a method call named method on a value of type ty runs the
// crate's own method of that name (a crate type's inherent or trait impl), not the std or
// Tokio method the table knows by name.
func biOwnMethod(r *typeResolver, ty Type, method string) biTyped {
	if ty.Path == "" && !ty.Pending() {
		return biTypedNo
	}
	owner, fn, pending := r.MethodOwner(ty, method)
	switch {
	case pending:
		return biTypedPending
	case fn != nil && owner.Crate:
		return biTypedYes
	}
	return biTypedNo
}

// biOwnMethodGate is the gate of a method known by name whose receiver's type another file
// tells: the finding holds unless the type is the crate's own with that method (nil when
// this file decides).
func biOwnMethodGate(p *Pass, call parser.NodeID, method string) func(c *Crate) bool {
	ty := p.TypeOf(Receiver(p.Tree, call))
	if biOwnMethod(p.typeResolver(), ty, method) != biTypedPending {
		return nil
	}
	path := p.Info.Path
	return func(c *Crate) bool {
		return biOwnMethod(c.typeResolver(path), ty, method) != biTypedYes
	}
}
