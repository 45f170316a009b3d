package rules

import (
	"bytes"
	_ "embed"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

//go:embed unbounded_channel.md
var unboundedChannelDoc string

// UnboundedChannel is the `unbounded_channel` rule.
var UnboundedChannel = &Rule{
	ID:        "unbounded_channel",
	Summary:   "creates an unbounded channel, which has no backpressure",
	Level:     LevelNote,
	Since:     "0.1.0",
	Tags:      []string{"async", "performance"},
	Precision: "very-high",
	Doc:       unboundedChannelDoc,
	Kinds:     []parser.Kind{parser.KCallExpression},
	// Tests make unbounded channels all the time (the code under test takes an
	// `UnboundedSender`, or the test sends a handful of messages): reporting them is noise.
	Contexts: map[ContextKind]Level{CtxTest: LevelAllow},
	Check:    checkUnboundedChannel,
}

// unboundedCtor is a function that creates an unbounded async channel, with the bounded
// constructor to use instead.
type unboundedCtor struct {
	path    string // full path of the constructor
	crate   string // how the message names the channel's crate
	bounded string // the bounded constructor, for the help text
}

var unboundedCtors = []unboundedCtor{
	{"tokio::sync::mpsc::unbounded_channel", "tokio::sync::mpsc", "tokio::sync::mpsc::channel(capacity)"},
	{"futures::channel::mpsc::unbounded", "futures::channel::mpsc", "futures::channel::mpsc::channel(capacity)"},
	{"futures_channel::mpsc::unbounded", "futures_channel::mpsc", "futures_channel::mpsc::channel(capacity)"},
	{"futures::sync::mpsc::unbounded", "futures::sync::mpsc (futures 0.1)", "futures::sync::mpsc::channel(capacity)"},
	{"async_channel::unbounded", "async_channel", "async_channel::bounded(capacity)"},
	{"async_std::channel::unbounded", "async_std::channel", "async_std::channel::bounded(capacity)"},
	{"smol::channel::unbounded", "smol::channel", "smol::channel::bounded(capacity)"},
	{"flume::unbounded", "flume", "flume::bounded(capacity)"},
}

// syncUnboundedCtors are unbounded channels of blocking (thread) code. They are out of this
// rule's scope, and a partial path that could name one of them is too ambiguous to report.
var syncUnboundedCtors = []string{
	"crossbeam_channel::unbounded",
	"crossbeam::channel::unbounded",
	"std::sync::mpsc::channel",
	"std::sync::mpmc::channel",
}

// resolveUnboundedCtor says which unbounded async channel a resolved call path creates. A
// full path must match exactly; a partial path whose first segment is not imported
// (`mpsc::unbounded_channel` with `mpsc` coming from somewhere we cannot see) must be the
// suffix of an async constructor and of no blocking one. A bare name only counts when a glob
// import brings it in.
func resolveUnboundedCtor(t *parser.Tree, path string) (unboundedCtor, bool) {
	for _, c := range unboundedCtors {
		if path == c.path {
			return c, true
		}
	}
	for _, s := range syncUnboundedCtors {
		if path == s {
			return unboundedCtor{}, false
		}
	}
	if !strings.Contains(path, "::") {
		// `unbounded()` is a local function unless `use flume::*` (or the like) brought it.
		for _, g := range t.Imports.Globs {
			full := t.Imports.Resolve(g) + "::" + path
			for _, c := range unboundedCtors {
				if full == c.path {
					return c, true
				}
			}
		}
		return unboundedCtor{}, false
	}
	first, _, _ := strings.Cut(path, "::")
	if _, imported := t.Imports.Names[first]; imported || isKnownChannelCrate(first) {
		// Imported or fully qualified, and not one of ours: someone else's `unbounded`.
		return unboundedCtor{}, false
	}
	for _, s := range syncUnboundedCtors {
		if strings.HasSuffix(s, "::"+path) {
			return unboundedCtor{}, false
		}
	}
	var found []unboundedCtor
	for _, c := range unboundedCtors {
		if strings.HasSuffix(c.path, "::"+path) {
			found = append(found, c)
		}
	}
	if len(found) == 0 {
		return unboundedCtor{}, false
	}
	// `mpsc::unbounded` fits futures and futures_channel alike; they are the same channel.
	return found[0], true
}

func isKnownChannelCrate(s string) bool {
	switch s {
	case "tokio", "futures", "futures_channel", "async_channel", "async_std", "smol", "flume",
		"crossbeam_channel", "crossbeam", "std", "core", "crate", "self", "super":
		return true
	}
	return false
}

func checkUnboundedChannel(p *Pass, n parser.NodeID) {
	t := p.Tree
	if !mayCallUnbounded(t, n) {
		return
	}
	path := CalleePath(t, n)
	if !strings.Contains(path, "unbounded") {
		return
	}
	ctor, ok := resolveUnboundedCtor(t, path)
	if !ok {
		return
	}
	callee := t.Field(n, parser.FFunction)
	written := strings.Join(strings.Fields(t.Text(callee)), "")
	d := Diagnostic{
		Node:    n,
		Message: "`" + written + "()` creates an unbounded `" + ctor.crate + "` channel: nothing slows the senders down, so messages pile up in memory for as long as the receiver is slower",
		Help:    "use a bounded channel sized for the largest burst you expect (`" + ctor.bounded + "`): a full channel then makes senders wait, which is backpressure",
	}
	if v := unboundedSenderBinding(t, n); v >= 0 {
		d.Related = append(d.Related, RelatedNode{Node: v, Message: "the sender and receiver of the unbounded channel"})
	}
	p.Report(d)
}

// mayCallUnbounded is a cheap first test, without allocating, that a call's callee could
// resolve to an unbounded constructor: its last segment says "unbounded", or it is a bare
// name imported from a path that does (`use tokio::sync::mpsc::unbounded_channel as queue;`).
func mayCallUnbounded(t *parser.Tree, call parser.NodeID) bool {
	fn := Callee(t, call)
	switch t.Kind(fn) {
	case parser.KScopedIdentifier:
		return bytes.Contains(t.Bytes(t.Field(fn, parser.FName)), unboundedWord)
	case parser.KIdentifier:
		b := t.Bytes(fn)
		if bytes.Contains(b, unboundedWord) {
			return true
		}
		full, ok := t.Imports.Names[string(b)]
		return ok && strings.Contains(full, "unbounded")
	}
	return false
}

var unboundedWord = []byte("unbounded")

// unboundedSenderBinding returns the pattern of the `let` that binds the channel's ends,
// when the call is the whole initializer.
func unboundedSenderBinding(t *parser.Tree, call parser.NodeID) parser.NodeID {
	par := t.Parent(call)
	if t.Is(par, parser.KLetDeclaration) && t.Field(par, parser.FValue) == call {
		return t.Field(par, parser.FPattern)
	}
	return parser.None
}
