package rules

import (
	"fmt"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// Spawn bodies written as a method on a value (issue 13, capability 5): `tokio::spawn(w.run())`
// or `tokio::spawn(async move { self.worker.run().await })` where the receiver is no `self`
// and no local whose type the syntax shows (dtValueType), but the type resolver knows it: a
// clone of a field (`let w = self.worker.clone()`), a field itself, an `Arc<Worker>`
// parameter, a constructor other than `new` (`Worker::connect().await?`). The method is the
// one Rust would run: auto-deref through `Arc`, `Box` and the crate's Deref impls to the
// crate's type that declares it (MethodOwner). A receiver whose type is unknown, or a type of
// another crate, is not followed: same-named methods of different types are never guessed.

// dtRecvCall is a method call a spawned future runs, with its receiver's type as the file
// tells it (possibly pending on another file of the crate).
type dtRecvCall struct {
	Recv   Type
	Text   string // the receiver as written
	Method string
}

// dtRecvCalls returns the method calls fut runs (spawned directly, or awaited by an async
// block where their end is its end) whose fn dtFutureKey could not name from the syntax.
func dtRecvCalls(p *Pass, fut parser.NodeID, impl string) []dtRecvCall {
	t := p.Tree
	fut = dtUnwrapFuture(t, fut)
	switch t.Kind(fut) {
	case parser.KCallExpression:
		return dtRecvAppend(p, nil, fut, impl)
	case parser.KAsyncBlock:
		if body := t.FirstChildOfKind(fut, parser.KBlock); body >= 0 && dtForeverLoop(t, body) < 0 {
			return dtRecvBody(p, body, impl)
		}
	}
	return nil
}

// dtRecvBody returns the method calls a body awaits where their end is its end.
func dtRecvBody(p *Pass, body parser.NodeID, impl string) []dtRecvCall {
	var out []dtRecvCall
	dtAwaitedCalls(p.Tree, body, func(call parser.NodeID) { out = dtRecvAppend(p, out, call, impl) })
	return out
}

// dtRecvAppend appends call to out when it is a method call dtFutureKey cannot name and
// whose receiver's type the resolver knows or another file completes.
func dtRecvAppend(p *Pass, out []dtRecvCall, call parser.NodeID, impl string) []dtRecvCall {
	t := p.Tree
	{
		m := MethodName(t, call)
		if m == "" || dtFutureKey(t, call, impl) != "" {
			return out
		}
		recv := t.Unparen(Receiver(t, call))
		ty := p.TypeOf(recv)
		if ty.Path == "" && !ty.Pending() {
			return out
		}
		if ty.Known() && !ty.Crate && !typeDerefWrappers[ty.Path] {
			return out // another crate's type (`rx.recv()`, `socket.read(..)`): none of the crate's fns
		}
		return append(out, dtRecvCall{Recv: ty, Text: dtShort(t.Text(recv)), Method: m})
	}
}

// dtShort keeps a receiver's text short enough for a note.
func dtShort(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// dtRecvKey is a method call resolved to the crate's fn it runs, and how.
type dtRecvKey struct {
	Key  string // "method:Worker::run"
	Note string // the receiver's type, as the chain's first link
}

// dtRecvKeys resolves calls found in the file at path against the crate's types: the key of
// each method a crate's type declares, where the receiver's type is known.
func dtRecvKeys(c *Crate, path string, calls []dtRecvCall) []dtRecvKey {
	if len(calls) == 0 {
		return nil
	}
	r := c.typeResolver(path)
	var out []dtRecvKey
	for _, rc := range calls {
		ty := r.Norm(rc.Recv)
		if !ty.Known() {
			continue
		}
		owner, fn, pending := r.MethodOwner(ty, rc.Method)
		if pending || fn == nil || !owner.Crate {
			continue
		}
		name := owner.Name() + "::" + rc.Method
		note := fmt.Sprintf("`%s` is a `%s`, so `.%s()` is `%s`", rc.Text, ty.Name(), rc.Method, name)
		if ty.Name() != owner.Name() {
			note = fmt.Sprintf("`%s` is a `%s<..>` that derefs to `%s`, so `.%s()` is `%s`", rc.Text, ty.Name(), owner.Name(), rc.Method, name)
		}
		out = append(out, dtRecvKey{Key: "method:" + name, Note: note})
	}
	return out
}

// dtRecvNote returns the note of the resolved call whose key is k ("" when k came from the
// syntax).
func dtRecvNote(keys []dtRecvKey, k string) string {
	for _, rk := range keys {
		if rk.Key == k {
			return rk.Note
		}
	}
	return ""
}

// dtWithRecv returns delegates followed by the keys calls resolve to.
func dtWithRecv(delegates []string, keys []dtRecvKey) []string {
	if len(keys) == 0 {
		return delegates
	}
	out := append([]string(nil), delegates...)
	for _, rk := range keys {
		out = append(out, rk.Key)
	}
	return out
}

// dtSenderHeld reports whether the channel recv (the receiver of a receive call at call)
// reads from can never close while the loop around call runs: recv is the receiving half of
// `let (tx, mut rx) = mpsc::channel(..)` (or `unbounded_channel`, `broadcast::channel`,
// `watch::channel`, crossbeam's and flume's `bounded`/`unbounded`) bound in the same body as
// the receive, in a block around it, and the sending half `tx` stays in that body: every use
// of it is a method call on it (`tx.clone()`, `tx.send(..)`) or a borrow (`&tx`), outside any
// closure or async block, which could move it away. The loop has no exit, so `tx` lives as
// long as it does, and the receive never sees the channel closed (clones handed out may be
// dropped; the original is not).
func dtSenderHeld(t *parser.Tree, recv, call parser.NodeID) bool {
	recv = t.Unparen(recv)
	if !t.Is(recv, parser.KIdentifier) {
		return false
	}
	name := t.Text(recv)
	held, decided := false, false
	boundary := dtLetsBefore(t, call, func(b, let parser.NodeID) bool {
		if tx := ChannelSender(t, let, name); tx != "" {
			held, decided = dtSenderStays(t, b, let, tx), true
			return false
		}
		return true
	})
	if decided || boundary < 0 {
		return held
	}
	return dtSourceHeld(t, boundary, name) || dtSpawnerHoldsSender(t, boundary, name) || dtSenderHandedOff(t, boundary, name)
}

// dtSenderHandedOff reports whether the code that spawns task (an `async move` block) hands
// the sending half of rx's channel, a clone of it or a borrow, to a call as an argument
// (`watcher.watch_routes(name, update_tx.clone())`, `watch(&tx)`) before the spawn: whether
// the channel ever closes is then up to that code, which may keep it in a task of its own for good (set
// TK: an etcd watcher that loops forever with the sender). The receive is not taken to spin.
func dtSenderHandedOff(t *parser.Tree, task parser.NodeID, rx string) bool {
	if !t.Is(task, parser.KAsyncBlock) || t.FirstChildOfKind(task, parser.TMove) < 0 {
		return false
	}
	handed := false
	dtLetsBefore(t, task, func(b, c parser.NodeID) bool {
		tx := ChannelSender(t, c, rx)
		if tx == "" {
			return true
		}
		from, to := t.Nodes[c].End, t.Nodes[task].Start
		t.Walk(b, func(d parser.NodeID) bool {
			if handed || t.Nodes[d].Start >= to {
				return false
			}
			if t.Nodes[d].End <= from || !t.Is(d, parser.KIdentifier) || !t.TextIs(d, tx) {
				return true
			}
			arg := d
			if up := t.Parent(d); t.Is(up, parser.KFieldExpression) && t.Field(up, parser.FValue) == d {
				if call := t.Parent(up); t.Is(call, parser.KCallExpression) && MethodName(t, call) == "clone" {
					arg = call
				}
			}
			if up := t.Parent(arg); t.Is(up, parser.KReferenceExpression) {
				arg = up // `watch(&tx)`: the callee may clone what it borrows
			}
			if args := t.Parent(arg); t.Is(args, parser.KArguments) && t.Is(t.Parent(args), parser.KCallExpression) {
				// (`drop(tx)` ends it: that is no hand-off)
				callee := CalleePath(t, t.Parent(args))
				handed = callee != "drop" && !PathIs(callee, "std::mem::drop")
			}
			return !handed
		})
		return false
	})
	return handed
}

// dtLetsBefore calls fn with each `let` that comes before n in the blocks around it, nearest
// block first, up to the body n is in, until fn returns false; it returns that body's
// boundary (the async block or closure; None when fn stopped the walk or there is none).
func dtLetsBefore(t *parser.Tree, n parser.NodeID, fn func(block, let parser.NodeID) bool) parser.NodeID {
	for a, child := t.Parent(n), n; a >= 0; a, child = t.Parent(a), a {
		if IsBodyBoundary(t, a) {
			return a
		}
		if !t.Is(a, parser.KBlock) {
			continue
		}
		for c := t.Nodes[a].FirstChild; c >= 0 && c != child; c = t.Nodes[c].Next {
			if t.Is(c, parser.KLetDeclaration) && !fn(a, c) {
				return parser.None
			}
		}
	}
	return parser.None
}

// dtSourceHeld reports whether the task body (an `async move` block) holds a clone of what
// its receiver rx came from: `let svc = self.service.clone(); let mut events =
// self.service.subscribe();` before `spawn(async move { .. svc .. events.recv() .. })`. The
// value a receiver is made from (a handle, a broadcast `Sender`) holds the sending side, and
// the task keeps it as long as its loop runs: the channel cannot close under it.
func dtSourceHeld(t *parser.Tree, task parser.NodeID, rx string) bool {
	if !t.Is(task, parser.KAsyncBlock) || t.FirstChildOfKind(task, parser.TMove) < 0 {
		return false
	}
	src := ""
	clones := map[string]string{} // local -> the expression it clones
	dtLetsBefore(t, task, func(_, c parser.NodeID) bool {
		pat := t.Field(c, parser.FPattern)
		if t.Is(pat, parser.KMutPattern) {
			pat = t.FirstChildOfKind(pat, parser.KIdentifier)
		}
		v := t.Unparen(t.Field(c, parser.FValue))
		if !t.Is(pat, parser.KIdentifier) || !t.Is(v, parser.KCallExpression) || MethodName(t, v) == "" {
			return true
		}
		from := compactText(t, Receiver(t, v))
		switch {
		case t.TextIs(pat, rx):
			src = from
		case MethodName(t, v) == "clone":
			clones[t.Text(pat)] = from
		}
		return true
	})
	if src == "" {
		return false
	}
	for local, of := range clones {
		if of == src && TextMentions(t, task, local) {
			return true
		}
	}
	return false
}

// dtArgsHoldSender reports whether the spawned call fut hands the task a channel's receiver
// together with a value that holds the channel's sender, so that the channel cannot close
// while the task runs: `let (send, recv) = mpsc::channel(..); let client = Self { inner:
// Arc::new(Inner { response_tx: send, .. }) };` before `spawn(process(client.clone(),
// recv))`. The task's own clone keeps `send` alive, so its receive never sees the channel
// closed.
func dtArgsHoldSender(t *parser.Tree, fut parser.NodeID) bool {
	fut = t.Unparen(fut)
	if !t.Is(fut, parser.KCallExpression) {
		return false
	}
	args := t.NamedChildren(t.Field(fut, parser.FArguments))
	root := func(e parser.NodeID) string {
		for {
			e = t.Unparen(e)
			switch t.Kind(e) {
			case parser.KReferenceExpression:
				e = t.NamedChild(e, 0)
				continue
			case parser.KCallExpression:
				if MethodName(t, e) == "clone" {
					e = Receiver(t, e)
					continue
				}
				if strings.HasSuffix(t.Text(Callee(t, e)), "::clone") && len(t.NamedChildren(t.Field(e, parser.FArguments))) == 1 {
					e = t.NamedChild(t.Field(e, parser.FArguments), 0)
					continue
				}
			case parser.KIdentifier:
				return t.Text(e)
			}
			return ""
		}
	}
	for _, a := range args {
		rx := t.Unparen(a)
		if !t.Is(rx, parser.KIdentifier) {
			continue
		}
		name := t.Text(rx)
		for b, child := t.Parent(fut), fut; b >= 0 && !IsBodyBoundary(t, b); b, child = t.Parent(b), b {
			if !t.Is(b, parser.KBlock) {
				continue
			}
			tx, holder := "", map[string]bool{}
			for c := t.Nodes[b].FirstChild; c >= 0 && c != child; c = t.Nodes[c].Next {
				if !t.Is(c, parser.KLetDeclaration) {
					continue
				}
				if s := ChannelSender(t, c, name); s != "" {
					tx = s
					continue
				}
				pat := t.Field(c, parser.FPattern)
				if t.Is(pat, parser.KMutPattern) {
					pat = t.FirstChildOfKind(pat, parser.KIdentifier)
				}
				if v := t.Field(c, parser.FValue); tx != "" && t.Is(pat, parser.KIdentifier) && v >= 0 && dtMovesInto(t, v, tx) {
					holder[t.Text(pat)] = true
				}
			}
			if len(holder) == 0 {
				continue
			}
			for _, o := range args {
				if o != a && holder[root(o)] {
					return true
				}
			}
		}
	}
	return false
}

// dtMovesInto reports whether the value v (a struct literal, possibly inside `Arc::new(..)`
// and other calls) takes the local name by value: a field `f: name` or the shorthand `name`.
func dtMovesInto(t *parser.Tree, v parser.NodeID, name string) bool {
	found := false
	t.Walk(v, func(d parser.NodeID) bool {
		if found || IsBodyBoundary(t, d) {
			return false
		}
		switch t.Kind(d) {
		case parser.KFieldInitializer:
			if val := t.Unparen(t.Field(d, parser.FValue)); t.Is(val, parser.KIdentifier) && t.TextIs(val, name) {
				found = true
			}
		case parser.KShorthandFieldInit:
			if t.TextIs(d, name) {
				found = true
			}
		}
		return !found
	})
	return found
}

// dtSpawnerHoldsSender reports whether the code that spawns task (an `async move` block)
// keeps the sending half of the channel the task's receiver rx reads from for good: rx is
// (a `.clone()` of) the receiving half of `let (tx, rx) = channel(..)` in a block around the
// spawn, tx stays in that block (dtSenderStays), and that block ends in a `loop` that
// nothing leaves (it serves until the process exits). The channel cannot close while the
// task runs, so its receive never returns `None` (a worker pool fed by the loop that made
// it).
func dtSpawnerHoldsSender(t *parser.Tree, task parser.NodeID, rx string) bool {
	if !t.Is(task, parser.KAsyncBlock) || t.FirstChildOfKind(task, parser.TMove) < 0 {
		return false
	}
	held := false
	dtLetsBefore(t, task, func(b, c parser.NodeID) bool {
		if tx := ChannelSender(t, c, rx); tx != "" {
			held = dtSenderStays(t, b, c, tx) && dtEndsInForeverLoop(t, b)
			return false
		}
		// `let rx = rx.clone();` for each worker: follow it to the original
		pat, v := t.Field(c, parser.FPattern), t.Unparen(t.Field(c, parser.FValue))
		if t.Is(pat, parser.KIdentifier) && t.TextIs(pat, rx) && t.Is(v, parser.KCallExpression) &&
			MethodName(t, v) == "clone" && len(Args(t, v)) == 0 && t.Is(t.Unparen(Receiver(t, v)), parser.KIdentifier) {
			rx = t.Text(t.Unparen(Receiver(t, v)))
		}
		return true
	})
	return held
}

// dtEndsInForeverLoop reports whether block b's last statement is a `loop` that no break,
// return or `?` leaves (a panic or `process::exit` may end it: then the process or task ends
// with it, and an exit takes the workers with it).
func dtEndsInForeverLoop(t *parser.Tree, b parser.NodeID) bool {
	var last parser.NodeID = parser.None
	for _, c := range t.NamedChildren(b) {
		if !t.IsComment(c) {
			last = c
		}
	}
	if t.Is(last, parser.KExpressionStatement) {
		last = t.NamedChild(last, 0)
	}
	if !t.Is(last, parser.KLoopExpression) {
		return false
	}
	e, ok := cfg.Of(t, last).Exits(last)
	return ok && !e.Normal && !e.Return && len(e.Breaks) == 0 && len(e.Continues) == 0
}

// dtSenderStays reports whether tx, bound by let in block b, stays where it is: every use
// after the let is the receiver of a method call or a borrow, and none sits in a closure or
// an async block.
func dtSenderStays(t *parser.Tree, b, let parser.NodeID, tx string) bool {
	ok := true
	from := t.Nodes[let].End
	t.Walk(b, func(d parser.NodeID) bool {
		if !ok || t.Nodes[d].End <= from {
			return ok
		}
		if !t.Is(d, parser.KIdentifier) || !t.TextIs(d, tx) {
			return true
		}
		up := t.Parent(d)
		switch {
		case t.Is(up, parser.KFieldExpression) && t.Field(up, parser.FValue) == d && t.Is(t.Parent(up), parser.KCallExpression):
		case t.Is(up, parser.KReferenceExpression):
		case t.Is(up, parser.KFieldExpression) && t.Field(up, parser.FField) == d:
			return true // `.tx` of another value
		default:
			ok = false
			return false
		}
		for a := t.Parent(d); a >= 0 && a != b; a = t.Parent(a) {
			if IsBodyBoundary(t, a) {
				ok = false
				return false
			}
		}
		return true
	})
	return ok
}
