package rules

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

//go:embed select_unbiased_priority.md
var selectUnbiasedPriorityDoc string

// SelectUnbiasedPriority is the `select_unbiased_priority` rule.
var SelectUnbiasedPriority = &Rule{
	ID:        "select_unbiased_priority",
	Summary:   "puts a shutdown branch first in a `select!` without `biased;`, so it is not checked first",
	Level:     LevelAllow,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness"},
	Precision: "medium",
	Doc:       selectUnbiasedPriorityDoc,
	// A test runs one scenario: which branch wins a tie there is the test's own business.
	Contexts: map[ContextKind]Level{CtxTest: LevelAllow},
	Kinds:    []parser.Kind{parser.KMacroInvocation},
	Local:    &LocalCheck{Needs: []string{"select"}, Check: checkSelectUnbiasedPriority},
}

func checkSelectUnbiasedPriority(p *LocalPass, m parser.NodeID) {
	t := p.Tree
	if !MacroIs(t, m, "select") || IsBiasedSelect(t, m) {
		return
	}
	flavor := selectFlavor(t, m)
	if flavor == "" {
		return
	}
	var branches []parser.NodeID
	for _, b := range SelectBranches(t, m) {
		if t.Is(b, parser.KSelectBranch) && t.Field(b, parser.FFuture) >= 0 {
			branches = append(branches, b)
		}
	}
	if len(branches) < 2 {
		return // nothing to lose to
	}
	// Outside a loop the select! is one race: the signal and the work rarely become ready in
	// the same instant, and whichever wins, the race is over. In a loop over a busy stream
	// the work can be ready on every iteration, and each iteration tosses the coin again, so
	// work keeps being picked after shutdown was asked for. There the shutdown branch must
	// also end the loop (`break`, `return`): a branch that handles "the process monitor
	// stopped" and carries on is an event like any other.
	loop := SelectLoop(t, m)
	if loop < 0 {
		return
	}
	exit := exitsLoop(t, t.Field(branches[0], parser.FHandler))
	if exit < 0 {
		return
	}
	first := t.Field(branches[0], parser.FFuture)
	what, ok := shutdownSignal(t, first)
	if !ok {
		return
	}
	// The branch it loses to: one that is not a signal too (a select of ctrl-c against
	// SIGTERM has no priority to get wrong), that can be ready again and again (a channel,
	// a stream, an interval, an accept), and whose handler goes on with the loop (when every
	// other branch leaves the loop too, the select! is a one-shot race after all).
	rival := parser.None
	for _, b := range branches[1:] {
		f := t.Field(b, parser.FFuture)
		if isSignalLike(t, f) || !supStaysReady(t, f) || leavesLoop(t, t.Field(b, parser.FHandler)) {
			continue
		}
		rival = f
		break
	}
	if rival < 0 {
		return
	}
	// `if token.is_cancelled() { .. }` later in the loop re-checks the token, which closes
	// the race by hand.
	if tok := cancelledReceiver(t, first); tok != "" && rechecksCancellation(t, loop, tok) {
		return
	}
	written := compactText(t, first)
	macro := "`" + compactText(t, t.Field(m, parser.FMacro)) + "!`"
	// Both crates pick among ready branches at random (tokio from a random start, futures
	// by shuffling); with two branches each wins half the time.
	odds := "half the time"
	if len(branches) > 2 {
		odds = "some of the time"
	}
	d := Diagnostic{
		Node: first,
		Message: fmt.Sprintf("`%s` %s and is the first branch of this %s, but without `biased;` the branches are polled in random order: when it and other work are ready together, the other work wins %s",
			written, what, macro, odds),
		Related: []RelatedNode{{Node: rival, Message: "this branch can be ready on every iteration, and be chosen even after the shutdown signal has fired"}},
	}
	if flavor == "futures" {
		d.Message = fmt.Sprintf("`%s` %s and is the first branch of this %s, but futures' `select!` polls its branches in random order (unlike `select_biased!`): when it and other work are ready together, the other work wins %s",
			written, what, macro, odds)
		d.Help = "use `futures::select_biased!` so that branches are polled from top to bottom and the shutdown signal is always checked first"
	} else {
		d.Help = "add `biased;` as the first line of the `select!` so that branches are polled from top to bottom and the shutdown signal is always checked first"
	}
	d.Related = append(d.Related,
		RelatedNode{Node: exit, Message: "the shutdown branch leaves the loop here, but only when the random order picks it"},
		RelatedNode{Node: loop, Message: "each iteration of this loop can pick other work over the shutdown signal"})
	if fx, ok := subBiasedFix(t, m, flavor, len(branches)); ok {
		d.Fixes = append(d.Fixes, fx)
	}
	p.Report(d)
}

// subBiasedFix asks for the written order: `biased;` above the first branch of tokio's
// select!, or futures' select_biased! in place of its select!. The change is certain when
// the select! has two branches: the only choice it changes is the one between the shutdown
// signal and the work when both are ready, which is the bug. With more branches it also
// fixes the order among the others, and a busy branch written early can then starve the
// ones below it: that needs review.
func subBiasedFix(t *parser.Tree, m parser.NodeID, flavor string, branches int) (Fix, bool) {
	fx := Fix{Applicability: NeedsReview}
	if branches == 2 {
		fx.Applicability = Certain
	}
	if flavor == "futures" {
		name := t.Field(m, parser.FMacro)
		path := t.Imports.Resolve(compactText(t, name))
		root, _, _ := strings.Cut(path, "::")
		if root != "futures" && root != "futures_util" {
			return Fix{}, false
		}
		// The full path, so that no `use` is needed for it.
		fx.Description = "Use `" + root + "::select_biased!`, which polls the branches from top to bottom"
		fx.Edits = []Edit{ReplaceNode(t, name, root+"::select_biased")}
		return fx, true
	}
	body, bs := t.MacroBody(m), SelectBranches(t, m)
	if body < 0 || len(bs) == 0 || !strings.ContainsRune("{([", rune(t.Src[t.Nodes[body].Start])) {
		return Fix{}, false
	}
	fx.Description = "Add `biased;` at the top of the `select!`, so that the branches are polled from top to bottom"
	// On the line after the opening brace, indented like the first branch, so that a
	// comment above that branch stays with it; on the same line when the branches are.
	if row := int(t.Nodes[body].StartRow) + 1; int(t.Nodes[bs[0]].StartRow) >= row {
		at := uint32(t.Lines[row])
		fx.Edits = []Edit{{Start: at, End: at, New: IndentOf(t, bs[0]) + "biased;" + lineEnding(t, row)}}
	} else {
		fx.Edits = []Edit{InsertBefore(t, bs[0], "biased; ")}
	}
	return fx, true
}

// supReadyWords are operations that take the next item from a source that can have many
// ready at once: a channel or stream receive, an accept, a read, an interval's tick, a
// JoinSet's next finished task.
var supReadyWords = map[string]bool{
	"recv": true, "receive": true, "accept": true, "read": true, "next": true,
	"tick": true, "changed": true, "notified": true, "readable": true, "join": true,
}

// supStaysReady reports whether a select! future can be ready on iteration after iteration:
// `rx.recv()`, `stream.next()`, `listener.accept()`, `interval.tick()`, `accept(&socket)`,
// `set.join_next()`, `s.select_next_some()`. A pinned one-shot future (`&mut work`), a fresh
// `sleep(..)` or an async block is not.
func supStaysReady(t *parser.Tree, fut parser.NodeID) bool {
	core := StripFuture(t, false, fut)
	if !t.Is(core, parser.KCallExpression) {
		return false
	}
	name := MethodName(t, core)
	if name == "" {
		name = LastSegment(CalleePath(t, core))
	}
	if name == "select_next_some" {
		return true
	}
	words := identWords(name)
	return len(words) > 0 && supReadyWords[words[0]]
}

// selectFlavor tells whose select! this is: "tokio", "futures", or "" for another crate's
// macro (crossbeam's select! is a blocking select with another syntax).
func selectFlavor(t *parser.Tree, m parser.NodeID) string {
	path := t.Imports.Resolve(compactText(t, t.Field(m, parser.FMacro)))
	switch {
	case path == "select", strings.HasPrefix(path, "tokio::"):
		return "tokio"
	case strings.HasPrefix(path, "futures::"), strings.HasPrefix(path, "futures_util::"):
		return "futures"
	}
	return ""
}

// leavesLoop reports whether a select! handler always leaves the loop: `break`, `return`,
// or a block that ends with one.
func leavesLoop(t *parser.Tree, h parser.NodeID) bool {
	h = t.Unparen(h)
	switch t.Kind(h) {
	case parser.KBreakExpression, parser.KReturnExpression:
		return true
	case parser.KBlock:
		kids := t.NamedChildren(h)
		if len(kids) == 0 {
			return false
		}
		last := kids[len(kids)-1]
		if t.Is(last, parser.KExpressionStatement) {
			last = t.NamedChild(last, 0)
		}
		return leavesLoop(t, last)
	}
	return false
}

// exitsLoop returns a `break` or `return` in a select! handler that leaves the loop around
// the select!, or None. Breaks inside nested loops, and anything inside closures or async
// blocks, do not count; a labelled break is assumed to leave it.
func exitsLoop(t *parser.Tree, h parser.NodeID) parser.NodeID {
	found := parser.None
	var visit func(n parser.NodeID, inLoop bool)
	visit = func(n parser.NodeID, inLoop bool) {
		t.Walk(n, func(d parser.NodeID) bool {
			if found >= 0 {
				return false
			}
			if d != n && IsBodyBoundary(t, d) {
				return false
			}
			switch {
			case t.Is(d, parser.KReturnExpression):
				found = d
				return false
			case t.Is(d, parser.KBreakExpression):
				if !inLoop || t.FirstChildOfKind(d, parser.KLabel) >= 0 {
					found = d
					return false
				}
			case d != n && IsLoop(t, d):
				visit(d, true)
				return false
			case d != n && t.Is(d, parser.KMacroInvocation) && MacroIs(t, d, "select"):
				// A nested select!'s `break` still leaves our loop: keep walking.
			}
			return true
		})
	}
	visit(h, false)
	return found
}

// cancelledReceiver returns the text of the token in `token.cancelled()`, or "".
func cancelledReceiver(t *parser.Tree, fut parser.NodeID) string {
	core := StripFuture(t, false, fut)
	for t.Is(core, parser.KCallExpression) {
		name := MethodName(t, core)
		if name == "" {
			return ""
		}
		if name == "cancelled" || name == "cancelled_owned" {
			return compactText(t, Receiver(t, core))
		}
		core = Receiver(t, core)
	}
	return ""
}

// rechecksCancellation reports whether the loop calls `tok.is_cancelled()`.
func rechecksCancellation(t *parser.Tree, loop parser.NodeID, tok string) bool {
	found := false
	t.Walk(loop, func(d parser.NodeID) bool {
		if t.Is(d, parser.KCallExpression) && MethodName(t, d) == "is_cancelled" && compactText(t, Receiver(t, d)) == tok {
			found = true
		}
		return !found
	})
	return found
}

// otherSignalWords name OS signals that are not shutdown requests (SIGHUP asks for a reload):
// a select! that only dispatches signals has no work for the shutdown to lose to.
var otherSignalWords = map[string]bool{
	"signal": true, "signals": true, "sig": true, "sighup": true, "hangup": true, "hup": true,
	"sigusr1": true, "sigusr2": true, "sigchld": true, "sigwinch": true, "sigpipe": true, "sigalrm": true,
}

// isSignalLike reports whether a select! future waits for a shutdown or an OS signal.
func isSignalLike(t *parser.Tree, fut parser.NodeID) bool {
	if _, ok := shutdownSignal(t, fut); ok {
		return true
	}
	like := false
	t.Walk(fut, func(d parser.NodeID) bool {
		switch t.Kind(d) {
		case parser.KIdentifier, parser.KFieldIdentifier:
			for _, w := range identWords(t.Text(d)) {
				if otherSignalWords[w] {
					like = true
				}
			}
		}
		return !like
	})
	return like
}
