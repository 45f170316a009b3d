package rules

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// Summaries of the crate's fns for the rules about `select!` in loops. A branch future is
// often a call of the crate's own fn, declared in another file: `self.heartbeat.tick()` that
// builds a new `sleep` on every call (select_timer_in_loop), `read_message(&mut stream)`
// whose body awaits `read_exact` (select_cancel_unsafe). Each fn records, in the same walk
// that checks its file, what it does (a selFnFact); a branch that calls a fn of the crate is
// reported with ReportLater and settled against those facts once every file is read,
// following calls from fn to fn (selResolveChain).

const selMaxDepth = 6 // layers of helpers followed

// selFacts is one kind of fn facts, and the crate's index of them, built once.
type selFacts struct {
	key   FactKey[*selFnFact]
	index MemoKey[*selIndex]
}

func newSelFacts(name string) selFacts {
	return selFacts{NewFactKey[*selFnFact](name), NewMemoKey[*selIndex](name + ".index")}
}

var (
	selTimerFactKey = newSelFacts("select.timerfn") // facts of select_timer_in_loop
	selLostFactKey  = newSelFacts("select.lostfn")  // facts of select_cancel_unsafe
)

// selCall is a call of a fn that may be the crate's own, kept until the crate can tell
// which fn it runs.
type selCall struct {
	Name   string // the fn's or method's name
	Owner  string // the type of a `Type::name(..)` call; "" for a free fn or a method call
	Method bool   // a method call (`x.name(..)`): the receiver's type says whose
	Recv   Type   // the receiver's type, for a method call (maybe unknown or pending)
	File   string // the file the call is in, whose items the crate's resolver prefers
	Text   string // as written, for messages: "self.read_frame(..)"
	// LocalArgs has bit k set when argument k (not counting a method's receiver) is a value
	// the calling fn made itself and owns (selFnLocal): a stream it hands over by value, or
	// lends (`&mut f`).
	LocalArgs uint64
}

// selFnFact is what one fn of the crate tells the select! rules elsewhere.
type selFnFact struct {
	Key   string // "fn:read_frame", "method:Conn::read_frame"
	Name  string // as messages name it: "read_frame", "Conn::read_frame"
	Path  string // file and line of the fn
	Line  int
	Async bool

	// What the fn does (Op), or the calls of the crate's fns it returns or awaits (Via),
	// one of which may do it. Op is written as in the source ("sleep(self.period)").
	Op     string
	OpLine int
	Via    []selCall
	// Whole: the fn does nothing but make (or await) its timer: completing means the timer
	// fired or its wrapped operation completed (select_timer_in_loop).
	Whole bool
	Timer timerKind // the timer made (select_timer_in_loop)

	// select_cancel_unsafe: the row of the cancellation-safety table that Op matched, and
	// when that row applies only to some receiver types (locks), the receiver's type,
	// which the crate tells.
	Entry      cancelEntry
	OpMethod   string
	OpRecv     *Type
	OpRecvFile string
	// OpParam is 1 + the index of the parameter (not counting `self`) whose value Op's
	// receiver is, or borrows mutably (selStreamParam); 0 otherwise.
	OpParam int
	// TimerParam is 1 + the index of the parameter (not counting `self`) that is the
	// timer's duration or deadline as it is (`async fn sleep(d: Duration) {
	// tokio::time::sleep(d).await }`): the caller's argument decides whether it restarts.
	TimerParam int
}

// selFnKey returns the key a fn is recorded under and the name messages use: "fn:name"
// for a free fn, "method:Type::name" for a method of an impl. ok is false for trait
// default methods (the implementing type is unknown) and fns inside fn bodies.
func selFnKey(t *parser.Tree, fn parser.NodeID) (key, name string, ok bool) {
	nm := t.Field(fn, parser.FName)
	if nm < 0 || t.Field(fn, parser.FBody) < 0 {
		return "", "", false
	}
	owner := ownerItem(t, fn)
	switch {
	case t.Is(owner, parser.KImplItem):
		typ := implTypeCompact(t, owner)
		if typ == "" {
			return "", "", false
		}
		return "method:" + typ + "::" + t.Text(nm), typ + "::" + t.Text(nm), true
	case t.Is(owner, parser.KTraitItem):
		return "", "", false
	}
	if EnclosingBody(t, fn) >= 0 {
		return "", "", false
	}
	return "fn:" + t.Text(nm), t.Text(nm), true
}

// selCommonMethods are method names that std, tokio and futures types share with many
// crates' types: a call whose receiver's type is unknown is not taken for the crate's
// method of that name.
var selCommonMethods = map[string]bool{
	"tick": true, "recv": true, "next": true, "send": true, "read": true, "write": true,
	"lock": true, "changed": true, "notified": true, "accept": true, "flush": true,
	"close": true, "run": true, "wait": true, "call": true, "poll": true, "get": true,
	"clone": true, "into_future": true, "try_next": true, "recv_many": true, "acquire": true,
	"ready": true, "readable": true, "writable": true, "closed": true, "cancelled": true,
	"join": true, "join_next": true, "select_next_some": true, "sleep": true, "timeout": true,
}

// selCallOf describes a call that may run a fn of the crate. It is false for calls that
// cannot: a method of a type the file knows is not the crate's (`interval.tick()`), a
// common method name on a receiver of unknown type, a path into another crate.
func selCallOf(p *Pass, call parser.NodeID) (selCall, bool) {
	t := p.Tree
	if !t.Is(call, parser.KCallExpression) {
		return selCall{}, false
	}
	text := CallText(t, call)
	if name := MethodName(t, call); name != "" {
		recv := Receiver(t, call)
		ty := p.TypeOf(recv)
		owner, fn, pending := p.typeResolver().MethodOwner(ty, name)
		switch {
		case pending, fn != nil:
		case owner.Path == "":
			if selCommonMethods[name] {
				return selCall{}, false
			}
		default:
			return selCall{}, false // a method of a type that is not the crate's
		}
		return selCall{Name: name, Method: true, Recv: ty, File: p.Info.Path, Text: text}, true
	}
	path := CalleePath(t, call)
	if path == "" {
		return selCall{}, false
	}
	segs := strings.Split(path, "::")
	name := segs[len(segs)-1]
	if name == "" || name[0] >= 'A' && name[0] <= 'Z' {
		return selCall{}, false // a tuple struct or variant: `Some(x)`, `Ok(..)`
	}
	if len(segs) == 1 {
		return selCall{Name: name, File: p.Info.Path, Text: text}, true
	}
	if prev := segs[len(segs)-2]; prev != "" && prev[0] >= 'A' && prev[0] <= 'Z' {
		if prev == "Self" {
			prev = implTypeAround(t, call)
			if prev == "" {
				return selCall{}, false
			}
		}
		if len(segs) > 2 && !selCrateModule(p, segs[0]) {
			return selCall{}, false // `tokio::net::TcpStream::connect`
		}
		return selCall{Name: name, Owner: prev, File: p.Info.Path, Text: text}, true
	}
	if !selCrateModule(p, segs[0]) {
		return selCall{}, false
	}
	return selCall{Name: name, File: p.Info.Path, Text: text}, true
}

// selCrateModule reports whether a path starting with first names an item of this crate:
// `crate::`, `self::`, `super::`, or a module the file declares (from the file's type
// facts, collected once).
func selCrateModule(p *Pass, first string) bool {
	switch first {
	case "crate", "self", "super", "Self":
		return true
	}
	return p.fileTypes().Mods[first]
}

// selIndex is the crate's facts of one kind, by key and by method name.
type selIndex struct {
	byKey    map[string][]*selFnFact
	byMethod map[string][]string // method name -> the keys of the methods of that name
}

// selIndexOf builds the index of the facts under factKey once per crate.
func selIndexOf(c *Crate, kind selFacts) *selIndex {
	return Memo(c, kind.index, func() *selIndex { return selBuildIndex(c, kind.key) })
}

func selBuildIndex(c *Crate, key FactKey[*selFnFact]) *selIndex {
	ix := &selIndex{byKey: map[string][]*selFnFact{}, byMethod: map[string][]string{}}
	for _, f := range Facts(c, key) {
		if len(ix.byKey[f.Key]) == 0 && strings.HasPrefix(f.Key, "method:") {
			m := LastSegment(f.Key)
			ix.byMethod[m] = append(ix.byMethod[m], f.Key)
		}
		ix.byKey[f.Key] = append(ix.byKey[f.Key], f)
	}
	return ix
}

// selAllFnsKey lists every fn of the crate, whatever it does, so that a call's name is
// known to be ambiguous (two `tick` methods, one that makes a timer and one that does not).
var selAllFnsKey = newSelFacts("select.allfns")

// key returns the key of the fn a call runs, or "" when the crate does not tell.
func (ix *selIndex) key(c *Crate, call selCall, all *selIndex) string {
	switch {
	case call.Owner != "":
		return "method:" + call.Owner + "::" + call.Name
	case !call.Method:
		return "fn:" + call.Name
	}
	owner, fn, _ := c.typeResolver(call.File).MethodOwner(call.Recv, call.Name)
	switch {
	case fn != nil && owner.Crate:
		return "method:" + owner.Name() + "::" + call.Name
	case owner.Path != "":
		return "" // a type of another crate, or one that does not declare it
	}
	// Unknown receiver: the crate's only method of that name, if it has just one.
	if keys := all.byMethod[call.Name]; len(keys) == 1 {
		return keys[0]
	}
	return ""
}

// selStep is one fn of a chain from a branch down to the operation.
type selStep struct {
	Call selCall    // the call that runs the fn
	Fact *selFnFact // the fn
}

// selResolveChain follows a call through the crate's fns to one that does the operation
// itself, and returns the chain (the first step is the call in the branch, the last one the
// fn with Op). Every fn recorded under a call's key must agree (a name declared twice, by
// different modules, must do it in both); ok reports whether one was found. accept decides
// whether a fn's own Op counts (a lock row on a receiver that turns out not to be a lock).
func selResolveChain(c *Crate, ix, all *selIndex, call selCall, accept func(*selFnFact) bool, seen map[string]bool, depth int) ([]selStep, bool) {
	if depth > selMaxDepth {
		return nil, false
	}
	key := ix.key(c, call, all)
	if key == "" || seen[key] {
		return nil, false
	}
	facts := ix.byKey[key]
	// Every fn of that key must have a fact: one that does nothing records none, and then
	// the name is ambiguous.
	if len(facts) == 0 || len(facts) != len(all.byKey[key]) {
		return nil, false
	}
	seen[key] = true
	defer delete(seen, key)
	var chain []selStep
	for _, f := range facts {
		var sub []selStep
		switch {
		case f.Op != "" && accept(f):
			sub = []selStep{{Call: call, Fact: f}}
		default:
			for _, v := range f.Via {
				if rest, ok := selResolveChain(c, ix, all, v, accept, seen, depth+1); ok {
					sub = append([]selStep{{Call: call, Fact: f}}, rest...)
					break
				}
			}
		}
		if sub == nil {
			return nil, false
		}
		if chain == nil {
			chain = sub
		}
	}
	return chain, chain != nil
}

// selRecordAnyFn records that a fn of this name exists (see selAllFnsKey), once per fn
// whichever rule asks first.
func selRecordAnyFn(p *Pass, fn parser.NodeID, key, name string) {
	var seen map[parser.NodeID]bool
	if v := Recorded(p, selSeenKey); len(v) == 1 {
		seen = v[0]
	}
	if seen == nil {
		seen = map[parser.NodeID]bool{}
		Record(p, selSeenKey, seen)
	}
	if seen[fn] {
		return
	}
	seen[fn] = true
	Record(p, selAllFnsKey.key, &selFnFact{Key: key, Name: name, Path: p.Info.Path})
	if alias := selTraitAlias(p.Tree, fn); alias != "" {
		Record(p, selAllFnsKey.key, &selFnFact{Key: alias, Name: name, Path: p.Info.Path})
	}
}

// selTraitAlias is the key a method of `impl Trait for Type` also answers to,
// "method:Trait::name": a call on a `dyn Trait` (or `impl Trait`) value runs one of the
// crate's impls, and when every impl does the same (makes a timer), so does the call.
// "" for a method of an inherent impl, or of a trait impl inside a test module.
func selTraitAlias(t *parser.Tree, fn parser.NodeID) string {
	owner := ownerItem(t, fn)
	if !t.Is(owner, parser.KImplItem) {
		return ""
	}
	tr := t.Field(owner, parser.FTrait)
	if tr < 0 {
		return ""
	}
	if t.Is(tr, parser.KGenericType) {
		tr = t.Field(tr, parser.FType)
	}
	name := LastSegment(compactText(t, tr))
	if name == "" {
		return ""
	}
	return "method:" + name + "::" + t.Text(t.Field(fn, parser.FName))
}

// selSeenKey holds, per file, the fns already counted under selAllFnsKey.
var selSeenKey = NewFactKey[map[parser.NodeID]bool]("select.allfns.seen")

// selAllIndex is the index of every fn of the crate.
func selAllIndex(c *Crate) *selIndex { return selIndexOf(c, selAllFnsKey) }

// selWhere renders a fact's place for a note, relative to the crate's root.
func selWhere(c *Crate, path string, line int) string {
	where := path
	if rel, err := filepath.Rel(c.Root, path); err == nil && !strings.HasPrefix(rel, "..") && c.Root != "" {
		where = rel
	}
	return fmt.Sprintf("%s:%d", filepath.ToSlash(where), line)
}

// selChainNotes walks a chain for a finding's notes, one line per fn: "`read_message`
// (src/proto.rs:12) awaits `read_frame(..)`", and for the last one its operation. verb
// says what a fn does with the next call or its operation ("awaits", "returns").
func selChainNotes(c *Crate, chain []selStep, verb func(f *selFnFact, last bool) string) []string {
	var out []string
	for i, s := range chain {
		f := s.Fact
		at := selWhere(c, f.Path, f.Line)
		if i+1 < len(chain) {
			out = append(out, fmt.Sprintf("`%s` (%s) %s `%s`", f.Name, at, verb(f, false), chain[i+1].Call.Text))
			continue
		}
		out = append(out, fmt.Sprintf("`%s` (%s) %s `%s` (line %d)", f.Name, at, verb(f, true), f.Op, f.OpLine))
	}
	return out
}

// selChainNames renders a chain for a message: "`a` → `b` → `c`".
func selChainNames(chain []selStep) string {
	names := make([]string, len(chain))
	for i, s := range chain {
		names[i] = "`" + s.Fact.Name + "`"
	}
	return strings.Join(names, " → ")
}

// selTopStatements returns the expressions a body runs unconditionally at its top level:
// its statements (the value of a `let`, the scrutinee of a `match`, the condition of an
// `if`), loops left out, in order.
func selTopStatements(t *parser.Tree, body parser.NodeID) []parser.NodeID {
	var out []parser.NodeID
	for _, st := range t.NamedChildren(body) {
		if t.IsComment(st) {
			continue
		}
		e := st
		switch {
		case t.Is(st, parser.KExpressionStatement):
			e = t.NamedChild(st, 0)
		case t.Is(st, parser.KLetDeclaration):
			e = t.Field(st, parser.FValue)
		}
		switch u := t.Unparen(e); t.Kind(u) {
		case parser.KMatchExpression:
			e = t.Field(u, parser.FValue) // `match timeout(d, op).await { .. }`: the scrutinee runs
		case parser.KIfExpression:
			e = t.Field(u, parser.FCondition)
			if t.Is(e, parser.KLetCondition) {
				e = t.Field(e, parser.FValue)
			}
		case parser.KLoopExpression, parser.KWhileExpression, parser.KForExpression:
			continue
		}
		if e >= 0 {
			out = append(out, e)
		}
	}
	return out
}

// selAwaited returns the future an expression awaits at its top (`x.await`, `x.await?`,
// `x.await.unwrap()`, `let _ = x.await`), or None.
func selAwaited(t *parser.Tree, e parser.NodeID) parser.NodeID {
	for i := 0; i < 6 && e >= 0; i++ {
		e = t.Unparen(e)
		switch t.Kind(e) {
		case parser.KAwaitExpression:
			return t.NamedChild(e, 0)
		case parser.KTryExpression:
			e = t.NamedChild(e, 0)
		case parser.KCallExpression:
			switch MethodName(t, e) {
			case "unwrap", "expect", "ok", "map_err", "context", "with_context", "unwrap_or_default", "is_err", "is_ok":
				e = Receiver(t, e)
			default:
				return parser.None
			}
		case parser.KReturnExpression:
			e = t.NamedChild(e, 0)
		default:
			return parser.None
		}
	}
	return parser.None
}

// ---- timers (select_timer_in_loop) ----

// selRecordTimerFn records whether fn makes a new timer each time it is called: a sync fn
// whose value is a timer constructor (`fn tick(&self) -> Sleep { sleep(self.period) }`)
// or a call of another such fn of the crate; an async fn that awaits one at its top level
// (`async fn wait(&self) { sleep(self.period).await }`). A timer stored in a field
// (`&mut self.sleep`, `self.sleep.as_mut()`), `Interval::tick()` and a deadline that is not
// computed from the clock (`sleep_until(self.deadline)`) do not restart and are not recorded.
func selRecordTimerFn(p *Pass, fn parser.NodeID) {
	t := p.Tree
	key, name, ok := selFnKey(t, fn)
	if !ok {
		return
	}
	// Every fn counts, test code too, so that a name declared twice is seen as ambiguous.
	selRecordAnyFn(p, fn, key, name)
	body := t.Field(fn, parser.FBody)
	f := &selFnFact{Key: key, Name: name, Path: p.Info.Path, Line: int(t.Nodes[fn].StartRow) + 1, Async: IsAsyncFn(t, fn)}
	consider := func(e parser.NodeID, whole bool) bool {
		root := StripFuture(t, false, e)
		if !t.Is(root, parser.KCallExpression) {
			return false
		}
		if k, is := selMaybeTimer(t, root); is {
			if !stilTimerRestarts(t, stilTimer{call: root, kind: k, viaLet: root}, fn, root) {
				return false
			}
			f.Op, f.OpLine, f.Timer, f.Whole = compactText(t, root), int(t.Nodes[root].StartRow)+1, k, whole
			if args := Args(t, root); len(args) > 0 {
				f.TimerParam, _ = selParamIndex(t, fn, args[0])
			}
			return true
		}
		if c, ok := selCallOf(p, root); ok {
			f.Via = append(f.Via, c)
			f.Whole = whole
		}
		return false
	}
	top := selTopStatements(t, body)
	if IsAsyncFn(t, fn) {
		// An awaited timer at the top level: the fn cannot complete before it fired.
		for _, e := range top {
			if fut := selAwaited(t, e); fut >= 0 && consider(fut, len(top) == 1) {
				break
			}
		}
	} else if tail := selTail(t, body); tail >= 0 {
		// A return type that may be a timer or a future lets the tail's calls of the crate's
		// fns count; behind any other (a type alias: `-> Wait<'_>`) only a timer made right
		// there does.
		// Every branch must make a timer (or call a fn of the crate that may): a branch
		// that returns a stored timer makes none on those calls.
		typed := selMayReturnTimer(t, fn)
		vals := selTailValues(t, tail)
		for _, v := range vals {
			root := StripFuture(t, false, v)
			if _, is := selMaybeTimer(t, root); is {
				continue
			}
			if _, ok := selCallOf(p, root); !typed || !ok {
				vals = nil
				break
			}
		}
		for _, v := range vals {
			if consider(v, true) {
				break
			}
		}
	}
	if (f.Op != "" || len(f.Via) > 0) && !InTestCode(t, fn, p.Info) {
		// (A test helper must not speak for a production fn of the same name.)
		if f.Op != "" {
			f.Via = nil
		}
		Record(p, selTimerFactKey.key, f)
		if alias := selTraitAlias(t, fn); alias != "" {
			g := *f
			g.Key = alias
			Record(p, selTimerFactKey.key, &g)
		}
	}
}

// selTailValues returns the values a fn's tail may return: the tail itself, or each branch
// of an `if`/`else` or `match` tail (recursively) that is not a future ready at once
// (`Box::pin(async {})`, `future::ready(..)`): a ticker whose first tick is ready and whose
// later ticks are new sleeps makes a timer on every call that matters.
func selTailValues(t *parser.Tree, tail parser.NodeID) []parser.NodeID {
	tail = t.Unparen(tail)
	var arms []parser.NodeID
	switch t.Kind(tail) {
	case parser.KIfExpression:
		arms = append(arms, t.Field(tail, parser.FConsequence))
		if e := t.Field(tail, parser.FAlternative); e >= 0 {
			arms = append(arms, t.NamedChild(e, 0))
		}
	case parser.KMatchExpression:
		for _, arm := range t.NamedChildren(t.Field(tail, parser.FBody)) {
			if t.Is(arm, parser.KMatchArm) {
				arms = append(arms, t.Field(arm, parser.FValue))
			}
		}
	default:
		return []parser.NodeID{tail}
	}
	var out []parser.NodeID
	for _, a := range arms {
		if t.Is(a, parser.KBlock) {
			a = selTail(t, a)
		}
		if a < 0 || selReadyAtOnce(t, a) {
			continue
		}
		out = append(out, selTailValues(t, a)...)
	}
	return out
}

// selReadyAtOnce reports whether e is a future that is ready when first polled:
// `async {}`, `Box::pin(async {})`, `future::ready(..)`, `Box::pin(future::ready(..))`.
func selReadyAtOnce(t *parser.Tree, e parser.NodeID) bool {
	e = t.Unparen(e)
	if t.Is(e, parser.KCallExpression) && LastSegment(CalleePath(t, e)) == "pin" && len(Args(t, e)) == 1 {
		e = t.Unparen(Args(t, e)[0])
	}
	switch {
	case t.Is(e, parser.KAsyncBlock):
		b := t.NamedChild(e, 0)
		return b >= 0 && len(t.NamedChildren(b)) == 0
	case t.Is(e, parser.KCallExpression):
		return LastSegment(CalleePath(t, e)) == "ready"
	}
	return false
}

// selMayReturnTimer reports whether a sync fn's declared return type may be a timer or a
// future (`Sleep`, `Delay`, `impl Future`, `Pin<Box<..>>`, `BoxFuture`, `Timeout<..>`).
func selMayReturnTimer(t *parser.Tree, fn parser.NodeID) bool {
	rt := t.Field(fn, parser.FReturnType)
	if rt < 0 {
		return false
	}
	s := t.Text(rt)
	for _, w := range []string{"Sleep", "Delay", "Timer", "Timeout", "Future", "Pin"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// selTimerTails are the last two segments of the timer constructors ("time::sleep",
// "Delay::new"): a call whose callee ends otherwise is no timer, and need not be resolved.
var selTimerTails = func() map[string]bool {
	m := map[string]bool{}
	for path := range timerConstructors {
		segs := strings.Split(path, "::")
		m[segs[len(segs)-1]] = true
		m[strings.Join(segs[len(segs)-2:], "::")] = true
	}
	return m
}()

// selMaybeTimer is stilTimerCall behind a cheap test of the callee's name.
func selMaybeTimer(t *parser.Tree, call parser.NodeID) (timerKind, bool) {
	fn := Callee(t, call)
	name := fn
	if t.Is(fn, parser.KScopedIdentifier) {
		name = t.Field(fn, parser.FName)
	}
	if !t.Is(name, parser.KIdentifier) {
		return timerKind{}, false
	}
	last := t.Text(name)
	if !selTimerTails[last] {
		return timerKind{}, false
	}
	if last == "new" {
		// `Delay::new`, `TimeoutFuture::new`, not every constructor
		if path := t.Field(fn, parser.FPath); path < 0 || !selTimerTails[LastSegment(compactText(t, path))+"::new"] {
			return timerKind{}, false
		}
	}
	return stilTimerCall(t, call)
}

// selTail returns the value a block ends with (its last expression without `;`), through
// a final `return x;`, or None.
func selTail(t *parser.Tree, body parser.NodeID) parser.NodeID {
	kids := t.NamedChildren(body)
	for i := len(kids) - 1; i >= 0; i-- {
		k := kids[i]
		if t.IsComment(k) {
			continue
		}
		if t.Is(k, parser.KExpressionStatement) {
			e := t.NamedChild(k, 0)
			if t.Is(e, parser.KReturnExpression) {
				return t.NamedChild(e, 0)
			}
			// `expr` as the last child is an expression statement without `;` only when
			// the statement's text does not end in one.
			if src := t.Bytes(k); len(src) > 0 && src[len(src)-1] != ';' {
				return e
			}
			return parser.None
		}
		if t.Is(k, parser.KLetDeclaration) || t.Is(k, parser.KFunctionItem) {
			return parser.None
		}
		return k
	}
	return parser.None
}

// selTimerOf settles a helper branch: the chain from the branch's call to the fn that
// makes the timer.
func selTimerOf(c *Crate, call selCall) ([]selStep, bool) {
	ix, all := selIndexOf(c, selTimerFactKey), selAllIndex(c)
	return selResolveChain(c, ix, all, call, func(*selFnFact) bool { return true }, map[string]bool{}, 0)
}

// selChainWhole reports whether every fn of a chain does nothing but its timer.
func selChainWhole(chain []selStep) bool {
	for _, s := range chain {
		if !s.Fact.Whole {
			return false
		}
	}
	return true
}

// ---- operations that are not cancellation safe (select_cancel_unsafe) ----

// selRecordLostFn records whether an async fn awaits an operation that loses data or
// progress when the fn's future is dropped: a row of the cancellation-safety table
// (`reader.read_exact(&mut len).await`, also inside `timeout(d, ..)`), or a call of another
// async fn of the crate. An operation on a stream the fn made itself (`let mut s =
// TcpStream::connect(..).await?;`) is dropped with it and not recorded.
func selRecordLostFn(p *Pass, table cancelTable, fn parser.NodeID) {
	t := p.Tree
	if !IsAsyncFn(t, fn) {
		return
	}
	key, name, ok := selFnKey(t, fn)
	if !ok {
		return
	}
	selRecordAnyFn(p, fn, key, name)
	body := t.Field(fn, parser.FBody)
	f := &selFnFact{Key: key, Name: name, Path: p.Info.Path, Line: int(t.Nodes[fn].StartRow) + 1, Async: true}
	var queue *selFnFact    // a lock wait, kept when nothing loses data
	var gathered *selFnFact // a cancel-safe op in a loop that gathers into a local
	WalkBody(t, body, func(d parser.NodeID) bool {
		if f.Op != "" {
			return false
		}
		if d != body && IsBodyBoundary(t, d) {
			return false
		}
		if !t.Is(d, parser.KAwaitExpression) {
			return true
		}
		op := StripFuture(t, true, t.NamedChild(d, 0))
		if to, inner := cancelTimeoutOf(t, op); to >= 0 {
			op = inner
		}
		if !t.Is(op, parser.KCallExpression) {
			return true
		}
		e, ok := table.classify(t, op)
		if !ok || scuOwnMethod(p, op, e) {
			if c, ok := selCallOf(p, op); ok {
				for k, a := range Args(t, op) {
					if a = t.Unparen(a); t.Is(a, parser.KReferenceExpression) {
						a = t.Field(a, parser.FValue) // `&mut f`: lent, still owned here
					}
					if k < 64 && selFnLocal(t, a, body, op) {
						c.LocalArgs |= 1 << k
					}
				}
				f.Via = append(f.Via, c)
			}
			return true
		}
		if e.InStream && selFnLocal(t, Receiver(t, op), body, op) {
			return true
		}
		if e.Safety == cancelSafe {
			if scuCrateTypePending(p, op) {
				// a crate type of another file may have a method of that name
				if c, ok := selCallOf(p, op); ok {
					f.Via = append(f.Via, c)
				}
			}
			if gathered == nil && selConsumes[MethodName(t, op)] && !selFnLocal(t, Receiver(t, op), body, op) {
				m := MethodName(t, op)
				lost := cancelEntry{Names: []string{m}, Of: e.Of, Source: e.Source, Safety: cancelUnsafe, InStream: true}
				if into := selGathers(t, body, d, op); into != "" {
					lost.Lost = "what `" + name + "` already gathered into its local `" + into + "` is dropped with its future, and the next call starts over"
					lost.Fix = "keep the partial data where it outlives the call (a field of the reader's owner, a buffer the caller passes in) " +
						"and take a frame out once it is complete, or use a framed reader (`FramedRead` + `next()`)"
				} else if held, later := selHeldAcross(t, d); held != "" {
					lost.Lost = "what `" + name + "` already took (`" + held + "`) waits in its future across `" + later +
						".await`, and is dropped with it"
					lost.Fix = "finish every other `.await` before taking the item, or keep the item where it outlives the call (a field) until it is handed over"
				}
				if lost.Lost != "" {
					gathered = &selFnFact{Op: compactText(t, op), OpLine: int(t.Nodes[op].StartRow) + 1, OpMethod: m, Entry: lost}
				}
			}
			return true
		}
		g := &selFnFact{Op: compactText(t, op), OpLine: int(t.Nodes[op].StartRow) + 1, Entry: e, OpMethod: MethodName(t, op),
			OpParam: selStreamParam(t, fn, Receiver(t, op), op)}
		if len(e.Recv) > 0 {
			ty := p.TypeOf(Receiver(t, op))
			switch scuReceiverIs(p.typeResolver(), ty, g.OpMethod, e.Recv) {
			case scuNo:
				return true
			case scuPending:
				g.OpRecv, g.OpRecvFile = &ty, p.Info.Path
			}
		}
		if e.Safety == cancelQueue {
			if queue == nil {
				queue = g
			}
			return true
		}
		f.Op, f.OpLine, f.Entry, f.OpMethod, f.OpRecv, f.OpRecvFile, f.OpParam = g.Op, g.OpLine, g.Entry, g.OpMethod, g.OpRecv, g.OpRecvFile, g.OpParam
		return false
	})
	if f.Op == "" && gathered != nil {
		queue = gathered
	}
	if f.Op == "" && queue != nil {
		f.Op, f.OpLine, f.Entry, f.OpMethod, f.OpRecv, f.OpRecvFile, f.OpParam = queue.Op, queue.OpLine, queue.Entry, queue.OpMethod, queue.OpRecv, queue.OpRecvFile, queue.OpParam
	}
	if f.Op != "" {
		f.Via = nil
	}
	if (f.Op != "" || len(f.Via) > 0) && !InTestCode(t, fn, p.Info) {
		Record(p, selLostFactKey.key, f)
	}
}

// selConsumes are the cancel-safe operations that take data out of their source: what they
// returned is gone from it, so a fn that keeps it in a local across a later `.await` loses it
// when its future is dropped.
var selConsumes = map[string]bool{"read": true, "read_buf": true, "read_u8": true, "read_i8": true, "read_vectored": true,
	"next_line": true, "next_segment": true, "recv": true, "recv_many": true, "recv_from": true, "next": true,
	"try_next": true, "select_next_some": true, "accept": true}

// selGatherers are the methods that add to a buffer or collection.
var selGatherers = map[string]bool{"push": true, "push_back": true, "push_str": true, "extend": true, "extend_from_slice": true,
	"append": true, "put": true, "put_slice": true, "put_u8": true, "insert": true}

// selGathers reports whether the consuming operation op, awaited at aw, runs in a loop of
// body that gathers its results into a local of body declared before the loop (`frame
// .extend_from_slice(&chunk[..n])`, `batch.push(msg)`, `r.read_buf(&mut frame)`, `filled
// += r.read(&mut buf[filled..])`): it returns the local's name, or "". What the loop has
// gathered lives only in the fn's future.
func selGathers(t *parser.Tree, body, aw, op parser.NodeID) string {
	loop := AncestorInBody(t, aw, func(a, child parser.NodeID) bool {
		return IsLoop(t, a) && (t.Field(a, parser.FBody) == child || t.Is(a, parser.KWhileExpression) && t.Field(a, parser.FCondition) == child)
	})
	if loop < 0 || !t.IsAncestor(body, loop) {
		return ""
	}
	// a local of body, bound before the loop to a value it owns
	local := func(id parser.NodeID) string {
		id = t.Unparen(id)
		if t.Is(id, parser.KIndexExpression) {
			id = t.Unparen(t.NamedChild(id, 0))
		}
		if !t.Is(id, parser.KIdentifier) {
			return ""
		}
		_, let := ResolveBinding(t, id)
		if let < 0 || !t.IsAncestor(body, let) || t.Nodes[let].End > t.Nodes[loop].Start ||
			!OwnedLetBefore(t, id, body, loop, false, selBorrowers) {
			return ""
		}
		return t.Text(id)
	}
	for _, a := range Args(t, op) {
		a = t.Unparen(a)
		if t.Is(a, parser.KReferenceExpression) && t.FirstChildOfKind(a, parser.KMutableSpecifier) >= 0 {
			v := t.Unparen(t.Field(a, parser.FValue))
			// `&mut frame` with read_buf, or `&mut buf[filled..]`: read straight into the local
			if MethodName(t, op) == "read_buf" || selFromOffset(t, v) {
				if n := local(v); n != "" {
					return n
				}
			}
		}
	}
	into := ""
	WalkBody(t, t.Field(loop, parser.FBody), func(d parser.NodeID) bool {
		if into != "" {
			return false
		}
		switch t.Kind(d) {
		case parser.KCallExpression:
			if selGatherers[MethodName(t, d)] {
				into = local(Receiver(t, d))
			}
		}
		return true
	})
	return into
}

// selHeldAcross reports whether the result of the consuming operation awaited at aw is
// bound by a `let` and used after a later `.await` of the same block (`let frame =
// self.frames.next().await; .. reconnect().await; .. frame`): it returns the bound name and
// the later await's future, or "".
func selHeldAcross(t *parser.Tree, aw parser.NodeID) (string, string) {
	e := aw
	for {
		par := t.Parent(e)
		if t.Is(par, parser.KTryExpression) || t.Is(par, parser.KParenthesizedExpression) {
			e = par
			continue
		}
		if t.Is(par, parser.KFieldExpression) {
			if c := t.Parent(par); t.Is(c, parser.KCallExpression) && Receiver(t, c) == e {
				switch MethodName(t, c) {
				case "unwrap", "expect", "ok", "context", "with_context", "map_err", "transpose":
					e = c
					continue
				}
			}
		}
		break
	}
	let := t.Parent(e)
	if !t.Is(let, parser.KLetDeclaration) || t.Field(let, parser.FValue) != e || t.Field(let, parser.FAlternative) >= 0 {
		return "", ""
	}
	names := patternNames(t, t.Field(let, parser.FPattern)).names
	scope := LetScope(t, let)
	if len(names) == 0 || scope < 0 {
		return "", ""
	}
	after := t.Nodes[let].End
	var later parser.NodeID = parser.None
	held := ""
	WalkBody(t, scope, func(d parser.NodeID) bool {
		if held != "" {
			return false
		}
		if d != scope && IsBodyBoundary(t, d) {
			return false
		}
		switch {
		case t.Is(d, parser.KAwaitExpression) && t.Nodes[d].Start >= after && later < 0:
			later = d
		case t.Is(d, parser.KIdentifier) && later >= 0 && t.Nodes[d].Start >= t.Nodes[later].End:
			for _, n := range names {
				if n != "_" && t.TextIs(d, n) {
					held = n
				}
			}
		}
		return true
	})
	if held == "" {
		return "", ""
	}
	return held, CallText(t, StripFuture(t, true, t.NamedChild(later, 0)))
}

// selFromOffset reports whether e indexes a buffer from a computed offset (`buf[filled..]`,
// `buf[n..len]`): each read continues where the last one ended.
func selFromOffset(t *parser.Tree, e parser.NodeID) bool {
	if !t.Is(e, parser.KIndexExpression) {
		return false
	}
	r := t.Unparen(t.NamedChild(e, 1))
	if !t.Is(r, parser.KRangeExpression) {
		return false
	}
	start := t.NamedChild(r, 0)
	return start >= 0 && t.N(start).Start == t.N(r).Start && !t.Is(start, parser.KIntegerLiteral)
}

// selFnLocal reports whether a receiver is owned by a `let` of the fn's body before at,
// from a value that borrows nothing (`let mut s = TcpStream::connect(a).await?;`): what it
// loses is dropped with the fn's future.
func selFnLocal(t *parser.Tree, recv, body, at parser.NodeID) bool {
	return OwnedLetBefore(t, recv, body, at, false, selBorrowers)
}

// selBorrowers are the methods whose result a fn does not own: a borrow of the caller's
// value, or a value taken out of the caller's state.
var selBorrowers = map[string]bool{"as_mut": true, "get_mut": true, "by_ref": true, "borrow_mut": true,
	"lock": true, "write": true, "as_deref_mut": true, "deref_mut": true, "take": true}

// selLostOf settles a helper branch: the chain from the branch's call to the fn that
// awaits the operation. A chain that ends in an operation that loses data wins over one
// that only waits in a queue.
func selLostOf(c *Crate, call selCall) ([]selStep, bool) {
	ix, all := selIndexOf(c, selLostFactKey), selAllIndex(c)
	applies := func(f *selFnFact) bool {
		if f.OpRecv == nil {
			return true
		}
		return scuReceiverIs(c.typeResolver(f.OpRecvFile), *f.OpRecv, f.OpMethod, f.Entry.Recv) != scuNo
	}
	unsafeOnly := func(f *selFnFact) bool { return f.Entry.Safety == cancelUnsafe && applies(f) }
	if chain, ok := selResolveChain(c, ix, all, call, unsafeOnly, map[string]bool{}, 0); ok {
		return chain, true
	}
	return selResolveChain(c, ix, all, call, applies, map[string]bool{}, 0)
}

// selParamIndex is 1 + the index of fn's parameter (not counting `self`) that e names as it
// is, or 0; param is that parameter.
func selParamIndex(t *parser.Tree, fn, e parser.NodeID) (k int, param parser.NodeID) {
	e = t.Unparen(e)
	params := t.Field(fn, parser.FParameters)
	if !t.Is(e, parser.KIdentifier) || params < 0 {
		return 0, parser.None
	}
	i := 0
	param = parser.None
	t.Children(params, func(c parser.NodeID) bool {
		if !t.Is(c, parser.KParameter) {
			return true
		}
		i++
		if pat := stripMutPattern(t, t.Field(c, parser.FPattern)); t.Is(pat, parser.KIdentifier) && t.TextIs(pat, t.Text(e)) {
			k, param = i, c
			return false
		}
		return true
	})
	return k, param
}

// selStreamParam returns 1 + the index (not counting `self`) of the parameter of fn that
// recv is: the parameter itself, by value (`writeh: OwnedWriteHalf`) or a `&mut` borrow
// (`reader: &mut R`), also through a local adapter over it made before at (`let mut take =
// reader.take(n);`, `reader.by_ref()`); 0 otherwise. Whoever made the value the parameter
// holds or borrows decides whether what a cancel loses outlives the future (LocalArgs).
func selStreamParam(t *parser.Tree, fn, recv, at parser.NodeID) int {
	body := t.Field(fn, parser.FBody)
	for i := 0; i < 4 && body >= 0; i++ {
		recv = t.Unparen(recv)
		if !t.Is(recv, parser.KIdentifier) {
			return 0
		}
		let, v := PlainLet(t, recv)
		if let < 0 || !t.IsAncestor(body, let) || t.Nodes[let].End > t.Nodes[at].Start {
			break
		}
		if v = t.Unparen(v); !selAdapters[MethodName(t, v)] {
			return 0
		}
		recv = Receiver(t, v)
	}
	k, param := selParamIndex(t, fn, recv)
	if k == 0 {
		return 0
	}
	if ty := t.Field(param, parser.FType); t.Is(ty, parser.KReferenceType) && t.FirstChildOfKind(ty, parser.KMutableSpecifier) < 0 {
		return 0 // a shared borrow: not a stream this fn reads from
	}
	return k
}

// selAdapters wrap a reader or writer they borrow without a buffer of their own: what the
// operation on them consumes comes out of the value they wrap.
var selAdapters = map[string]bool{"take": true, "by_ref": true}
