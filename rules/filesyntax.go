package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// Syntax questions about a whole file or a node's text that rules of every kind ask.

// compactText is n's source text with each run of whitespace made one space.
func compactText(t *parser.Tree, n parser.NodeID) string {
	return joinFields(t.Text(n), " ")
}

// DeclaresModule reports whether the file declares `mod name` (at any depth): then a path
// starting with `name::` is the crate's own module, not an imported crate's.
func DeclaresModule(t *parser.Tree, name string) bool {
	return DeclaresItem(t, parser.KModItem, name)
}

// DeclaresItem reports whether the file declares an item of that kind and name at any depth
// (in a module, a fn body or an impl alike).
func DeclaresItem(t *parser.Tree, kind parser.Kind, name string) bool {
	return FileItem(t, kind, name) >= 0
}

// FileItem returns the first item of that kind and name the file declares at any depth, or
// None.
func FileItem(t *parser.Tree, kind parser.Kind, name string) parser.NodeID {
	found := parser.None
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if found >= 0 {
			return false
		}
		if t.Is(d, kind) && t.TextIs(t.Field(d, parser.FName), name) {
			found = d
		}
		return true
	})
	return found
}

// NameSays returns n's text (white space folded) when it is short (60 bytes at most) and
// mentions one of words, case aside: a name that says what a value is (`bind_location`,
// `idle_timeout`); "" otherwise, and for None.
func NameSays(t *parser.Tree, n parser.NodeID, words ...string) string {
	if n < 0 {
		return ""
	}
	s := compactText(t, n)
	if len(s) > 60 {
		return ""
	}
	l := strings.ToLower(s)
	for _, w := range words {
		if strings.Contains(l, w) {
			return s
		}
	}
	return ""
}

// DefinesFreeFn reports whether the file defines a free function with that name (a method
// of the same name does not shadow an imported function).
func DefinesFreeFn(t *parser.Tree, name string) bool {
	return t.Find(0, func(d parser.NodeID) (bool, bool) {
		if (t.Is(d, parser.KFunctionItem) || t.Is(d, parser.KFunctionSignatureItem)) && t.TextIs(t.Field(d, parser.FName), name) {
			if dl := t.Parent(d); !t.Is(dl, parser.KDeclarationList) || !(t.Is(t.Parent(dl), parser.KImplItem) || t.Is(t.Parent(dl), parser.KTraitItem)) {
				return true, false
			}
		}
		return false, true
	}) >= 0
}

// SelfField returns F when e is `self.F` (or `this.F`, `me.F` of a projection), else "".
func SelfField(t *parser.Tree, e parser.NodeID) string {
	e = t.Unparen(e)
	if !t.Is(e, parser.KFieldExpression) {
		return ""
	}
	switch strings.TrimLeft(t.Text(t.Field(e, parser.FValue)), "*") {
	case "self", "this", "me":
		return t.Text(t.Field(e, parser.FField))
	}
	return ""
}

// EndlessCtors are the constructors of sources that never end: Tokio's signal listeners
// (`recv()` returns `None` only once the runtime's signal driver is gone), interval and
// signal stream wrappers, stream intervals (`interval(d)` of async-std, futures-timer and
// wasm-timer, a stream of ticks), and futures' repeating streams. Read by
// select_all_disabled and poll_after_ready.
var EndlessCtors = map[string]bool{
	"signal": true, "ctrl_c": true, "ctrl_break": true, "ctrl_close": true, "ctrl_logoff": true, "ctrl_shutdown": true,
	"IntervalStream::new": true, "SignalStream::new": true, "CtrlCStream::new": true,
	"repeat": true, "repeat_with": true, "interval": true, "interval_at": true,
}

// CtorName is a call's path as EndlessCtors spells it: `Type::new` (or `Type::pin`),
// else the fn's last segment.
func CtorName(path string) string {
	segs := strings.Split(strings.Join(strings.Fields(path), ""), "::")
	if n := len(segs); n >= 2 && (segs[n-1] == "new" || segs[n-1] == "pin") {
		return segs[n-2] + "::" + segs[n-1]
	}
	return segs[len(segs)-1]
}

// StripSourceWrappers looks through what wraps a stream or future without changing whether
// it ends: `?`, `.unwrap()`, `.expect(..)`, `.fuse()`, `.boxed()`, `.boxed_local()`,
// `Box::pin(..)`, `Box::new(..)`.
func StripSourceWrappers(t *parser.Tree, v parser.NodeID) parser.NodeID {
	for i := 0; i < 4 && v >= 0; i++ {
		v = t.Unparen(v)
		var ok bool
		if v, ok = StripOne(t, v, "unwrap", "expect", "fuse", "boxed", "boxed_local"); ok {
			continue
		}
		if !t.Is(v, parser.KCallExpression) {
			break
		}
		if n := CtorName(t.Text(t.Field(v, parser.FFunction))); n == "Box::pin" || n == "Box::new" {
			if args := Args(t, v); len(args) == 1 {
				v = args[0]
				continue
			}
		}
		break
	}
	return t.Unparen(v)
}

// EndlessCtorCall returns the constructor, as EndlessCtors spells it, when call (already
// through StripSourceWrappers) is a call of a path that makes a source that never ends
// (`interval(d)`, `IntervalStream::new(..)`; not a method such as `s.repeat(3)`); "" otherwise.
func EndlessCtorCall(t *parser.Tree, call parser.NodeID) string {
	if !t.Is(call, parser.KCallExpression) {
		return ""
	}
	if f := t.Field(call, parser.FFunction); !t.Is(f, parser.KFieldExpression) {
		if name := CtorName(t.Text(f)); EndlessCtors[name] {
			return name
		}
	}
	return ""
}

// StripPollPin removes what pins or borrows a place for polling: `Pin::new(&mut x)`,
// `Pin::new_unchecked(..)`, `unsafe { .. }`, `x.as_mut()`, `x.get_mut()`, `&mut x`, `*x`.
func StripPollPin(t *parser.Tree, e parser.NodeID) parser.NodeID {
	for e >= 0 {
		e = t.Unparen(e)
		switch t.Kind(e) {
		case parser.KReferenceExpression:
			e = t.Field(e, parser.FValue)
			continue
		case parser.KUnaryExpression:
			if t.FirstChildOfKind(e, parser.TBang) >= 0 {
				return e
			}
			e = t.NamedChild(e, 0)
			continue
		case parser.KUnsafeBlock:
			b := t.FirstChildOfKind(e, parser.KBlock)
			if b < 0 || len(t.NamedChildren(b)) != 1 {
				return e
			}
			e = cfg.BlockTail(t, b)
			continue
		case parser.KCallExpression:
			if m := MethodName(t, e); m == "as_mut" || m == "get_mut" || m == "by_ref" {
				if len(Args(t, e)) == 0 {
					e = Receiver(t, e)
					continue
				}
				return e
			}
			path := CalleePath(t, e)
			if seg := LastSegment(path); (seg == "new" || seg == "new_unchecked") && strings.Contains(path, "Pin") {
				if args := Args(t, e); len(args) == 1 {
					e = args[0]
					continue
				}
			}
		}
		return e
	}
	return e
}

// CallText renders a call for a message: its text when short and on one line, else
// `receiver.method(..)` / `path(..)`.
func CallText(t *parser.Tree, call parser.NodeID) string {
	s := t.Text(call)
	if len(s) <= 60 && !strings.Contains(s, "\n") {
		return s
	}
	fn := Callee(t, call)
	if t.Is(fn, parser.KFieldExpression) {
		recv := strings.Join(strings.Fields(t.Text(t.Field(fn, parser.FValue))), "")
		if len(recv) > 40 || strings.Contains(recv, "(") {
			recv = ".."
		}
		return recv + "." + t.Text(t.Field(fn, parser.FField)) + "(..)"
	}
	return strings.Join(strings.Fields(t.Text(fn)), "") + "(..)"
}

// ChannelSender returns the name the let binds a channel's sending half to, when it binds
// its receiving half to rx: `let (tx, mut rx) = mpsc::channel(..)`; "" otherwise (and for
// `_`, which drops the sender at once).
func ChannelSender(t *parser.Tree, let parser.NodeID, rx string) string {
	pat := t.Field(let, parser.FPattern)
	if !t.Is(pat, parser.KTuplePattern) {
		return ""
	}
	els := t.NamedChildren(pat)
	if len(els) != 2 {
		return ""
	}
	bare := func(p parser.NodeID) string {
		if t.Is(p, parser.KMutPattern) {
			p = t.FirstChildOfKind(p, parser.KIdentifier)
		}
		if !t.Is(p, parser.KIdentifier) {
			return ""
		}
		return t.Text(p)
	}
	tx := bare(els[0])
	if bare(els[1]) != rx || tx == "" || tx == "_" {
		return ""
	}
	v := t.Unparen(t.Field(let, parser.FValue))
	if !t.Is(v, parser.KCallExpression) {
		return ""
	}
	switch LastSegment(CalleePath(t, v)) {
	case "channel", "unbounded_channel", "bounded", "unbounded":
		return tx
	}
	return ""
}
