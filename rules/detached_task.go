package rules

import (
	_ "embed"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

//go:embed detached_task.md
var detachedTaskDoc string

// DetachedTask is the `detached_task` rule.
var DetachedTask = &Rule{
	ID:        "detached_task",
	Summary:   "spawns a task that can run forever and drops its `JoinHandle` (or keeps it where nothing uses it), so nothing can stop it",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness", "concurrency"},
	Precision: "high",
	Doc:       detachedTaskDoc,
	// A test's runtime ends with the test, and tests detach tasks on purpose.
	Contexts: map[ContextKind]Level{CtxTest: LevelAllow, CtxCLI: LevelNote},
	Kinds: []parser.Kind{parser.KCallExpression, parser.KFunctionItem, parser.KSourceFile, parser.KFieldExpression,
		kFieldPattern},
	Options: map[string]any{
		// Keep a task that loops forever at warning wherever it is spawned, not only where
		// something shows it is spawned again or should end with a value (see dtSettleLifelong).
		"forever-anywhere": false,
	},
	Check: checkDetachedTask,
}

// The rule works in two halves. Each `async fn` records whether its body can run forever
// (a fact keyed by its name), and each spawn whose JoinHandle is thrown away is judged by
// the future it spawns: an async block is judged on the spot, a call of an async fn of the
// crate is settled against the facts once every file is analysed.

var dtFacts = NewFactKey[dtFnFact]("detached_task")

// dtFnFact is what one async fn leaves behind for spawns elsewhere in the crate.
type dtFnFact struct {
	Name      string   // as spawns name it: "run", "Worker::run"
	Module    string   // for free fns: the module it is in (see biModuleOf), which a key's hint narrows to
	Forever   bool     // its body has a loop nothing leaves
	Delegates []string // keys of async fns it awaits unconditionally enough to inherit their forever
	// Recv: method calls it awaits the same way on receivers whose type the resolver knows
	// (`self.inner.run().await`), resolved to keys when settled (detached_task_recv.go).
	Recv []dtRecvCall
	Path string // where the forever loop is, for the note
	Line int
	// Spin, when set, is the receive (as written) that makes the forever loop spin: once its
	// channel closes or its stream ends, or whenever nothing is queued (see dtSpin).
	Spin    string
	SpinHow dtSpinHow
	// Deliberate, when set, says (with %s for the fn's name) why the fn is meant to run for
	// as long as the process: its doc comment says so, or it supervises other tasks.
	Deliberate string
	// AcceptOnly: the forever loop's only ways out are its listener's `accept()` errors
	// (dtOnlyAcceptErrorExits), which notes say instead of "no way out".
	AcceptOnly bool
}

const dtHelp = "Keep the `JoinHandle` and call `JoinHandle::abort` when the task must stop, give the loop " +
	"a way out (`break` when a `CancellationToken` is cancelled or a channel closes), or spawn it into a " +
	"`JoinSet` or wrap the handle in tokio-util's `AbortOnDropHandle`, which cancel the task when dropped."

func checkDetachedTask(p *Pass, n parser.NodeID) {
	t := p.Tree
	switch t.Kind(n) {
	case parser.KFieldExpression:
		dtRecordRead(p, n)
		return
	case kFieldPattern:
		dtRecordPatternRead(p, n)
		return
	case parser.KSourceFile:
		recordTypeFacts(p)    // the owners of stored handles are looked up in the crate
		recordStartupFacts(p) // spawns at start-up are settled on the call graph
		return
	case parser.KFunctionItem:
		dtRecordImplFn(p, n)
		dtRecordAsyncFn(p, n)
		return
	}
	label, fut := dtSpawnCall(t, n)
	if fut < 0 {
		dtCheckStoredCall(p, n)
		return
	}
	how, at := dtDiscard(t, n)
	callee := t.Field(n, parser.FFunction)
	// In `main` the task lives as long as the program, which is often what was meant.
	lvl := LevelAllow
	var notes []string
	inMain := dtInMain(t, n)
	if inMain {
		lvl = LevelNote
		notes = []string{dtNoteMain}
	}
	switch how {
	case dtKept:
		dtCheckStored(p, n, fut, label, inMain)
		return
	case dtDropped:
		// The drop reads as a cancel. Whether that matters depends on the task: one that
		// loops forever is never stopped (a warning); a finite one, or one we cannot see
		// into, runs on until it ends (a note).
		d := Diagnostic{
			Node: at,
			Message: fmt.Sprintf("`drop` on the `JoinHandle` of a task spawned with `%s` does not cancel the task: "+
				"dropping a `JoinHandle` only detaches it, and the task runs on until it ends", label),
			Level:   LevelNote,
			Notes:   notes,
			Help:    "Call `JoinHandle::abort` to cancel the task (or keep the handle in a `JoinSet` or tokio-util's `AbortOnDropHandle`, which abort on drop); if detaching is what you want, remove the `drop` call and say so in a comment.",
			Related: []RelatedNode{{Node: callee, Message: "the task is spawned here"}},
		}
		forever := fmt.Sprintf("`drop` on the `JoinHandle` of a task spawned with `%s` does not cancel the task, "+
			"which loops forever: dropping a `JoinHandle` only detaches it, so nothing can stop the task", label)
		loop, delegates := dtJudgeFuture(t, fut, implTypeAround(t, n), 0)
		delegates = dtQualify(p, n, delegates)
		var recv []dtRecvCall
		if loop < 0 {
			recv = dtRecvCalls(p, fut, implTypeAround(t, n))
		}
		path := p.Info.Path
		switch {
		case loop >= 0:
			d.Message, d.Level = forever, lvl
			d.Related = append(d.Related, RelatedNode{Node: loop, Message: "this loop " + dtNoExit(dtOnlyAcceptErrorExits(t, loop), true)})
			p.Report(d)
		case len(delegates) > 0 || len(recv) > 0:
			base := p.level
			if lvl != LevelAllow {
				base = lvl
			}
			p.ReportLater(d, func(c *Crate, f *finding.Finding) bool {
				for _, k := range dtWithRecv(delegates, dtRecvKeys(c, path, recv)) {
					if _, ok := dtForeverKey(c, k, map[string]bool{}, 0); ok {
						f.Message, f.Level = forever, base
						break
					}
				}
				return true
			})
		default:
			p.Report(d)
		}
		return
	}
	discarded := "its `JoinHandle` is discarded"
	switch how {
	case dtUnusedBinding:
		discarded = fmt.Sprintf("its `JoinHandle` is bound to `%s` and never used", t.Text(t.Field(at, parser.FPattern)))
	case dtDroppedAtOnce:
		discarded = "its `JoinHandle` is dropped at once, which only detaches it"
	}
	var rel []RelatedNode
	switch how {
	case dtLetUnderscore, dtDroppedAtOnce:
		rel = append(rel, RelatedNode{Node: at, Message: "the `JoinHandle` is dropped here, which detaches the task"})
	case dtUnusedBinding:
		rel = append(rel, RelatedNode{Node: at, Message: "the `JoinHandle` is bound here and never used; it is dropped at the end of the scope, which detaches the task"})
	}
	loop, delegates := dtJudgeFuture(t, fut, implTypeAround(t, n), 0)
	delegates = dtQualify(p, n, delegates)
	var recv []dtRecvCall
	if loop < 0 {
		recv = dtRecvCalls(p, fut, implTypeAround(t, n))
	}
	if loop < 0 && len(delegates) == 0 && len(recv) == 0 {
		return
	}
	if dtOnLocalRuntime(t, n) {
		// `rt.spawn(..)` on a runtime this fn builds and drops: the drop cancels the task.
		return
	}
	// A task meant to live as long as the process is detached on purpose: a note.
	if !inMain {
		if why := dtDeliberate(p, n, fut, loop); why != "" {
			lvl, notes = LevelNote, []string{why}
		}
	}
	// A task spawned once, at start-up, is meant to run for the life of the process
	// (startup.go); settled against the crate's call graph.
	startup, perItem := "", ""
	var site *dtSite
	if lvl == LevelAllow && !inMain && !p.userLevel {
		startup = startupSite(p, n)
		if !p.BoolOption("forever-anywhere") {
			site = dtSiteOf(p, n, fut)
		}
		switch {
		case startup == "":
		case site != nil:
			perItem = site.PerItem
		default:
			perItem = suPerItem(t, n, t.Field(t.AncestorOfKind(n, parser.KFunctionItem), parser.FBody), p.TypeOf)
		}
	}
	if loop >= 0 {
		if sp, ok := dtLoopSpin(t, loop); ok {
			// A loop that spins is a bug wherever the task is spawned, `main` included.
			p.Report(dtSpinDiagnostic(callee, label, discarded, sp, loop, rel))
			return
		}
		d := Diagnostic{
			Node:    callee,
			Message: fmt.Sprintf("task spawned with `%s` loops forever and %s: nothing can stop it", label, discarded),
			Help:    dtHelp,
			Level:   lvl,
			Notes:   notes,
			Related: append(rel, RelatedNode{Node: loop, Message: "this loop " + dtNoExit(dtOnlyAcceptErrorExits(t, loop), true) + ", and no branch that stops on cancellation or a closed channel"}),
		}
		if startup == "" && site == nil {
			p.Report(d)
			return
		}
		p.ReportLater(d, func(c *Crate, f *finding.Finding) bool {
			if startup != "" {
				dtSettleStartup(c, f, startup, perItem)
			}
			dtSettleLifelong(c, f, site)
			return true
		})
		return
	}
	d := Diagnostic{
		Node:    callee,
		Message: fmt.Sprintf("task spawned with `%s` runs an async fn that loops forever and %s: nothing can stop it", label, discarded),
		Help:    dtHelp,
		Level:   lvl,
		Notes:   notes,
		Related: rel,
	}
	base := p.level
	path := p.Info.Path
	held := dtArgsHoldSender(t, fut)
	p.ReportLater(d, func(c *Crate, f *finding.Finding) bool {
		rks := dtRecvKeys(c, path, recv)
		for _, k := range dtWithRecv(delegates, rks) {
			w, ok := dtForeverKey(c, k, map[string]bool{}, 0)
			if !ok {
				continue
			}
			name, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(k, "fn:"), "method:"), "@")
			where := w.Path
			if rel, err := filepath.Rel(c.Root, w.Path); err == nil && !strings.HasPrefix(rel, "..") {
				where = rel
			}
			at := fmt.Sprintf("%s:%d", filepath.ToSlash(where), w.Line)
			which := fmt.Sprintf("`%s`", name)
			if w.Name != name {
				which = fmt.Sprintf("`%s` awaits `%s`, which", name, w.Name)
			}
			var recvNotes []string
			if rn := dtRecvNote(rks, k); rn != "" {
				recvNotes = []string{rn}
			}
			if w.Spin != "" && !held {
				// A loop that spins is a bug wherever the task is spawned, `main` included.
				sp := dtSpin{Text: w.Spin, How: w.SpinHow}
				f.Message = fmt.Sprintf("task spawned with `%s` runs `%s`, whose loop %s; %s, so nothing can stop it", label, name, sp.phrase(), discarded)
				f.Notes = append(recvNotes, fmt.Sprintf("%s has a loop that %s (%s): %s", which, sp.phrase(), at, sp.explain()))
				f.Help = sp.help()
				f.Level = base
				return true
			}
			f.Message = fmt.Sprintf("task spawned with `%s` runs `%s`, which loops forever, and %s: nothing can stop it", label, name, discarded)
			if len(f.Notes) == 0 && w.Deliberate != "" {
				f.Level = LevelNote
				f.Notes = append(f.Notes, fmt.Sprintf(w.Deliberate, w.Name))
			}
			f.Notes = append(f.Notes, recvNotes...)
			f.Notes = append(f.Notes, fmt.Sprintf("%s has a loop %s (%s)", which, dtNoExit(w.AcceptOnly, false), at))
			if startup != "" {
				dtSettleStartup(c, f, startup, perItem)
			}
			dtSettleLifelong(c, f, site)
			return true
		}
		return false
	})
}

// dtStopWords are the words of a name that make a value read as a stop signal (`rx_halt`,
// `shutdown_rx`, `cancel_token`).
var dtStopWords = map[string]bool{"halt": true, "shutdown": true, "cancel": true, "cancellation": true,
	"stop": true, "kill": true, "terminate": true, "quit": true}

// dtStopSignal names a stop signal the spawned future fut is handed: an argument of the
// async fn call it runs, or a name an async block uses, whose words (split at `_`) include
// a dtStopWords word. "" when there is none.
func dtStopSignal(t *parser.Tree, fut parser.NodeID) string {
	fut = dtUnwrapFuture(t, fut)
	found := ""
	check := func(d parser.NodeID) {
		if found != "" || !t.Is(d, parser.KIdentifier) {
			return
		}
		for _, w := range strings.Split(strings.ToLower(t.Text(d)), "_") {
			if dtStopWords[w] {
				// handed in from outside: a variable the future itself binds (`let
				// stop_reason = ..` inside the loop) stops nothing
				if par := t.Parent(d); t.Is(par, parser.KLetDeclaration) && t.Field(par, parser.FPattern) == d {
					return // its own binding
				}
				if decl, _ := ResolveBinding(t, d); decl >= 0 && t.IsAncestor(fut, decl) {
					return
				}
				found = t.Text(d)
				return
			}
		}
	}
	switch t.Kind(fut) {
	case parser.KCallExpression:
		for _, a := range Args(t, fut) {
			t.Walk(a, func(d parser.NodeID) bool {
				check(d)
				return found == "" && !IsBodyBoundary(t, d)
			})
		}
	case parser.KAsyncBlock:
		t.Walk(fut, func(d parser.NodeID) bool {
			if par := t.Parent(d); t.Is(par, parser.KFieldExpression) && t.Field(par, parser.FField) == d {
				return true
			}
			check(d)
			return found == ""
		})
	}
	return found
}

// dtKeyedStore returns the field collection (`self.servers`) into which body puts, by
// `insert(key, v)` or `push(v)`, a variable the spawned future fut uses or the variable it
// was cloned from (`let runner = server.clone(); spawn(async move { runner.serve().await });
// self.servers.lock().await.insert(job_id, server);`), or "".
func dtKeyedStore(t *parser.Tree, fut, body parser.NodeID) string {
	if body < 0 {
		return ""
	}
	uses := map[string]bool{}
	t.Walk(dtUnwrapFuture(t, fut), func(d parser.NodeID) bool {
		if t.Is(d, parser.KIdentifier) {
			uses[t.Text(d)] = true
		}
		return true
	})
	// a clone's source counts as the same value (`let runner = server.clone();`)
	var sources []string
	WalkBody(t, body, func(d parser.NodeID) bool {
		if d != body && IsBodyBoundary(t, d) {
			return false
		}
		if t.Is(d, parser.KLetDeclaration) {
			if pat := t.Field(d, parser.FPattern); t.Is(pat, parser.KIdentifier) && uses[t.Text(pat)] {
				v := t.Unparen(t.Field(d, parser.FValue))
				if t.Is(v, parser.KCallExpression) && MethodName(t, v) == "clone" {
					if r := t.Unparen(Receiver(t, v)); t.Is(r, parser.KIdentifier) {
						sources = append(sources, t.Text(r))
					}
				}
			}
		}
		return true
	})
	for _, n := range sources {
		uses[n] = true
	}
	found := ""
	WalkBody(t, body, func(d parser.NodeID) bool {
		if found != "" || d != body && IsBodyBoundary(t, d) {
			return false
		}
		if !t.Is(d, parser.KCallExpression) {
			return true
		}
		m, args := MethodName(t, d), Args(t, d)
		var v parser.NodeID = parser.None
		switch {
		case m == "insert" && len(args) == 2:
			v = args[1]
		case (m == "push" || m == "push_back") && len(args) == 1:
			v = args[0]
		default:
			return true
		}
		if v = t.Unparen(v); !t.Is(v, parser.KIdentifier) || !uses[t.Text(v)] {
			return true
		}
		// the collection is a field of self, maybe behind a lock
		r := Receiver(t, d)
		for i := 0; i < 4 && (t.Is(t.Unparen(r), parser.KCallExpression) || t.Is(t.Unparen(r), parser.KAwaitExpression) || t.Is(t.Unparen(r), parser.KTryExpression)); i++ {
			r = t.Unparen(r)
			if t.Is(r, parser.KCallExpression) {
				r = Receiver(t, r)
			} else {
				r = t.NamedChild(r, 0)
			}
		}
		if r = t.Unparen(r); t.Is(r, parser.KFieldExpression) && t.Is(t.Unparen(t.Field(r, parser.FValue)), parser.KSelf) {
			found = compactText(t, r)
		}
		return found == ""
	})
	return found
}

// dtCtorOf names the constructor that spawns the task of site s: the fn around the spawn,
// or a constructor of the same type that calls that fn (`Self::spawn_sweeper(..)` in
// `Cache::new`); "" when there is none.
func dtCtorOf(c *Crate, s *dtSite) (name, id string) {
	if s.Ctor != "" || s.FnID == "" || s.Impl == "" {
		return s.Ctor, s.FnID
	}
	sg := suGraphOf(c)
	i, ok := sg.g.byID[s.FnID]
	if !ok {
		return "", ""
	}
	for _, k := range sg.g.callers[i] {
		if f := &sg.g.fns[k]; sg.facts[k].Ctor && f.Type == s.Impl && sg.g.callsNarrowly(k, i) {
			return f.Type + "::" + f.Name, f.ID
		}
	}
	return "", ""
}

// dtEndsValue are the method names that stop the value they are called on (not
// `cancel_session` or `shutdown_when_queue_empty`, which stop or configure something else).
var dtEndsValue = map[string]bool{"stop": true, "shutdown": true, "close": true, "abort": true,
	"cancel": true, "terminate": true, "kill": true, "halt": true, "stop_all": true,
	"shutdown_all": true, "abort_all": true, "close_all": true}

// dtSite is where a forever task is spawned, for dtSettleLifelong.
type dtSite struct {
	Path     string // the file of the spawn
	FnID     string // the fn around the spawn ("" when none)
	Impl     string // the type of the impl around it
	Repeated bool   // the spawn is in a loop or a closure of that fn
	Signal   string // a stop signal the spawned future is handed (dtStopSignal)
	Ctor     string // the fn around the spawn when it makes a value (`new`, returns `Self`)
	// Keyed is the field collection into which the spawning fn puts the value the task
	// works on (`self.servers.insert(job_id, server)`): one task per element.
	Keyed string
	// Handler names the trait whose request handler the spawning fn is (a method of a
	// trait impl that takes a `Request`): a framework calls it once per request.
	Handler string
	// Latch is the flag that lets the spawn run once (`if !*started { *started = true;
	// spawn(..) }`, `if !self.running.swap(true, ..)`): callers that run the spawning fn
	// again and again do not start more tasks.
	Latch string
	// PerItem is the collection (or range) of a `for` loop around the spawn: one task per
	// element, a number fixed when the loop starts (suPerItem).
	PerItem string
}

func dtSiteOf(p *Pass, n, fut parser.NodeID) *dtSite {
	t := p.Tree
	s := &dtSite{Path: p.Info.Path, Signal: dtStopSignal(t, fut)}
	if fn := t.AncestorOfKind(n, parser.KFunctionItem); fn >= 0 {
		s.FnID = biFnID(p, fn)
		s.Repeated = suRepeated(t, n, t.Field(fn, parser.FBody), p.TypeOf)
		s.Keyed = dtKeyedStore(t, fut, t.Field(fn, parser.FBody))
		s.Latch = dtLatch(t, n, t.Field(fn, parser.FBody))
		s.PerItem = suPerItem(t, n, t.Field(fn, parser.FBody), p.TypeOf)
		if impl := enclosingImpl(t, fn, implAroundOutsideTrait); impl >= 0 {
			s.Impl = typeName(t, t.Field(impl, parser.FType))
			if tr := t.Field(impl, parser.FTrait); tr >= 0 && dtTakesRequest(t, fn) {
				s.Handler = LastSegment(t.Text(tr))
			}
			name := t.Text(t.Field(fn, parser.FName))
			if rt := t.Field(fn, parser.FReturnType); name == "new" || rt >= 0 && dtReturnsSelf(t.Text(rt), LastSegment(s.Impl)) {
				s.Ctor = s.Impl + "::" + name
			}
		}
	}
	return s
}

// dtLatch returns the flag of an `if` around the spawn n (in body) that lets it run once: the
// condition is `!FLAG` (`!*started`, `!self.started`, `!started.load(..)`) and the branch
// sets FLAG to true before the spawn (`*started = true`, `FLAG.store(true, ..)`), or the
// condition sets it itself (`!FLAG.swap(true, ..)`, `FLAG.compare_exchange(false, true, ..)
// .is_ok()`). "" when there is none.
func dtLatch(t *parser.Tree, n, body parser.NodeID) string {
	flagOf := func(e parser.NodeID) string {
		e = t.Unparen(e)
		for t.Is(e, parser.KUnaryExpression) && strings.HasPrefix(t.Text(e), "*") {
			e = t.Unparen(t.NamedChild(e, 0))
		}
		if t.Is(e, parser.KCallExpression) && MethodName(t, e) == "load" {
			e = t.Unparen(Receiver(t, e))
		}
		if t.Is(e, parser.KIdentifier) || t.Is(e, parser.KFieldExpression) {
			return joinFields(t.Text(e), "")
		}
		return ""
	}
	for child, anc := n, t.Parent(n); anc >= 0 && child != body && !IsBodyBoundary(t, anc); child, anc = anc, t.Parent(anc) {
		if !t.Is(anc, parser.KIfExpression) || child != t.Field(anc, parser.FConsequence) {
			continue
		}
		cond := t.Unparen(t.Field(anc, parser.FCondition))
		if t.Is(cond, parser.KCallExpression) && MethodName(t, cond) == "is_ok" {
			if ce := t.Unparen(Receiver(t, cond)); t.Is(ce, parser.KCallExpression) && strings.HasPrefix(MethodName(t, ce), "compare_exchange") {
				if args := Args(t, ce); len(args) >= 2 && t.TextIs(args[0], "false") && t.TextIs(args[1], "true") {
					return flagOf(Receiver(t, ce))
				}
			}
			continue
		}
		inner, ok := Negated(t, cond)
		if !ok {
			continue
		}
		inner = t.Unparen(inner)
		if t.Is(inner, parser.KCallExpression) && MethodName(t, inner) == "swap" {
			if args := Args(t, inner); len(args) >= 1 && t.TextIs(args[0], "true") {
				return flagOf(Receiver(t, inner))
			}
			continue
		}
		flag := flagOf(inner)
		if flag == "" {
			continue
		}
		set := false
		start := t.Nodes[n].Start
		WalkBody(t, child, func(d parser.NodeID) bool {
			if set || t.Nodes[d].Start >= start {
				return false
			}
			switch {
			case t.Is(d, parser.KAssignmentExpression):
				set = flagOf(t.Field(d, parser.FLeft)) == flag && t.TextIs(t.Field(d, parser.FRight), "true")
			case t.Is(d, parser.KCallExpression) && MethodName(t, d) == "store":
				args := Args(t, d)
				set = len(args) >= 1 && t.TextIs(args[0], "true") && flagOf(Receiver(t, d)) == flag
			}
			return !set
		})
		if set {
			return flag
		}
	}
	return ""
}

// dtTakesRequest reports whether a fn has a parameter whose type is a request
// (`tonic::Request<T>`, `http::Request<B>`, actix's `HttpRequest`): a handler that a server
// framework calls once per request.
func dtTakesRequest(t *parser.Tree, fn parser.NodeID) bool {
	found := false
	t.Children(t.Field(fn, parser.FParameters), func(c parser.NodeID) bool {
		if !t.Is(c, parser.KParameter) {
			return true
		}
		ty := t.Field(c, parser.FType)
		if t.Is(ty, parser.KGenericType) {
			ty = t.Field(ty, parser.FType)
		}
		switch LastSegment(t.Text(ty)) {
		case "Request", "HttpRequest":
			found = true
		}
		return !found
	})
	return found
}

// dtReturnsSelf reports whether a return type names `Self` itself (`Self`, `Result<Self>`,
// `Arc<Self>`), or the impl's type by its name (typ: `Result<Session, Error>` in `impl
// Session`), not only an associated type of it (`Self::Stream`, a trait impl's handler),
// and not a reference to one kept elsewhere (`&'static RwLock<Self>`, a getter).
func dtReturnsSelf(rt, typ string) bool {
	if strings.HasPrefix(strings.TrimSpace(rt), "&") {
		return false // a reference to a value kept elsewhere (`&'static RwLock<Self>`): a getter
	}
	return dtNamesWord(rt, "Self") || typ != "" && typ != "Self" && dtNamesWord(rt, typ)
}

// dtNamesWord reports whether rt holds the word w as a type of its own: not part of a
// longer name, not followed by `::` (an associated type).
func dtNamesWord(rt, w string) bool {
	for i := strings.Index(rt, w); i >= 0; {
		end := i + len(w)
		before := i == 0 || !isIdentByte(rt[i-1])
		after := end == len(rt) || !isIdentByte(rt[end]) && !strings.HasPrefix(rt[end:], "::")
		if before && after {
			return true
		}
		j := strings.Index(rt[end:], w)
		if j < 0 {
			break
		}
		i = end + j
	}
	return false
}

// dtSettleLifelong lowers a warning on a task that loops forever (and does not spin) to a
// note unless something shows that it should stop: it is spawned in a loop or a closure; a
// fn of the package that leads to the spawn calls the next one in a loop or a closure; it is
// spawned in a constructor (one task per value made, as a cache's sweeper in `Cache::new`);
// the future is handed a stop signal and never ends; or the type whose method spawns it has
// an `impl Drop` or a stop method (its values end; the task does not). Judged on real code
// nobody tuned for (sets K and L), 15 of 19 such warnings were tasks spawned once for the
// life of the process (a metrics submitter, a credentials refresher, a scheduler kept in a
// OnceCell); the 4 worth fixing were spawned by a service with a stop method, once per
// library opened. A nil site means the level is the user's, or forever-anywhere is set.
func dtSettleLifelong(c *Crate, f *finding.Finding, s *dtSite) {
	if s == nil || f.Level != LevelWarning || s.Repeated && s.Latch == "" {
		return
	}
	var ctorNote string
	if ctor, id := dtCtorOf(c, s); ctor != "" {
		// A value made once per process (every chain of callers comes from `main` without a
		// loop, or it fills a value made once and kept) leaves one task, for the process.
		if why, ok := onceFromMain(c, id); ok {
			f.Level = LevelNote
			f.Notes = append(f.Notes, fmt.Sprintf("note here, not warning: `%s` makes a value at each call, but it is called once per process: %s; one task that runs as long as the process is detached on purpose", ctor, why))
			return
		}
		if where, ok := lazyOnly(c, id); ok {
			f.Level = LevelNote
			f.Notes = append(f.Notes, fmt.Sprintf("note here, not warning: `%s` makes a value at each call, but every call fills a value that is made once and kept (`get_or_init`, `if slot.is_none() { slot = Some(..) }`, `cell.set(..).unwrap()`), in %s: one task for that value's life", ctor, where))
			return
		}
		// One task per value made leaks only where values are made again and again: a
		// caller that makes them in a loop, a closure or per request, or values that end
		// (Drop, a stop method) while their task runs on. Below, as for any other spawn.
		// Judged on set Q, 7 of 8 warnings for a constructor with none of that in sight
		// were made once per process by code out of the package's sight (a binary's main).
		ctorNote = fmt.Sprintf("`%s` makes a value at each call, and each call leaves one more task running that outlives the value", ctor)
		// Made again and again by a loop on the way: a closure alone is no evidence (a
		// retry helper's or a framework builder's closure runs until it succeeds, once; set
		// TQ and TT, three warnings on values made once per process).
		if why, ok := repeatedFromBy(c, id, true); ok {
			f.Notes = append(f.Notes, ctorNote, "it may be made many times: "+why)
			return
		}
	}
	warn := func(note string) {
		if ctorNote != "" {
			f.Notes = append(f.Notes, ctorNote)
		}
		f.Notes = append(f.Notes, note)
	}
	if s.Handler != "" {
		warn(fmt.Sprintf("it runs per request: the fn that spawns it handles requests of `%s` (it takes a `Request`), which its framework calls once per request, and each call leaves one more task running", s.Handler))
		return
	}
	if s.Signal != "" {
		warn(fmt.Sprintf("the task is handed `%s`, which reads as a stop signal, and its loop still never ends: what it was meant to stop with does not stop it", s.Signal))
		return
	}
	if s.Keyed != "" {
		warn(fmt.Sprintf("the value the task works on is also kept in `%s`, one element per call: one task per element, and taking the element out does not stop its task", s.Keyed))
		return
	}
	if s.Impl != "" {
		if len(dtDropsOf(c, s.Impl, s.Path)) > 0 {
			warn(fmt.Sprintf("`%s` has an `impl Drop`: its values end, and this task, which nothing stops, outlives them", s.Impl))
			return
		}
		var stops []string
		for _, m := range dtStopsOf(c, s.Impl, s.Path) {
			if dtEndsValue[m.Name] {
				stops = append(stops, m.Name)
			}
		}
		if len(stops) > 0 {
			slices.Sort(stops)
			warn(fmt.Sprintf("`%s` has `%s`: its values can be stopped, and this task, which nothing stops, runs on after that", s.Impl, stops[0]))
			return
		}
	}
	if s.Latch != "" {
		f.Level = LevelNote
		f.Notes = append(f.Notes, fmt.Sprintf("note here, not warning: the spawn runs only while `%s` is unset, and sets it: however often the code around it runs, it starts one task (per value that holds the flag), and the type has no `impl Drop` or stop method that this task would outlive. A task started once on purpose (a hotkey or event loop, a background poller) runs as long as the process", s.Latch))
		return
	}
	if s.FnID != "" {
		// (The start-up graph is this rule's own; blocking_in_async's, which knows request
		// handlers, is there only when that rule runs.)
		if why, ok := repeatedFromBy(c, s.FnID, ctorNote != ""); ok {
			warn("it may be spawned many times: " + why)
			return
		}
	}
	f.Level = LevelNote
	if ctorNote != "" {
		f.Notes = append(f.Notes, "note here, not warning: "+strings.Replace(ctorNote, ", and each call leaves", ", and each call would leave", 1)+", but nothing in sight makes many of them or ends them: no caller in this package makes the value in a loop, a closure, a request handler or a task per connection, and the type has no `impl Drop` or stop method. A value made once, by code this package does not see (a binary's `main`), keeps one task for the life of the process (`forever-anywhere = true` in [rules.detached_task] keeps such tasks at warning)")
		return
	}
	once, where := "more than once", "the spawn is in no loop over items"
	if s.PerItem != "" {
		once, where = "more than once per element", fmt.Sprintf("the spawn runs once per element of `%s`, which are all there when its loop starts", s.PerItem)
	}
	f.Notes = append(f.Notes, "note here, not warning: nothing in sight spawns this task "+once+" or ends what spawns it: "+where+", no code of this package that leads to it runs it in a loop, a closure, a request handler or a task per connection, and the type that spawns it has no `impl Drop` or stop method. A task meant to live as long as the process is detached on purpose; it leaks where the code that spawns it runs again (`forever-anywhere = true` in [rules.detached_task] keeps such tasks at warning)")
}

// dtSettleStartup lowers a warning to a note when the fn with ID id, which spawns the task,
// runs only at start-up; perItem names the collection of a `for` loop around the spawn.
func dtSettleStartup(c *Crate, f *finding.Finding, id, perItem string) {
	if f.Level != LevelWarning {
		return
	}
	if why, ok := startupOnly(c, id, 0, false); ok {
		f.Level = LevelNote
		f.Notes = append(f.Notes, suStartupNote(perItem)+why)
	}
}

// dtSpinDiagnostic reports a spawned forever loop that spins.
func dtSpinDiagnostic(callee parser.NodeID, label, discarded string, sp dtSpin, loop parser.NodeID, rel []RelatedNode) Diagnostic {
	what := "returns `None` (or an error) immediately after every sender is dropped, and the loop goes round again"
	switch sp.How {
	case dtSpinsWhenEnded:
		what = "returns `None` immediately after the stream has ended, and the loop goes round again"
	case dtSpinsAlways:
		what = "returns immediately when nothing is queued, and the loop goes round again"
	}
	return Diagnostic{
		Node:    callee,
		Message: fmt.Sprintf("task spawned with `%s` %s: %s; %s, so nothing can stop it", label, sp.phrase(), sp.explain(), discarded),
		Help:    sp.help(),
		Related: append(rel,
			RelatedNode{Node: sp.Recv, Message: fmt.Sprintf("`%s` %s", sp.Text, what)},
			RelatedNode{Node: loop, Message: "this loop has no `break`, `return` or `?` that leaves it, and nothing else in it waits"}),
	}
}

// ---- detached on purpose ----

const (
	dtNoteMain     = "this spawn is in `main`: the task ends when the runtime shuts down, which may be what was meant"
	dtNoteOnce     = "this spawn runs once, in the initialiser of a static (`OnceLock`, `Lazy`, `Once`) or after a static guard that returns on every later call: a task that runs for as long as the process is what was meant"
	dtNoteComment  = "the comment here says the task runs for as long as the process: detaching it is deliberate"
	dtNoteSignal   = "every turn of the loop starts by waiting for a process signal (Ctrl-C, SIGTERM): the task sleeps until one arrives, and a signal handler is meant to live as long as the process (if this code runs more than once, each run adds one more handler)"
	dtNoteSupervis = "the task supervises other tasks (it spawns and awaits them in its loop): a supervisor is meant to run for as long as the process"
	dtNoteGlobal   = "the task captures nothing from the code that spawns it and works on statics, so it serves the whole process rather than one object: detaching it looks deliberate (it does start again each time this code runs)"
)

// dtNoteInfinite is the note for a loop in a fn (%s) that allows Clippy's `infinite_loop`.
const dtNoteInfinite = "`%s` allows Clippy's `infinite_loop` lint (`#[allow(clippy::infinite_loop)]` or `#[expect(..)]`): its loop is declared endless on purpose, and the task meant to live as long as the process"

// dtAllowsInfiniteLoop reports whether fn carries `#[allow(clippy::infinite_loop)]` or
// `#[expect(clippy::infinite_loop)]`: a decision already made that its loop never ends
// (Clippy's lint reports a loop that never exits in a fn not declared `-> !`).
func dtAllowsInfiniteLoop(t *parser.Tree, fn parser.NodeID) bool {
	if fn < 0 {
		return false
	}
	for _, a := range Attributes(t, fn) {
		if slices.Contains(clippyAllowed(t, t.FirstChildOfKind(a, kAttribute)), "infinite_loop") {
			return true
		}
	}
	return false
}

// dtDeliberate tells why a detached task that can run forever looks detached on purpose, as
// a note ("" when nothing says so): it is spawned once, from a static's initialiser; a
// comment at the spawn (or the doc comment of the fn around it) says it lives as long as
// the process; its loop supervises other tasks; or it captures nothing, so that no object's
// lifetime is tied to it.
func dtDeliberate(p *Pass, call, fut, loop parser.NodeID) string {
	t := p.Tree
	switch {
	case dtInOnceInit(t, call):
		return dtNoteOnce
	case dtLifelongComment(t, dtCommentsAt(t, call, fut)):
		return dtNoteComment
	case loop >= 0 && dtSupervises(t, loop):
		return dtNoteSupervis
	case loop >= 0 && dtSignalHandler(t, loop):
		return dtNoteSignal
	case loop >= 0 && dtAllowsInfiniteLoop(t, t.AncestorOfKind(loop, parser.KFunctionItem)):
		return fmt.Sprintf(dtNoteInfinite, t.Text(t.Field(t.AncestorOfKind(loop, parser.KFunctionItem), parser.FName)))
	case dtCapturesNothing(t, fut):
		return dtNoteGlobal
	}
	return ""
}

// dtSignalHandler reports whether every turn of loop starts by waiting for a process signal:
// a `loop` whose first statement awaits `tokio::signal::ctrl_c()` or `recv()` on a Tokio
// signal stream, or is a `select!` each of whose branches does, or a `while` whose condition
// awaits one.
func dtSignalHandler(t *parser.Tree, loop parser.NodeID) bool {
	first := parser.None
	switch t.Kind(loop) {
	case parser.KWhileExpression:
		first = t.Field(loop, parser.FCondition)
	case parser.KLoopExpression:
		for _, c := range t.NamedChildren(t.Field(loop, parser.FBody)) {
			if !t.IsComment(c) {
				first = c
				break
			}
		}
	}
	if first < 0 {
		return false
	}
	if m := first; t.Is(m, parser.KExpressionStatement) || MacroIs(t, m, "select", "select_biased") {
		if t.Is(m, parser.KExpressionStatement) {
			m = t.NamedChild(m, 0)
		}
		if MacroIs(t, m, "select", "select_biased") {
			// `loop { select! { Some(()) = sigint.recv() => .., Some(()) = sigterm.recv() =>
			// .. } }`: every branch waits for a signal
			n := 0
			for _, b := range SelectBranches(t, m) {
				if f := SelectBranchFuture(t, b); f >= 0 {
					if !dtSignalWait(t, StripFuture(t, false, f)) {
						return false
					}
					n++
				}
			}
			return n > 0
		}
	}
	found := false
	WalkBody(t, first, func(d parser.NodeID) bool {
		if found || d != first && IsBodyBoundary(t, d) {
			return false
		}
		if t.Is(d, parser.KAwaitExpression) {
			found = dtSignalWait(t, t.Unparen(t.NamedChild(d, 0)))
		}
		return !found
	})
	return found
}

// dtSignalWait reports whether call waits for a process signal: `tokio::signal::ctrl_c()`
// or `recv()` on a Tokio signal stream, which never close.
func dtSignalWait(t *parser.Tree, call parser.NodeID) bool {
	if !t.Is(call, parser.KCallExpression) {
		return false
	}
	if MethodName(t, call) == "recv" {
		return dtNeverCloses(t, Receiver(t, call))
	}
	return dtNeverCloses(t, call)
}

// dtInOnceInit reports whether a spawn runs inside the initialiser of a static: a closure
// given to `get_or_init` (OnceLock, OnceCell), `call_once` (Once), `Lazy::new` or
// `LazyLock::new`, or the body of `lazy_static!`.
func dtInOnceInit(t *parser.Tree, call parser.NodeID) bool {
	return dtInOnceClosure(t, call) || dtOnceGuarded(t, call) || dtStaticInitFn(t, call)
}

// dtInOnceClosure is dtInOnceInit for a spawn written inside the initialiser itself.
func dtInOnceClosure(t *parser.Tree, call parser.NodeID) bool {
	in := false
	t.Ancestors(call, func(a parser.NodeID) bool {
		switch {
		case t.Is(a, parser.KFunctionItem):
			return false
		case t.Is(a, parser.KMacroInvocation) && MacroIs(t, a, "lazy_static"):
			in = true
		case t.Is(a, parser.KClosureExpression) && t.Is(t.Parent(a), parser.KArguments):
			c := t.Parent(t.Parent(a))
			switch MethodName(t, c) {
			case "get_or_init", "get_or_try_init", "call_once", "call_once_force":
				// a OnceLock field of an object (`self.task.get_or_init(..)`) runs once per object
				in = !t.Is(t.Unparen(Receiver(t, c)), parser.KFieldExpression)
			}
			switch LastSegment(strings.TrimSuffix(CalleePath(t, c), "::new")) {
			case "Lazy", "LazyLock", "LazyCell":
				in = strings.HasSuffix(CalleePath(t, c), "::new")
			}
		}
		return !in
	})
	return in
}

// dtOnceGuarded reports whether the fn around a spawn returns, before the spawn, unless it is
// the first call in the process: a statement `if STARTED.set(()).is_err() { return; }` (or
// `swap(true, ..)`, `compare_exchange(..)`, `fetch_or`, `is_some`/`get` checks of a static
// OnceLock) on a static, which is named in upper case, whose branch leaves the fn.
func dtOnceGuarded(t *parser.Tree, call parser.NodeID) bool {
	fn := t.AncestorOfKind(call, parser.KFunctionItem)
	body := t.Field(fn, parser.FBody)
	if fn < 0 || body < 0 {
		return false
	}
	start := t.Nodes[call].Start
	for _, st := range t.NamedChildren(body) {
		if t.Nodes[st].Start >= start {
			break
		}
		e := st
		if t.Is(e, parser.KExpressionStatement) {
			e = t.NamedChild(e, 0)
		}
		if !t.Is(e, parser.KIfExpression) || !cfg.LeavesBody(t, t.Field(e, parser.FConsequence)) {
			continue
		}
		guard := false
		WalkBody(t, t.Field(e, parser.FCondition), func(d parser.NodeID) bool {
			if guard {
				return false
			}
			if t.Is(d, parser.KCallExpression) {
				switch MethodName(t, d) {
				case "set", "swap", "compare_exchange", "compare_exchange_weak", "fetch_or", "get", "is_completed":
					r := t.Unparen(Receiver(t, d))
					guard = t.Is(r, parser.KIdentifier) && dtStaticName(t.Text(r))
				}
			}
			return !guard
		})
		if guard {
			return true
		}
	}
	return false
}

// dtStaticName reports whether a name is written like a static's (`STARTED`, `SWEEPER_ONCE`).
func dtStaticName(s string) bool {
	return s != "" && strings.ToUpper(s) == s && strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
}

// dtStaticInitFn reports whether the fn around a spawn is the initialiser of a static of the
// same file, named by path: `static RUNTIME: LazyLock<Runtime> = LazyLock::new(init_runtime);`
// or `CELL.get_or_init(init_runtime)`. It runs once, and the task lives with what it builds.
func dtStaticInitFn(t *parser.Tree, call parser.NodeID) bool {
	fn := t.AncestorOfKind(call, parser.KFunctionItem)
	name := t.Field(fn, parser.FName)
	if fn < 0 || name < 0 || t.AncestorOfKind(fn, parser.KImplItem) >= 0 {
		return false
	}
	want := t.Text(name)
	found := false
	t.Walk(t.Root(), func(n parser.NodeID) bool {
		if found {
			return false
		}
		if !t.Is(n, parser.KCallExpression) {
			return true
		}
		init := MethodName(t, n) == "get_or_init" || MethodName(t, n) == "call_once"
		if !init {
			switch LastSegment(strings.TrimSuffix(CalleePath(t, n), "::new")) {
			case "Lazy", "LazyLock", "LazyCell":
				init = strings.HasSuffix(CalleePath(t, n), "::new")
			}
		}
		if init {
			if args := t.Field(n, parser.FArguments); args >= 0 {
				for _, a := range t.NamedChildren(args) {
					if t.Is(a, parser.KIdentifier) && t.Text(a) == want {
						found = true
					}
				}
			}
		}
		return true
	})
	return found
}

// dtCommentsAt gathers the comments that speak about a spawn: those right above its
// statement and at the end of its line, the first ones inside a spawned async block, and
// the doc comment of the fn it is in.
func dtCommentsAt(t *parser.Tree, call, fut parser.NodeID) []string {
	stmt := call
	for p := t.Parent(stmt); p >= 0 && !t.Is(p, parser.KBlock) && !t.Is(p, parser.KSourceFile) && !IsBodyBoundary(t, p); p = t.Parent(p) {
		stmt = p
	}
	out := dtCommentsAbove(t, stmt)
	row := int(t.Nodes[call].StartRow)
	if _, c, ok := strings.Cut(string(t.Line(row)), "//"); ok {
		out = append(out, c)
	}
	if f := dtUnwrapFuture(t, fut); t.Is(f, parser.KAsyncBlock) {
		for r := int(t.Nodes[f].StartRow) + 1; r < int(t.Nodes[f].EndRow); r++ {
			l := strings.TrimSpace(string(t.Line(r)))
			if !strings.HasPrefix(l, "//") {
				break
			}
			out = append(out, l)
		}
	}
	fn := t.AncestorOfKind(call, parser.KFunctionItem)
	if fn >= 0 {
		out = append(out, dtCommentsAbove(t, fn)...)
	}
	return out
}

// dtCommentsAbove returns the comment lines right above n (over attributes).
func dtCommentsAbove(t *parser.Tree, n parser.NodeID) []string {
	var out []string
	for r := int(t.Nodes[n].StartRow) - 1; r >= 0; r-- {
		l := strings.TrimSpace(string(t.Line(r)))
		switch {
		case strings.HasPrefix(l, "//"), strings.HasPrefix(l, "*"), strings.HasPrefix(l, "/*"):
			out = append(out, l)
		case strings.HasPrefix(l, "#[") || strings.HasPrefix(l, "#!["):
		default:
			return out
		}
	}
	return out
}

// dtLifelong matches what a comment says of a task meant to run for as long as the program.
var dtLifelong = regexp.MustCompile(`(?i)\b(life ?time|life|duration|whole|entire|rest) of the (process|program|application|app|server|service|daemon|binary|node)\b` +
	`|\b(process|program|application|app|server|daemon)(['’]s)?[- ](life ?time|long|wide)\b` +
	`|\bas long as the (process|program|application|app|server|service|runtime|daemon|node)\b` +
	`|\buntil the (process|program|application|app|server|service|runtime|daemon) (exits|ends|stops|terminates|dies|shuts down|is shut down)\b` +
	`|\b(never|not) (meant|supposed|expected|intended|designed) to (stop|end|exit|terminate|finish|return|complete)\b` +
	`|\b(runs?|running|lives?|living) forever\b` +
	`|\b(deliberately|intentionally|purposely|on purpose)\b.*\bdetach|\bdetach\w*\b.*\b(deliberately|intentionally|purposely|on purpose)\b` +
	`|\bfire[- ]and[- ]forget\b`)

func dtLifelongComment(t *parser.Tree, comments []string) bool {
	for _, c := range comments {
		if dtLifelong.MatchString(c) {
			return true
		}
	}
	return false
}

// dtSupervises reports whether a loop supervises tasks: it spawns one and awaits its
// `JoinHandle` (`tokio::spawn(..).await`, `h.await`, `&mut h` in a select!), or awaits
// `join_next()` of a `JoinSet`, so that it notices when they end and can restart them.
func dtSupervises(t *parser.Tree, loop parser.NodeID) bool {
	if !TextMentions(t, loop, "spawn") {
		return false
	}
	handles := map[string]bool{}
	found := false
	WalkBody(t, loop, func(d parser.NodeID) bool {
		if found || d != loop && IsBodyBoundary(t, d) {
			return false
		}
		if !t.Is(d, parser.KCallExpression) {
			return true
		}
		if MethodName(t, d) == "join_next" {
			found = true
			return false
		}
		if _, fut := dtSpawnCall(t, d); fut < 0 {
			return true
		}
		_, par := ParenParent(t, d)
		switch {
		case t.Is(par, parser.KAwaitExpression):
			found = true
		case t.Is(par, parser.KLetDeclaration) && t.Is(t.Field(par, parser.FPattern), parser.KIdentifier):
			handles[t.Text(t.Field(par, parser.FPattern))] = true
		}
		return true
	})
	if found || len(handles) == 0 {
		return found
	}
	WalkBody(t, loop, func(d parser.NodeID) bool {
		if found || d != loop && IsBodyBoundary(t, d) {
			return false
		}
		if t.Is(d, parser.KIdentifier) && handles[t.Text(d)] {
			par := t.Parent(d)
			if t.Is(par, parser.KReferenceExpression) {
				par = t.Parent(par)
			}
			found = t.Is(par, parser.KAwaitExpression) || t.Is(par, parser.KSelectBranch)
		}
		return !found
	})
	return found
}

// dtCapturesNothing reports whether a spawned future uses nothing bound in the fn that
// spawns it (no local, parameter or `self`) and works on process-wide state instead (a
// static): an async block such as `loop { tick().await; log(ACTIVE.load(..)) }`.
func dtCapturesNothing(t *parser.Tree, fut parser.NodeID) bool {
	fut = dtUnwrapFuture(t, fut)
	if t.Is(fut, parser.KIdentifier) {
		b := dtFindBinding(t, t.Text(fut), fut)
		if !t.Is(b, parser.KLetDeclaration) {
			return false
		}
		fut = dtUnwrapFuture(t, t.Field(b, parser.FValue))
	}
	if !t.Is(fut, parser.KAsyncBlock) {
		return false // a call's body is elsewhere
	}
	bound := dtScopeNames(t, fut)
	captures, global := false, false
	t.Walk(fut, func(d parser.NodeID) bool {
		if captures {
			return false
		}
		switch t.Kind(d) {
		case parser.KSelf:
			captures = true
		case parser.KIdentifier:
			par := t.Parent(d)
			if t.Is(par, parser.KMacroInvocation) && t.Field(par, parser.FMacro) == d {
				return true
			}
			if !global && dtIsStaticUse(t, d) {
				global = true
			}
			if t.Is(par, parser.KScopedIdentifier) {
				return true
			}
			captures = bound[t.Text(d)]
		case parser.KStringLiteral:
			// `info!("{count}")` captures `count`
			for _, m := range dtFormatArg.FindAllStringSubmatch(t.Text(d), -1) {
				captures = captures || bound[m[1]]
			}
		}
		return !captures
	})
	return !captures && global
}

// dtIsStaticUse reports whether identifier id names process-wide state: a `static` of the
// file, or an upper-case name whose method is called (`NUM_WORKERS.load(..)`,
// `metrics::REGISTRY.gather()`).
func dtIsStaticUse(t *parser.Tree, id parser.NodeID) bool {
	name := t.Text(id)
	if name == "" || strings.ToUpper(name) != name || strings.ToLower(name) == name {
		return false
	}
	e := id
	if par := t.Parent(id); t.Is(par, parser.KScopedIdentifier) {
		if t.Field(par, parser.FName) != id {
			return false
		}
		e = par
	}
	if par := t.Parent(e); t.Is(par, parser.KFieldExpression) && t.Field(par, parser.FValue) == e && t.Is(t.Parent(par), parser.KCallExpression) {
		return true
	}
	return DeclaresItem(t, parser.KStaticItem, name)
}

var dtFormatArg = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)[}:]`)

// dtScopeNames collects the names that patterns bind where n sits, in the fn around it:
// earlier lets of enclosing blocks, parameters of the fn and of enclosing closures, and
// the patterns of enclosing for loops, match arms and `if let` / `while let` conditions.
func dtScopeNames(t *parser.Tree, n parser.NodeID) map[string]bool {
	out := map[string]bool{}
	addPat := func(p parser.NodeID) {
		t.Walk(p, func(d parser.NodeID) bool {
			switch t.Kind(d) {
			case parser.KIdentifier:
				out[t.Text(d)] = true
			case parser.KSelf, parser.KSelfParameter:
				out["self"] = true
			}
			return true
		})
	}
	addParams := func(ps parser.NodeID) {
		for _, c := range t.NamedChildren(ps) {
			if t.Is(c, parser.KParameter) {
				addPat(t.Field(c, parser.FPattern))
			} else {
				addPat(c)
			}
		}
	}
	start := t.Nodes[n].Start
	t.Ancestors(n, func(a parser.NodeID) bool {
		switch t.Kind(a) {
		case parser.KBlock, parser.KMacroBody:
			t.Children(a, func(c parser.NodeID) bool {
				if t.Nodes[c].End > start {
					return false
				}
				if t.Is(c, parser.KLetDeclaration) {
					addPat(t.Field(c, parser.FPattern))
				}
				return true
			})
		case parser.KFunctionItem:
			addParams(t.Field(a, parser.FParameters))
			return false
		case parser.KClosureExpression:
			addParams(t.Field(a, parser.FParameters))
		case parser.KForExpression, parser.KMatchArm:
			addPat(t.Field(a, parser.FPattern))
		case parser.KIfExpression, parser.KWhileExpression:
			t.Walk(t.Field(a, parser.FCondition), func(d parser.NodeID) bool {
				if t.Is(d, parser.KLetCondition) {
					addPat(t.Field(d, parser.FPattern))
				}
				return true
			})
		}
		return true
	})
	return out
}

// dtInMain reports whether n sits in the crate's `fn main`.
func dtInMain(t *parser.Tree, n parser.NodeID) bool {
	in := false
	t.Ancestors(n, func(a parser.NodeID) bool {
		if t.Is(a, parser.KFunctionItem) {
			in = t.TextIs(t.Field(a, parser.FName), "main") && t.Is(t.Parent(a), parser.KSourceFile)
			return false
		}
		return true
	})
	return in
}

// dtOnLocalRuntime reports whether spawn call n is `rt.spawn(..)` on a runtime that the fn
// around it builds (`let rt = Builder::new_multi_thread()..build()?`, `Runtime::new()`) and
// only calls methods on (`rt.block_on(..)`, `rt.spawn(..)`): it is dropped when the fn
// returns, and dropping a runtime cancels its tasks, so the task cannot outlive the fn. A
// runtime returned, stored, leaked or handed to a call may live on.
func dtOnLocalRuntime(t *parser.Tree, n parser.NodeID) bool {
	recv := t.Unparen(Receiver(t, n))
	if !t.Is(recv, parser.KIdentifier) {
		return false
	}
	name := t.Text(recv)
	_, let := ResolveBinding(t, recv)
	if let < 0 || !t.Is(t.Field(let, parser.FPattern), parser.KIdentifier) {
		return false
	}
	v := t.Unparen(t.Field(let, parser.FValue))
	for i := 0; i < 3; i++ { // through `?`, `.unwrap()`, `.expect(..)`
		var ok bool
		if v, ok = StripOne(t, v, "unwrap", "expect"); !ok {
			break
		}
	}
	if !t.Is(v, parser.KCallExpression) {
		return false
	}
	built := MethodName(t, v) == "build" && strings.Contains(t.Text(v), "Builder::new_") ||
		strings.HasSuffix(CalleePath(t, v), "Runtime::new")
	if !built {
		return false
	}
	fn := EnclosingBody(t, let)
	if fn < 0 {
		return false
	}
	only := true
	t.Walk(fn, func(d parser.NodeID) bool { // closures included: a `move` may take it away
		if !only {
			return false
		}
		if t.Is(d, parser.KIdentifier) && t.TextIs(d, name) && !t.IsAncestor(let, d) {
			// every later use is the receiver of a method call: `rt.block_on(..)`
			fe := t.Parent(d)
			if !t.Is(fe, parser.KFieldExpression) || t.Field(fe, parser.FValue) != d || !t.Is(t.Parent(fe), parser.KCallExpression) {
				only = false
			}
		}
		return true
	})
	return only
}

// dtForeverKey reports whether every async fn recorded under key can run forever, and
// returns the fact that holds the loop.
func dtForeverKey(c *Crate, key string, seen map[string]bool, depth int) (dtFnFact, bool) {
	base, mod, hinted := strings.Cut(key, "@")
	facts := Facts(c, dtFacts.For(base))
	if hinted {
		// `scheduler::run()`: only the `run` of module scheduler; none there means another
		// package's fn or a re-export, which the name alone must not stand for.
		facts = slices.DeleteFunc(slices.Clone(facts), func(f dtFnFact) bool { return f.Module != mod })
	}
	if len(facts) == 0 || seen[key] || depth > 8 {
		return dtFnFact{}, false
	}
	seen[key] = true
	var witness dtFnFact
	for _, f := range facts {
		if f.Forever {
			if witness.Path == "" {
				witness = f
			}
			continue
		}
		found := false
		for _, d := range dtWithRecv(f.Delegates, dtRecvKeys(c, f.Path, f.Recv)) {
			if w, ok := dtForeverKey(c, d, seen, depth+1); ok {
				if witness.Path == "" {
					witness = w
				}
				found = true
				break
			}
		}
		if !found {
			return dtFnFact{}, false
		}
	}
	return witness, true
}

// dtRecordAsyncFn records whether an async fn can run forever, under its key.
func dtRecordAsyncFn(p *Pass, fn parser.NodeID) {
	t := p.Tree
	if !IsAsyncFn(t, fn) || InTestCode(t, fn, p.Info) {
		return // a test helper must not speak for a production fn of the same name
	}
	body := t.Field(fn, parser.FBody)
	name := t.Field(fn, parser.FName)
	if body < 0 || name < 0 {
		return
	}
	key := dtFnKey(t, fn)
	if key == "" {
		return
	}
	impl := implTypeAround(t, fn)
	loop := dtForeverLoop(t, body)
	f := dtFnFact{Name: strings.TrimPrefix(strings.TrimPrefix(key, "fn:"), "method:"), Forever: loop >= 0, Path: p.Info.Path}
	if strings.HasPrefix(key, "fn:") {
		f.Module = biModuleOf(p, fn)
	}
	if loop >= 0 {
		f.Line = int(t.Nodes[loop].StartRow) + 1
		f.AcceptOnly = dtOnlyAcceptErrorExits(t, loop)
		if sp, ok := dtLoopSpin(t, loop); ok {
			f.Spin, f.SpinHow = sp.Text, sp.How
		}
		switch {
		case dtLifelongComment(t, dtCommentsAbove(t, fn)):
			f.Deliberate = "the doc comment of `%s` says it runs for as long as the process: detaching it is deliberate"
		case dtSupervises(t, loop):
			f.Deliberate = "`%s` supervises other tasks (it spawns and awaits them in its loop): a supervisor is meant to run for as long as the process"
		case dtAllowsInfiniteLoop(t, fn):
			f.Deliberate = dtNoteInfinite
		}
	} else {
		f.Delegates = dtQualify(p, fn, dtDelegates(t, body, impl))
		f.Recv = dtRecvBody(p, body, impl)
	}
	Record(p, dtFacts.For(key), f)
}

// dtFnKey names a fn as facts are keyed: "fn:run", "method:Worker::run" ("" for a trait's
// default method, whose implementing type is unknown).
func dtFnKey(t *parser.Tree, fn parser.NodeID) string {
	name := t.Field(fn, parser.FName)
	if name < 0 {
		return ""
	}
	owner := ownerItem(t, fn)
	switch {
	case t.Is(owner, parser.KImplItem):
		typ := typeName(t, t.Field(owner, parser.FType))
		if typ == "" {
			return ""
		}
		return "method:" + typ + "::" + t.Text(name)
	case t.Is(owner, parser.KTraitItem):
		return ""
	}
	return "fn:" + t.Text(name)
}

// ---- spawn calls ----

// dtSpawnCall recognises the calls that spawn a detachable tokio task and returns how the
// call is written and the future it spawns (None when call is no such spawn).
func dtSpawnCall(t *parser.Tree, call parser.NodeID) (string, parser.NodeID) {
	fn := Callee(t, call)
	switch t.Kind(fn) {
	case parser.KIdentifier, parser.KScopedIdentifier:
		name := fn
		if t.Is(fn, parser.KScopedIdentifier) {
			name = t.Field(fn, parser.FName)
		}
		if !t.TextIs(name, "spawn") && !t.TextIs(name, "spawn_local") {
			// a renamed import: `use tokio::spawn as go;`
			if !t.Is(fn, parser.KIdentifier) || t.Imports == nil {
				return "", parser.None
			}
			full, ok := t.Imports.Names[string(t.Bytes(fn))]
			if !ok || !strings.HasSuffix(full, "spawn") && !strings.HasSuffix(full, "spawn_local") {
				return "", parser.None
			}
		}
		path := CalleePath(t, call)
		args := Args(t, call)
		if !dtPathIsCertain(t, fn, path) {
			return "", parser.None
		}
		switch {
		case PathIs(path, dtSpawnFns...): // knowledge.Spawns
		case (path == "spawn" || path == "spawn_local") && t.Imports != nil && (t.Imports.GlobFrom("tokio") || t.Imports.GlobFrom("tokio::task")):
		case PathIs(path, dtSpawnMethods...) && len(args) == 2:
			return dtLabel(t, fn), args[1]
		default:
			return "", parser.None
		}
		if len(args) != 1 {
			return "", parser.None
		}
		return dtLabel(t, fn), args[0]
	case parser.KFieldExpression:
		if !t.TextIs(t.Field(fn, parser.FField), "spawn") {
			return "", parser.None
		}
		args := Args(t, call)
		if len(args) != 1 || !dtIsRuntimeExpr(t, t.Field(fn, parser.FValue), 0) {
			return "", parser.None
		}
		return dtLabel(t, fn), args[0]
	}
	return "", parser.None
}

// dtPathIsCertain rejects a path such as `task::spawn` whose first segment came from no
// import while a glob import (`use tokio_test::*;`, `use super::*;`) may have supplied it.
func dtPathIsCertain(t *parser.Tree, fn parser.NodeID, path string) bool {
	if strings.HasPrefix(path, "tokio::") || t.Imports == nil {
		return true
	}
	written := t.Text(fn)
	first, _, _ := strings.Cut(written, "::")
	if _, ok := t.Imports.Names[first]; ok {
		return true
	}
	for _, g := range t.Imports.Globs {
		if g != "tokio" && !strings.HasPrefix(g, "tokio::") {
			return false
		}
	}
	return true
}

// dtLabel is how a spawn is named in messages: its callee as written when short.
func dtLabel(t *parser.Tree, fn parser.NodeID) string {
	s := t.Text(fn)
	if len(s) > 48 || strings.ContainsAny(s, "\n\r") {
		if t.Is(fn, parser.KFieldExpression) {
			return "Handle::spawn"
		}
		return "spawn"
	}
	return s
}

// dtIsRuntimeExpr reports whether e is recognisably a tokio runtime Handle or Runtime.
// Anything it cannot see through is not one: `.spawn(..)` has many owners (JoinSet,
// thread::Builder, tokio::task::Builder, executors of other crates).
func dtIsRuntimeExpr(t *parser.Tree, e parser.NodeID, depth int) bool {
	if depth > 4 {
		return false
	}
	e = t.Unparen(e)
	switch t.Kind(e) {
	case parser.KTryExpression:
		return dtIsRuntimeExpr(t, t.NamedChild(e, 0), depth+1)
	case parser.KReferenceExpression:
		return dtIsRuntimeExpr(t, t.Field(e, parser.FValue), depth+1)
	case parser.KCallExpression:
		if path := CalleePath(t, e); path != "" {
			if PathIs(path, "tokio::runtime::Handle::current", "tokio::runtime::Handle::try_current", "tokio::runtime::Runtime::new") {
				return true
			}
			if PathIs(path, "std::sync::Arc::new", "std::rc::Rc::new") {
				if a := Args(t, e); len(a) == 1 {
					return dtIsRuntimeExpr(t, a[0], depth+1)
				}
			}
			return false
		}
		switch MethodName(t, e) {
		case "unwrap", "expect", "clone", "as_ref", "handle":
			return dtIsRuntimeExpr(t, Receiver(t, e), depth+1)
		case "build":
			// tokio::runtime::Builder::new_multi_thread().enable_all().build()
			r := Receiver(t, e)
			for i := 0; i < 16 && t.Is(r, parser.KCallExpression); i++ {
				if path := CalleePath(t, r); path != "" {
					return PathIs(path, "tokio::runtime::Builder::new_multi_thread", "tokio::runtime::Builder::new_current_thread")
				}
				r = Receiver(t, r)
			}
		}
		return false
	case parser.KIdentifier:
		b := dtFindBinding(t, t.Text(e), e)
		if b < 0 {
			return false
		}
		if ty := t.Field(b, parser.FType); ty >= 0 {
			return dtIsRuntimeType(t, ty)
		}
		if v := t.Field(b, parser.FValue); v >= 0 && t.Is(b, parser.KLetDeclaration) {
			return dtIsRuntimeExpr(t, v, depth+1)
		}
		return false
	case parser.KFieldExpression:
		if !t.Is(t.Field(e, parser.FValue), parser.KSelf) {
			return false
		}
		field := t.Field(e, parser.FField)
		if field < 0 {
			return false
		}
		name := t.Text(field)
		found := false
		ok := true
		t.Walk(t.Root(), func(d parser.NodeID) bool {
			if !ok {
				return false
			}
			if t.Is(d, parser.KFieldDeclaration) && t.TextIs(t.Field(d, parser.FName), name) {
				found = true
				ok = dtIsRuntimeType(t, t.Field(d, parser.FType))
			}
			return true
		})
		return found && ok
	}
	return false
}

// dtIsRuntimeType reports whether a type is tokio's runtime Handle or Runtime, possibly
// behind a reference, Arc, Rc, Box or Option.
func dtIsRuntimeType(t *parser.Tree, ty parser.NodeID) bool {
	for i := 0; i < 6 && ty >= 0; i++ {
		switch t.Kind(ty) {
		case parser.KReferenceType:
			ty = t.Field(ty, parser.FType)
			continue
		case parser.KGenericType:
			switch LastSegment(t.Text(t.Field(ty, parser.FType))) {
			case "Arc", "Rc", "Box", "Option":
				args := t.FirstChildOfKind(ty, parser.KTypeArguments)
				if args < 0 {
					return false
				}
				ty = t.NamedChild(args, 0)
				continue
			}
			return false
		case parser.KTypeIdentifier, parser.KScopedTypeIdentifier:
			path := t.Imports.Resolve(t.Text(ty))
			if PathIs(path, "tokio::runtime::Handle", "tokio::runtime::Runtime") {
				return true
			}
			return (path == "Handle" || path == "Runtime") && t.Imports.GlobFrom("tokio::runtime")
		}
		return false
	}
	return false
}

// dtFindBinding finds the let_declaration or parameter that binds name where at sits, in
// the enclosing function (closures and async blocks capture, so they are crossed).
func dtFindBinding(t *parser.Tree, name string, at parser.NodeID) parser.NodeID {
	found := parser.None
	start := t.Nodes[at].Start
	t.Ancestors(at, func(a parser.NodeID) bool {
		switch t.Kind(a) {
		case parser.KBlock, parser.KMacroBody:
			t.Children(a, func(c parser.NodeID) bool {
				if t.Nodes[c].End > start {
					return false
				}
				if t.Is(c, parser.KLetDeclaration) && t.TextIs(t.Field(c, parser.FPattern), name) {
					found = c
				}
				return true
			})
		case parser.KClosureExpression:
			if ps := t.Field(a, parser.FParameters); ps >= 0 {
				for _, c := range t.NamedChildren(ps) {
					if t.TextIs(c, name) || t.Is(c, parser.KParameter) && t.TextIs(t.Field(c, parser.FPattern), name) {
						found = c
					}
				}
			}
		case parser.KFunctionItem:
			if ps := t.Field(a, parser.FParameters); ps >= 0 {
				for _, c := range t.NamedChildren(ps) {
					if t.Is(c, parser.KParameter) && t.TextIs(t.Field(c, parser.FPattern), name) {
						found = c
					}
				}
			}
			return false
		}
		return found < 0
	})
	return found
}

// ---- what happens to the JoinHandle ----

const (
	dtKept          = iota // awaited, aborted, stored, returned, passed on ... or unknown
	dtStatement            // `tokio::spawn(..);`
	dtLetUnderscore        // `let _ = tokio::spawn(..);` or `_ = tokio::spawn(..);`
	dtUnusedBinding        // `let _h = tokio::spawn(..);` and `_h` never used
	dtDropped              // `drop(h)` after the handle was used or held across an `.await`
	dtDroppedAtOnce        // `drop(tokio::spawn(..))`, or `drop(h)` with nothing in between: a detach
)

// dtDiscard says what becomes of the value of a spawn call, and the node that shows it (the
// let, or the drop call).
func dtDiscard(t *parser.Tree, call parser.NodeID) (int, parser.NodeID) {
	cur := call
	for i := 0; i < 8; i++ {
		for t.Is(t.Parent(cur), parser.KParenthesizedExpression) {
			cur = t.Parent(cur)
		}
		p := t.Parent(cur)
		switch t.Kind(p) {
		case parser.KExpressionStatement:
			return dtStatement, cur
		case parser.KAssignmentExpression:
			if t.Field(p, parser.FRight) == cur && t.TextIs(t.Field(p, parser.FLeft), "_") {
				return dtLetUnderscore, p
			}
			return dtKept, parser.None
		case parser.KArguments:
			outer := t.Parent(p)
			if dtIsDropCall(t, outer) {
				return dtDroppedAtOnce, outer
			}
			return dtKept, parser.None
		case parser.KLetDeclaration:
			if t.Field(p, parser.FValue) != cur {
				return dtKept, parser.None
			}
			pat := t.Field(p, parser.FPattern)
			if t.TextIs(pat, "_") {
				return dtLetUnderscore, p
			}
			if !t.Is(pat, parser.KIdentifier) {
				return dtKept, parser.None
			}
			return dtBindingFate(t, p, t.Text(pat))
		case parser.KSelectBranch:
			// `_ = x => tokio::spawn(..),`: the handler's value is the select!'s value
			if t.Field(p, parser.FHandler) != cur {
				return dtKept, parser.None
			}
			m := t.Parent(t.Parent(p))
			if !t.Is(m, parser.KMacroInvocation) {
				return dtKept, parser.None
			}
			cur = m
			if blk := t.Parent(m); t.Is(blk, parser.KBlock) && !dtIsTail(t, blk, m) {
				return dtStatement, m
			}
			continue
		case parser.KBlock:
			// the tail of a block is the block's value; follow it only into select! handlers
			if !dtIsTail(t, p, cur) || !t.Is(t.Parent(p), parser.KSelectBranch) {
				return dtKept, parser.None
			}
			cur = p
			continue
		}
		return dtKept, parser.None
	}
	return dtKept, parser.None
}

// dtIsTail reports whether n is the value of block b: its last statement with no `;` after.
func dtIsTail(t *parser.Tree, b, n parser.NodeID) bool {
	return n >= 0 && cfg.BlockTail(t, b) == n && !t.Is(n, parser.KExpressionStatement)
}

func dtIsDropCall(t *parser.Tree, call parser.NodeID) bool {
	if !t.Is(call, parser.KCallExpression) || len(Args(t, call)) != 1 {
		return false
	}
	path := CalleePath(t, call)
	return path == "drop" || PathIs(path, "std::mem::drop", "core::mem::drop")
}

// dtBindingFate looks at the uses of the handle bound by let: none (discarded), a drop call
// with no `.abort()` or `.abort_handle()` anywhere (dropped; at once when the drop is its
// only use and no `.await` comes between), or anything else (kept). A use that a later
// binding of the same name shadows is not one.
func dtBindingFate(t *parser.Tree, let parser.NodeID, name string) (int, parser.NodeID) {
	blk := t.Parent(let)
	if blk < 0 {
		return dtKept, parser.None
	}
	end := t.Nodes[let].End
	var drops []parser.NodeID
	used, aborted, other := false, false, false
	t.Walk(blk, func(d parser.NodeID) bool {
		if aborted || t.Nodes[d].End <= end {
			return false
		}
		if !t.Is(d, parser.KIdentifier) || !t.TextIs(d, name) {
			return true
		}
		par := t.Parent(d)
		if t.Is(par, parser.KLetDeclaration) && t.Field(par, parser.FPattern) == d {
			return true // a new binding of the same name
		}
		if dtFindBinding(t, name, d) != let {
			return true // refers to another binding
		}
		used = true
		switch {
		case t.Is(par, parser.KArguments) && dtIsDropCall(t, t.Parent(par)):
			drops = append(drops, t.Parent(par))
		case t.Is(par, parser.KFieldExpression) && t.Field(par, parser.FValue) == d:
			f := t.Field(par, parser.FField)
			aborted = t.TextIs(f, "abort") || t.TextIs(f, "abort_handle")
			other = true
		default:
			other = true
		}
		return true
	})
	switch {
	case aborted:
		return dtKept, parser.None
	case len(drops) > 0 && !other && !dtAwaitBetween(t, blk, end, t.Nodes[drops[0]].Start):
		return dtDroppedAtOnce, drops[0]
	case len(drops) > 0:
		return dtDropped, drops[0]
	case !used:
		return dtUnusedBinding, let
	}
	return dtKept, parser.None
}

// dtAwaitBetween reports whether blk holds an `.await` between the byte offsets from and to
// (in its own body: not in a closure, async block or nested fn).
func dtAwaitBetween(t *parser.Tree, blk parser.NodeID, from, to uint32) bool {
	found := false
	WalkBody(t, blk, func(d parser.NodeID) bool {
		if found || t.Nodes[d].End <= from || t.Nodes[d].Start >= to {
			return false
		}
		if d != blk && IsBodyBoundary(t, d) {
			return false
		}
		if t.Is(d, parser.KAwaitExpression) || t.Is(d, parser.KMacroInvocation) && MacroIs(t, d, "select", "join", "try_join") {
			found = true
		}
		return !found
	})
	return found
}

// ---- can the spawned future run forever? ----

// dtJudgeFuture looks at the spawned future: an async block with a forever loop gives the
// loop; calls of async fns (spawned directly or awaited by the block) give their keys, to
// settle against the crate's facts.
func dtJudgeFuture(t *parser.Tree, fut parser.NodeID, impl string, depth int) (parser.NodeID, []string) {
	fut = dtUnwrapFuture(t, fut)
	switch t.Kind(fut) {
	case parser.KAsyncBlock:
		body := t.FirstChildOfKind(fut, parser.KBlock)
		if body < 0 {
			return parser.None, nil
		}
		if loop := dtForeverLoop(t, body); loop >= 0 {
			return loop, nil
		}
		return parser.None, dtDelegates(t, body, impl)
	case parser.KCallExpression:
		if k := dtFutureKey(t, fut, impl); k != "" {
			return parser.None, []string{k}
		}
	case parser.KIdentifier:
		// let fut = async move { .. }; tokio::spawn(fut);
		if depth > 0 {
			return parser.None, nil
		}
		b := dtFindBinding(t, t.Text(fut), fut)
		if t.Is(b, parser.KLetDeclaration) {
			if v := t.Field(b, parser.FValue); v >= 0 {
				return dtJudgeFuture(t, v, impl, depth+1)
			}
		}
	}
	return parser.None, nil
}

// dtQualify fills in the caller's module in the keys of fns called by a bare name ("@.",
// see dtFutureKey), for code at n; in a file with a glob import the name may come from
// elsewhere, so the hint is dropped.
func dtQualify(p *Pass, n parser.NodeID, keys []string) []string {
	for i, k := range keys {
		if base, ok := strings.CutSuffix(k, "@."); ok {
			if len(p.Tree.Imports.Globs) > 0 {
				keys[i] = base
			} else {
				keys[i] = base + "@" + biModuleOf(p, n)
			}
		}
	}
	return keys
}

// dtUnwrapFuture strips adapters that leave a future's lifetime as it was: `.instrument(..)`,
// `Box::pin(..)`, `AssertUnwindSafe(..).catch_unwind()` ..., and a block that ends with the
// future (`spawn({ let pool = pool.clone(); async move { .. } })`).
func dtUnwrapFuture(t *parser.Tree, e parser.NodeID) parser.NodeID {
	for i := 0; i < 8; i++ {
		e = t.Unparen(e)
		if t.Is(e, parser.KBlock) {
			// `spawn({ let pool = pool.clone(); async move { .. } })`: the block's value.
			tail := flowBlockTail(t, e)
			if t.Is(tail, parser.KExpressionStatement) {
				tail = t.NamedChild(tail, 0)
			}
			if tail < 0 {
				return e
			}
			e = tail
			continue
		}
		if !t.Is(e, parser.KCallExpression) {
			return e
		}
		if path := CalleePath(t, e); path != "" {
			args := Args(t, e)
			if len(args) == 1 && (PathIs(path, "std::boxed::Box::pin", "std::boxed::Box::new", "std::panic::AssertUnwindSafe") || path == "AssertUnwindSafe") {
				e = args[0]
				continue
			}
			return e
		}
		switch MethodName(t, e) {
		case "instrument", "in_current_span", "with_current_subscriber", "with_subscriber", "boxed", "boxed_local",
			"catch_unwind", "map", "inspect", "unit_error", "fuse":
			e = Receiver(t, e)
			continue
		}
		return e
	}
	return e
}

// dtFutureKey names the async fn a call runs, as facts are keyed: "fn:run" for `run(..)` or
// `worker::run(..)`, with a hint of the module after "@" ("fn:run@worker"; "@." for the
// caller's own module, which dtQualify fills in), "method:Worker::run" for `Worker::run(..)`, `Self::run(..)` and
// `self.run()` inside `impl Worker`. "" when it cannot tell.
func dtFutureKey(t *parser.Tree, call parser.NodeID, impl string) string {
	if path := CalleePath(t, call); path != "" {
		segs := strings.Split(path, "::")
		last := segs[len(segs)-1]
		if len(segs) == 1 {
			return "fn:" + last + "@." // this module's fn, unless a glob import brought it (dtQualify)
		}
		if dtStdOwner(segs[0]) {
			return ""
		}
		owner := segs[len(segs)-2]
		switch {
		case owner == "self":
			return "fn:" + last + "@."
		case owner == "crate" && len(segs) == 2:
			return "fn:" + last + "@" // the crate root's
		case owner == "crate" || owner == "super":
			return "fn:" + last
		case owner != "" && owner != "Self" && !unicode.IsUpper([]rune(owner)[0]):
			return "fn:" + last + "@" + owner
		}
		if owner == "Self" {
			if impl == "" {
				return ""
			}
			return "method:" + impl + "::" + last
		}
		if r := []rune(owner); len(r) > 0 && unicode.IsUpper(r[0]) {
			return "method:" + owner + "::" + last
		}
		return "fn:" + last
	}
	if typ := dtValueType(t, t.Unparen(Receiver(t, call)), impl); typ != "" {
		return "method:" + typ + "::" + MethodName(t, call)
	}
	return ""
}

// dtStdOwner: a path from these crates names none of the crate's own fns.
func dtStdOwner(first string) bool {
	switch first {
	case "std", "core", "alloc", "tokio", "futures", "async_std", "tokio_util", "tokio_stream", "hyper", "tower", "tonic", "axum":
		return true
	}
	return false
}

// dtValueType names the type of a method receiver when it is plain to see: `self` in an
// impl, or a local bound from a struct literal (`let w = Worker { .. }`), from
// `Worker::new(..)` or `Worker::default()` (through `?`, `unwrap()`, `expect(..)`), from a
// clone of such a value, with a type annotation, or a parameter of a named type. "" otherwise.
func dtValueType(t *parser.Tree, e parser.NodeID, impl string) string {
	switch t.Kind(e) {
	case parser.KSelf:
		return impl
	case parser.KIdentifier:
		b := dtFindBinding(t, t.Text(e), e)
		if b < 0 {
			return ""
		}
		ty := t.Field(b, parser.FType)
		for i := 0; i < 4; i++ {
			switch {
			case t.Is(ty, parser.KReferenceType):
				ty = t.Field(ty, parser.FType)
				continue
			case t.Is(ty, parser.KGenericType) && slices.Contains([]string{"Arc", "Rc", "Box"}, typeName(t, ty)):
				// `Arc<Worker>`: its methods are Worker's (auto-deref)
				ty = FirstTypeArg(t, ty)
				continue
			}
			break
		}
		switch t.Kind(ty) {
		case parser.KTypeIdentifier, parser.KScopedTypeIdentifier, parser.KGenericType:
			if name := typeName(t, ty); name != "Self" {
				return name
			}
			return impl
		}
		if ty >= 0 || !t.Is(b, parser.KLetDeclaration) {
			return ""
		}
		v := t.Unparen(t.Field(b, parser.FValue))
		for i, ok := 0, true; i < 3 && ok; i++ {
			v, ok = StripOne(t, v, "unwrap", "expect")
		}
		if t.Is(v, parser.KCallExpression) {
			// A clone keeps its receiver's type; `Type::new(..)` and `Type::default()`
			// make a Type, by Rust's convention.
			if MethodName(t, v) == "clone" && t.Is(t.Field(v, parser.FFunction), parser.KFieldExpression) {
				return dtValueType(t, t.Unparen(Receiver(t, v)), impl)
			}
			segs := strings.Split(CalleePath(t, v), "::")
			if n := len(segs); n >= 2 && (segs[n-1] == "new" || segs[n-1] == "default") {
				switch owner := segs[n-2]; {
				case owner == "Self":
					return impl
				case owner != "" && unicode.IsUpper([]rune(owner)[0]) && !dtStdOwner(segs[0]):
					return owner
				}
			}
			return ""
		}
		return dtStructName(t, v, impl)
	}
	return ""
}

// dtDelegates returns the keys of the async fns a body awaits where their end is the body's
// end: `run(rx).await` as a statement, a let value, a tail, inside if/match/loop bodies —
// not as one future of a select! or join!, nor inside a closure.
func dtDelegates(t *parser.Tree, body parser.NodeID, impl string) []string {
	var keys []string
	dtAwaitedCalls(t, body, func(inner parser.NodeID) {
		if k := dtFutureKey(t, inner, impl); k != "" {
			keys = append(keys, k)
		}
	})
	return keys
}

// dtAwaitedCalls calls fn with each call a body awaits where its end is the body's end (see
// dtDelegates), adapters stripped.
func dtAwaitedCalls(t *parser.Tree, body parser.NodeID, fn func(call parser.NodeID)) {
	if !TextMentions(t, body, "await") {
		return
	}
	WalkBody(t, body, func(d parser.NodeID) bool {
		if d != body && IsBodyBoundary(t, d) {
			return false
		}
		if t.Is(d, parser.KMacroInvocation) && MacroIs(t, d, "select", "select_biased", "join", "try_join") {
			return false
		}
		if !t.Is(d, parser.KAwaitExpression) || !dtDirectAwait(t, d, body) {
			return true
		}
		inner := t.NamedChild(d, 0)
		inner = dtUnwrapFuture(t, inner)
		if t.Is(inner, parser.KCallExpression) {
			fn(inner)
		}
		return true
	})
}

// dtDirectAwait reports whether the await at a runs to completion as part of body: every
// node between them is a statement, block, let, `?`, if/match/loop part, or a method call
// on the awaited value.
func dtDirectAwait(t *parser.Tree, a, body parser.NodeID) bool {
	ok := true
	child := a
	t.Ancestors(a, func(p parser.NodeID) bool {
		if p == body {
			return false
		}
		switch t.Kind(p) {
		case parser.KBlock, parser.KExpressionStatement, parser.KLetDeclaration, parser.KTryExpression,
			parser.KIfExpression, parser.KElseClause, parser.KLetCondition, parser.KMatchExpression,
			parser.KMatchBlock, parser.KMatchArm, parser.KLoopExpression, parser.KWhileExpression,
			parser.KForExpression, parser.KParenthesizedExpression, parser.KReturnExpression, parser.KAwaitExpression:
		case parser.KFieldExpression:
			if t.Field(p, parser.FValue) != child {
				ok = false
			}
		case parser.KCallExpression:
			if t.Field(p, parser.FFunction) != child {
				ok = false
			}
		default:
			ok = false
		}
		child = p
		return ok
	})
	return ok
}

// dtForeverLoop returns the first loop of body that nothing leaves: a `loop` or
// `while true` with no break, return, `?` or panic that gets out of it, and that the body
// can reach (`unimplemented!()` before it ends the task first, as the control-flow core
// tells). Nested functions, closures
// and async blocks are not part of body.
func dtForeverLoop(t *parser.Tree, body parser.NodeID) parser.NodeID {
	if !TextMentions(t, body, "loop", "while") {
		return parser.None // most bodies: no walk
	}
	var loops []parser.NodeID
	WalkBody(t, body, func(d parser.NodeID) bool {
		if d != body && IsBodyBoundary(t, d) {
			return false
		}
		if dtIsEndlessLoopHead(t, d) && !dtLoopHasExit(t, d) {
			loops = append(loops, d)
			return false
		}
		return true
	})
	if len(loops) == 0 {
		return parser.None
	}
	g := cfg.Of(t, body)
	for _, l := range loops {
		if g.Runs(l) {
			return l
		}
	}
	return parser.None
}

// dtNoExit says why a forever loop does not end: it has no way out, or (acceptOnly) its only
// ways out are its listener's `accept()` errors. It follows "this loop" (verb), or "a loop"
// (not verb: "with no ..", "that is left ..").
func dtNoExit(acceptOnly, verb bool) string {
	switch {
	case !acceptOnly && verb:
		return "has no `break`, `return` or `?` that leaves it"
	case !acceptOnly:
		return "with no `break`, `return` or `?` that leaves it"
	}
	const left = "is left only when its listener's `accept()` fails, which happens on resource exhaustion, not when the server should stop"
	if verb {
		return left
	}
	return "that " + left
}

// dtIsEndlessLoopHead: `loop { .. }` or `while true { .. }`.
func dtIsEndlessLoopHead(t *parser.Tree, n parser.NodeID) bool {
	if t.Is(n, parser.KLoopExpression) {
		return true
	}
	if t.Is(n, parser.KWhileExpression) {
		c := t.Unparen(t.Field(n, parser.FCondition))
		return t.Is(c, parser.KBooleanLiteral) && t.TextIs(c, "true")
	}
	return false
}

// Macros that end the task when they run: they panic or return early.
var dtExitMacros = map[string]bool{
	"panic": true, "unreachable": true, "todo": true, "unimplemented": true,
	"bail": true, "ensure": true, "ready": true, "try_ready": true, "throw": true,
}

// dtMacroMayExit reports whether a macro may end the task or leave a loop: the panic family,
// anyhow's `bail!`/`ensure!`, a name that says so (`unwrap_or_return!`, `try_break!`), or a
// `macro_rules!` of the same file whose rules hold `return`, `break` or a panic.
func dtMacroMayExit(t *parser.Tree, name string) bool {
	if dtExitMacros[name] {
		return true
	}
	for _, w := range []string{"return", "bail", "break", "exit", "throw"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	may := false
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if may {
			return false
		}
		if !t.Is(d, parser.KMacroDefinition) {
			return true
		}
		if t.TextIs(t.Field(d, parser.FName), name) {
			t.Walk(d, func(x parser.NodeID) bool {
				switch {
				case t.Is(x, tReturn), t.Is(x, tBreak):
					may = true
				case t.Is(x, parser.KIdentifier) && dtExitMacros[string(t.Bytes(x))]:
					may = true
				}
				return !may
			})
		}
		return false
	})
	return may
}

// Methods whose `.unwrap()` / `.expect(..)` panics once the channel (or stream) is closed:
// the task ends with the channel.
var dtChannelOps = map[string]bool{
	"recv": true, "recv_async": true, "next": true, "send": true, "send_async": true, "changed": true, "reserve": true,
	"blocking_recv": true, "blocking_send": true,
}

// dtLoopHasExit reports whether something in loop l leaves it: a break aimed at l or an
// outer loop, a continue of an outer loop, a return, a `?`, a panic or early-return macro,
// `process::exit` (what the control-flow core's Exits tells), or a channel operation
// unwrapped so that a closed channel ends the task.
func dtLoopHasExit(t *parser.Tree, l parser.NodeID) bool {
	if e, ok := cfg.Of(t, l).Exits(l); !ok || e.Normal || e.Return || e.Panic || len(e.Breaks) > 0 || len(e.Continues) > 0 {
		return !dtOnlyAcceptErrorExits(t, l)
	}
	// what the graph cannot know: macros that may leave by their name or definition, a
	// body we could not parse, a channel operation unwrapped
	exit := false
	WalkBody(t, l, func(d parser.NodeID) bool {
		if exit {
			return false
		}
		if d != l && IsBodyBoundary(t, d) {
			return false
		}
		switch t.Kind(d) {
		case parser.KMacroInvocation:
			if dtMacroMayExit(t, t.MacroName(d)) {
				exit = true
			} else if tt := t.FirstChildOfKind(d, parser.KTokenTree); tt >= 0 {
				// a body we could not parse: any return, break or `?` in it may leave
				t.Walk(tt, func(x parser.NodeID) bool {
					switch t.Kind(x) {
					case tReturn, tBreak, parser.TQuestion:
						exit = true
					}
					return !exit
				})
			}
		case parser.KCallExpression:
			if m := MethodName(t, d); m == "unwrap" || m == "expect" {
				r := t.Unparen(Receiver(t, d))
				if t.Is(r, parser.KAwaitExpression) {
					r = t.NamedChild(r, 0)
				}
				if dtChannelOps[MethodName(t, r)] {
					exit = true
				}
			}
		}
		return !exit
	})
	return exit
}

// ---- does a forever loop spin? ----

// dtSpinHow says when a forever loop stops waiting.
type dtSpinHow uint8

const (
	dtSpinsWhenClosed dtSpinHow = iota + 1 // `rx.recv().await`: once every sender is gone
	dtSpinsWhenEnded                       // `stream.next().await`: once the stream has ended
	dtSpinsAlways                          // `rx.try_recv()`: whenever nothing is queued
)

// dtSpin is a forever loop whose only wait is a receive that stops waiting: after the
// channel closed, a receive returns at once each time, and with nothing else in the loop
// that waits, the loop turns into a busy loop that holds a CPU core (and, with no `.await`
// that waits, a worker thread of the runtime) for as long as the program runs.
type dtSpin struct {
	Recv parser.NodeID // the receive call
	Text string        // as written: "rx.recv()"
	How  dtSpinHow
}

func (sp dtSpin) phrase() string {
	switch sp.How {
	case dtSpinsWhenEnded:
		return "spins once its stream ends"
	case dtSpinsAlways:
		return "never waits"
	}
	return "spins once its channel closes"
}

func (sp dtSpin) explain() string {
	switch sp.How {
	case dtSpinsWhenEnded:
		return fmt.Sprintf("`%s` then returns `None` immediately and nothing else in its loop waits or leaves it", sp.Text)
	case dtSpinsAlways:
		return fmt.Sprintf("`%s` returns immediately when nothing is queued and nothing else in its loop waits, so the loop spins whenever the channel is empty (and for good once it closes)", sp.Text)
	}
	return fmt.Sprintf("`%s` then returns immediately and nothing else in its loop waits or leaves it", sp.Text)
}

func (sp dtSpin) help() string {
	if sp.How == dtSpinsAlways {
		return "Wait for messages instead of polling for them: `while let Some(msg) = rx.recv().await { .. }` sleeps while the channel is empty and ends when it closes. Keep the `JoinHandle` (or a `CancellationToken`) if the task must be stoppable before that."
	}
	return "Leave the loop when the channel closes or the stream ends: `while let Some(msg) = rx.recv().await { .. }`, or `None => break` in the `match`. Keep the `JoinHandle` (or a `CancellationToken`) if the task must be stoppable before that."
}

// dtRecvOp says whether call is a receive that stops waiting (see dtSpinHow; 0: it is not
// one). awaited tells whether it is the operand of an `.await`: a channel's async receive
// and a stream's `next` are awaited; std's and crossbeam's `recv` are not.
func dtRecvOp(t *parser.Tree, call parser.NodeID, awaited bool) dtSpinHow {
	if !t.Is(call, parser.KCallExpression) || CalleePath(t, call) != "" {
		return 0
	}
	n := len(Args(t, call))
	switch MethodName(t, call) {
	case "recv", "recv_async", "changed":
		if n == 0 && !dtNeverCloses(t, Receiver(t, call)) && !dtSenderHeld(t, Receiver(t, call), call) && !dtOwnWrapper(t, Receiver(t, call)) {
			return dtSpinsWhenClosed
		}
	case "recv_many":
		if n == 2 && awaited {
			return dtSpinsWhenClosed
		}
	case "blocking_recv":
		if n == 0 && !awaited {
			return dtSpinsWhenClosed
		}
	case "recv_timeout":
		if n == 1 && !awaited {
			return dtSpinsWhenClosed
		}
	case "next":
		if n == 0 && awaited {
			return dtSpinsWhenEnded
		}
	case "try_recv":
		if n == 0 && !awaited {
			return dtSpinsAlways
		}
	}
	return 0
}

// dtSyncWaits name calls that block a thread until something happens: they make a loop
// without `.await` wait.
var dtSyncWaits = map[string]bool{
	"sleep": true, "park": true, "park_timeout": true, "wait": true, "wait_timeout": true,
	"wait_while": true, "wait_timeout_while": true, "block_on": true, "select": true, "join": true,
	"read": true, "read_exact": true, "read_line": true, "read_to_end": true, "read_to_string": true,
	"accept": true, "recv_from": true, "poll": true,
}

// dtRecvSite is a receive in a loop: the call, and the expression that holds its result
// (the `.await`, the call itself, or a select! branch's future).
type dtRecvSite struct {
	call, value parser.NodeID
	how         dtSpinHow
	refutable   bool // a select! branch whose pattern a closed result does not match
}

// dtOnlyAcceptErrorExits reports whether every way out of `loop` l is the error of the
// listener's `accept()` (`match listener.accept().await { Ok(c) => c, Err(_) => break }`,
// `listener.accept().await?`, `let Ok(c) = listener.accept().await else { return }`): the
// listener belongs to the task and accept fails only on resource exhaustion, so the accept
// loop runs as long as the process. Only a `loop` (not `while`/`for`, which end by their
// condition) whose body holds no other `break`, `return`, `?` or exiting macro counts.
func dtOnlyAcceptErrorExits(t *parser.Tree, l parser.NodeID) bool {
	if !t.Is(l, parser.KLoopExpression) || !TextMentions(t, l, "accept") {
		return false
	}
	isAccept := func(e parser.NodeID) bool {
		e = t.Unparen(e)
		if t.Is(e, parser.KAwaitExpression) {
			e = t.NamedChild(e, 0)
		}
		return t.Is(e, parser.KCallExpression) && MethodName(t, e) == "accept" && len(Args(t, e)) == 0
	}
	// onAcceptError: n sits where only an accept error leads
	onAcceptError := func(n parser.NodeID) bool {
		for a := t.Parent(n); a >= 0 && a != l; a = t.Parent(a) {
			switch t.Kind(a) {
			case parser.KMatchArm:
				if m := t.AncestorOfKind(a, parser.KMatchExpression); m >= 0 && isAccept(t.Field(m, parser.FValue)) &&
					strings.HasPrefix(compactText(t, t.Field(a, parser.FPattern)), "Err") {
					return true
				}
			case parser.KLetDeclaration:
				if isAccept(t.Field(a, parser.FValue)) && t.IsAncestor(t.Field(a, parser.FAlternative), n) {
					return true
				}
			}
			if IsLoop(t, a) || IsBodyBoundary(t, a) {
				return false
			}
		}
		return false
	}
	exits, other := 0, false
	WalkBody(t, t.Field(l, parser.FBody), func(d parser.NodeID) bool {
		if other {
			return false
		}
		if IsBodyBoundary(t, d) || IsLoop(t, d) && dtLoopSelfContained(t, d) {
			return false // a closure's own returns; a nested loop's breaks leave only it
		}
		switch t.Kind(d) {
		case parser.KTryExpression:
			if isAccept(t.NamedChild(d, 0)) {
				exits++
			} else {
				other = true
			}
		case parser.KBreakExpression, parser.KReturnExpression:
			if onAcceptError(d) {
				exits++
			} else {
				other = true
			}
		case parser.KMacroInvocation:
			if dtMacroMayExit(t, t.MacroName(d)) {
				other = true
			}
		}
		return !other
	})
	return !other && exits > 0
}

// dtLoopSelfContained reports whether a nested loop can leave only itself: no `return`,
// `?` or labeled `break` in it (those would leave the outer loop too).
func dtLoopSelfContained(t *parser.Tree, l parser.NodeID) bool {
	found := false
	WalkBody(t, l, func(d parser.NodeID) bool {
		if found || d != l && IsBodyBoundary(t, d) {
			return false
		}
		switch t.Kind(d) {
		case parser.KReturnExpression, parser.KTryExpression:
			found = true
		case parser.KBreakExpression:
			found = t.FirstChildOfKind(d, parser.KLabel) >= 0
		}
		return !found
	})
	return !found
}

// dtLoopSpin tells whether a forever loop spins: it has a receive that stops waiting (see
// dtRecvOp) and every other wait in it (`.await`, a select! without such a receive, a
// blocking call) happens only when a message came in — under `Some(..)`/`Ok(..)` of that
// receive's result. The loop is known to have no exit.
func dtLoopSpin(t *parser.Tree, l parser.NodeID) (dtSpin, bool) {
	if !TextMentions(t, l, "recv", "changed", "next") {
		return dtSpin{}, false
	}
	var recvs []dtRecvSite
	var waits []parser.NodeID
	var visit func(n parser.NodeID)
	visit = func(n parser.NodeID) {
		WalkBody(t, n, func(d parser.NodeID) bool {
			if d != n && IsBodyBoundary(t, d) {
				return false
			}
			switch t.Kind(d) {
			case parser.KAwaitExpression:
				inner := t.Unparen(t.NamedChild(d, 0))
				if how := dtRecvOp(t, inner, true); how != 0 && !dtMatchedAsPlainValue(t, d) {
					recvs = append(recvs, dtRecvSite{call: inner, value: d, how: how})
					return true
				}
				if dtYields(t, inner) {
					return true
				}
				waits = append(waits, d)
			case parser.KMacroInvocation:
				if !MacroIs(t, d, "select", "select_biased") {
					return true
				}
				// Once closed, a branch that receives into a pattern the closed result
				// matches (`msg = rx.recv()`) is ready at once: the select! no longer waits.
				var spinner parser.NodeID = parser.None
				for _, b := range SelectBranches(t, d) {
					if !t.Is(b, parser.KSelectBranch) || t.Field(b, parser.FCondition) >= 0 {
						continue
					}
					f := StripFuture(t, false, t.Field(b, parser.FFuture))
					how := dtRecvOp(t, f, true)
					if how == 0 || how == dtSpinsAlways {
						continue
					}
					site := dtRecvSite{call: f, value: t.Field(b, parser.FFuture), how: how}
					if PatternRefutability(t, t.Field(b, parser.FPattern)) != Irrefutable {
						site.refutable = true
						recvs = append(recvs, site)
						continue
					}
					if spinner < 0 {
						spinner = b
						recvs = append(recvs, site)
					}
				}
				if spinner < 0 {
					waits = append(waits, d)
					return false
				}
				visit(t.Field(spinner, parser.FHandler))
				return false
			case parser.KCallExpression:
				if t.Is(t.Parent(d), parser.KAwaitExpression) {
					return true
				}
				if how := dtRecvOp(t, d, false); how != 0 {
					recvs = append(recvs, dtRecvSite{call: d, value: d, how: how})
				} else if dtIsSyncWait(t, d) {
					waits = append(waits, d)
				}
			}
			return true
		})
	}
	visit(t.Field(l, parser.FBody))
	for _, w := range waits {
		if !dtOnMessage(t, w, l, recvs) {
			return dtSpin{}, false
		}
	}
	var always *dtRecvSite
	for i := range recvs {
		r := &recvs[i]
		if r.refutable || dtOnMessage(t, r.value, l, recvs) {
			continue
		}
		if r.how != dtSpinsAlways {
			return dtSpin{Recv: r.call, Text: compactText(t, r.call), How: r.how}, true
		}
		if always == nil {
			always = r
		}
	}
	if always != nil {
		return dtSpin{Recv: always.call, Text: compactText(t, always.call), How: dtSpinsAlways}, true
	}
	return dtSpin{}, false
}

// dtMatchedAsPlainValue reports whether the awaited receive e is matched (`match`, `if let`,
// `while let`) against a variant of neither `Option` nor `Result` (`Event::Packet(..)`,
// `Msg::Stop`): the method returns the message itself, not a `None`/`Err` that says the
// channel closed, so it is the crate's own receive (onetun's event bus endpoint waits forever
// once its channel closes) and not one that returns at once after the senders are gone.
func dtMatchedAsPlainValue(t *parser.Tree, e parser.NodeID) bool {
	up := t.Parent(e)
	for t.Is(up, parser.KParenthesizedExpression) {
		up = t.Parent(up)
	}
	var pats []parser.NodeID
	switch t.Kind(up) {
	case parser.KMatchExpression:
		for _, arm := range t.NamedChildren(t.Field(up, parser.FBody)) {
			if mp := t.Field(arm, parser.FPattern); mp >= 0 {
				pats = append(pats, t.NamedChild(mp, 0))
			}
		}
	case parser.KLetCondition:
		pats = append(pats, t.Field(up, parser.FPattern))
	}
	for _, pat := range pats {
		switch t.Kind(pat) {
		case parser.KTupleStructPattern, parser.KStructPattern, parser.KScopedIdentifier:
		default:
			continue
		}
		switch PatternHead(t, pat) {
		case "Some", "None", "Ok", "Err":
		default:
			// a tuple variant, a path (`Msg::Stop`), or a struct variant by its path
			return !t.Is(pat, parser.KStructPattern) || strings.Contains(t.Text(t.Field(pat, parser.FType)), "::")
		}
	}
	return false
}

// dtYields reports whether an awaited future is a bare yield, which gives the runtime a
// turn but does not wait for anything.
func dtYields(t *parser.Tree, e parser.NodeID) bool {
	path := CalleePath(t, e)
	return PathIs(path, "tokio::task::yield_now") || path == "yield_now"
}

// dtIsSyncWait reports whether a call that is not awaited may block until something
// happens: `thread::sleep`, `park`, a blocking read.
func dtIsSyncWait(t *parser.Tree, call parser.NodeID) bool {
	if path := CalleePath(t, call); path != "" {
		return dtSyncWaits[LastSegment(path)]
	}
	return dtSyncWaits[MethodName(t, call)]
}

// dtOnMessage reports whether x runs only when one of recvs delivered something: it sits
// in the `Some(..)`/`Ok(..)` arm of a match on the result, in the body of `if let
// Some(..) = ..` (or `if r.is_ok()`), after a `let Some(..) = .. else`, or in the handler
// of a select! branch `Some(m) = rx.recv()`. Only the path up to loop l is looked at.
func dtOnMessage(t *parser.Tree, x, l parser.NodeID, recvs []dtRecvSite) bool {
	isResult := func(v parser.NodeID) bool {
		v = t.Unparen(v)
		for _, r := range recvs {
			if v == r.value {
				return true
			}
		}
		if t.Is(v, parser.KIdentifier) {
			// `let msg = rx.recv().await;` then `match msg`
			if b := dtFindBinding(t, t.Text(v), v); t.Is(b, parser.KLetDeclaration) && t.IsAncestor(l, b) {
				val := t.Unparen(t.Field(b, parser.FValue))
				for _, r := range recvs {
					if val == r.value {
						return true
					}
				}
			}
			// `msg = rx.recv() => match msg { .. }`
			for _, r := range recvs {
				if br := t.Parent(r.value); t.Is(br, parser.KSelectBranch) && t.TextIs(t.Field(br, parser.FPattern), t.Text(v)) && t.IsAncestor(t.Field(br, parser.FHandler), x) {
					return true
				}
			}
		}
		return false
	}
	on := false
	child := x
	t.Ancestors(x, func(a parser.NodeID) bool {
		if a == l || IsBodyBoundary(t, a) {
			return false
		}
		switch t.Kind(a) {
		case parser.KIfExpression:
			if t.Field(a, parser.FConsequence) == child && dtMessageCondition(t, t.Field(a, parser.FCondition), isResult) {
				on = true
			}
		case parser.KMatchArm:
			if t.Field(a, parser.FValue) == child && dtMessagePattern(t, t.Field(a, parser.FPattern)) {
				if m := t.Parent(t.Parent(a)); t.Is(m, parser.KMatchExpression) && isResult(t.Field(m, parser.FValue)) {
					on = true
				}
			}
		case parser.KSelectBranch:
			if t.Field(a, parser.FHandler) == child && dtMessagePattern(t, t.Field(a, parser.FPattern)) && dtRecvOp(t, StripFuture(t, false, t.Field(a, parser.FFuture)), true) != 0 {
				on = true
			}
		case parser.KBlock:
			for c := t.N(a).FirstChild; c >= 0 && c != child; c = t.N(c).Next {
				if t.Is(c, parser.KLetDeclaration) && t.Field(c, parser.FAlternative) >= 0 &&
					dtMessagePattern(t, t.Field(c, parser.FPattern)) && isResult(t.Field(c, parser.FValue)) {
					on = true
				}
			}
		}
		child = a
		return !on
	})
	return on
}

// dtMessageCondition reports whether an if condition holds only when a receive delivered:
// `let Some(m) = rx.recv().await`, `rx.changed().await.is_ok()`, or a chain with one.
func dtMessageCondition(t *parser.Tree, c parser.NodeID, isResult func(parser.NodeID) bool) bool {
	c = t.Unparen(c)
	switch t.Kind(c) {
	case parser.KLetCondition:
		return dtMessagePattern(t, t.Field(c, parser.FPattern)) && isResult(t.Field(c, parser.FValue))
	case parser.KLetChain:
		for _, k := range t.NamedChildren(c) {
			if dtMessageCondition(t, k, isResult) {
				return true
			}
		}
	case parser.KBinaryExpression:
		if t.Is(t.Field(c, parser.FOperator), parser.TAndAnd) {
			return dtMessageCondition(t, t.Field(c, parser.FLeft), isResult) || dtMessageCondition(t, t.Field(c, parser.FRight), isResult)
		}
	case parser.KCallExpression:
		if m := MethodName(t, c); (m == "is_ok" || m == "is_some") && len(Args(t, c)) == 0 {
			return isResult(Receiver(t, c))
		}
	}
	return false
}

// dtMessagePattern reports whether a pattern matches only a delivered item: `Some(..)`,
// `Ok(..)`, or broadcast's `Err(RecvError::Lagged(..))` (more is queued).
func dtMessagePattern(t *parser.Tree, p parser.NodeID) bool {
	if t.Is(p, parser.KMatchPattern) { // `Some(x) if ..`: the pattern, not its guard
		p = t.NamedChild(p, 0)
	}
	if _, some := TupleVariant(t, p, "Some"); some {
		return true
	}
	if _, ok := TupleVariant(t, p, "Ok"); ok {
		return true
	}
	in, isErr := TupleVariant(t, p, "Err")
	return isErr && len(in) == 1 && PatternHead(t, in[0]) == "Lagged"
}

// dtNeverCloses reports whether a receiver comes from a source that never ends: a Tokio
// signal stream (`tokio::signal::unix::signal(..)`, `windows::ctrl_c()` and friends), whose
// sender lives in Tokio's process-wide registry, so its `recv()` never returns `None`.
func dtNeverCloses(t *parser.Tree, recv parser.NodeID) bool {
	never := false
	biOrigins(t, recv, 0, func(path string, isType bool) bool {
		if strings.HasPrefix(path, "tokio::signal::") || path == "signal::unix::signal" || path == "unix::signal" ||
			isType && strings.HasSuffix(path, "signal::unix::Signal") {
			never = true
			return false
		}
		return true
	})
	return never
}

// dtOwnWrapper reports whether recv is made by an associated fn of a type of the crate's own
// (`let mut fetcher = IgnitionStateFetcher::spawn(client);`, a path that resolves into the
// crate): its `recv` is that type's method, which may wait, panic or end as it likes when
// the channel inside closes (set TQ: `self.rx.recv().await.expect(..)`), not a channel's
// receive that returns at once.
func dtOwnWrapper(t *parser.Tree, recv parser.NodeID) bool {
	own := false
	biOrigins(t, recv, 0, func(path string, isType bool) bool {
		segs := strings.Split(path, "::")
		if isType || len(segs) < 2 {
			return true
		}
		typ := segs[len(segs)-2]
		if typ == "" || typ[0] < 'A' || typ[0] > 'Z' || dtChannelTypes[typ] {
			return true
		}
		own = len(segs) == 2 || segs[0] == "crate" || segs[0] == "self" || segs[0] == "super"
		return false
	})
	return own
}

// dtChannelTypes are receiver types whose associated fns make a channel's receiving end.
var dtChannelTypes = map[string]bool{"Receiver": true, "UnboundedReceiver": true, "Sender": true, "UnboundedSender": true}
