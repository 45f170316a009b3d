package rules

import (
	"fmt"

	"github.com/rustaudit/rustaudit/parser"
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
