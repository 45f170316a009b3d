package rules

// poll_after_ready in async code: a stream drained by `while let Some(x) = s.next().await`,
// whose loop ends only when `next()` returned `None`, polled again later in the same body
// (`s.next().await` once more, a second `while let` over it). The `Stream` contract lets a
// stream panic when it is polled after `None`, and some do: `futures::stream::unfold`
// panics with "Unfold must not be polled after it returned `Poll::Ready(None)`", and so does
// every adapter over it. Fused streams (`.fuse()`, `Fuse<..>`, `impl FusedStream`) and the
// channel streams that return `None` again (tokio-stream's `ReceiverStream`,
// `BroadcastStream`, futures' channel receivers) are left alone.

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// parStreamNextMethods are the `StreamExt` methods that poll a stream for its next item.
var parStreamNextMethods = map[string]bool{"next": true, "try_next": true}

// parRepeatsNoneTypes name stream types whose `next()` after the end returns `None` again.
var parRepeatsNoneTypes = []string{"Fuse", "FusedStream", "ReceiverStream", "UnboundedReceiverStream",
	"BroadcastStream", "WatchStream", "Receiver", "UnboundedReceiver", "SelectAll", "FuturesUnordered",
	"FuturesOrdered", "StreamMap"}

// parCheckDrainedStream reports, in the body of fn, each stream polled again after a `while
// let Some(..) = s.next().await` loop that only its end leaves.
func parCheckDrainedStream(p *Pass, fn parser.NodeID) {
	t := p.Tree
	body := t.Field(fn, parser.FBody)
	if body < 0 || !bytes.Contains(t.Src[t.Nodes[body].Start:t.Nodes[body].End], []byte("while")) {
		return
	}
	// Async blocks and closures inside fn are searched too, each loop within the body it
	// runs in; nested fn items are checked on their own.
	t.Walk(body, func(w parser.NodeID) bool {
		if t.Is(w, parser.KFunctionItem) {
			return false
		}
		if !t.Is(w, parser.KWhileExpression) && !t.Is(w, parser.KIfExpression) {
			return true
		}
		scope := EnclosingBody(t, w)
		if !t.Is(scope, parser.KAsyncBlock) {
			scope = t.Field(scope, parser.FBody)
		}
		if d, ok := parDrainedThenPolled(t, w, scope); ok {
			p.Report(d)
		}
		if d, ok := parEndSwallowed(t, w, scope); ok {
			p.Report(d)
		}
		return true
	})
}

// parEndSwallowed checks a `while let Some(x) = s.next().now_or_never().flatten()` (or `if
// let`): `flatten()` turns the stream's end (`Some(None)`) into the `None` of "not ready
// yet", so the code goes on as if more could come, and polls s again after it ended when
// another poll of s can run after it (an outer loop's `s.next().await`, the same `while let`
// on the loop's next turn). zed-industries/zed#46839 batched ready events this way.
func parEndSwallowed(t *parser.Tree, w, body parser.NodeID) (Diagnostic, bool) {
	cond := t.Field(w, parser.FCondition)
	if !t.Is(cond, parser.KLetCondition) {
		return Diagnostic{}, false
	}
	if _, some := TupleVariant(t, t.Field(cond, parser.FPattern), "Some"); !some {
		return Diagnostic{}, false
	}
	flat := t.Unparen(t.Field(cond, parser.FValue))
	if !t.Is(flat, parser.KCallExpression) || MethodName(t, flat) != "flatten" || len(Args(t, flat)) != 0 {
		return Diagnostic{}, false
	}
	non := t.Unparen(Receiver(t, flat))
	if !t.Is(non, parser.KCallExpression) || MethodName(t, non) != "now_or_never" {
		return Diagnostic{}, false
	}
	call := t.Unparen(Receiver(t, non))
	place := parNextPlace(t, call)
	if place == "" || parRepeatsNone(t, t.Unparen(Receiver(t, call))) {
		return Diagnostic{}, false
	}
	g := cfg.Of(t, w)
	var again parser.NodeID = parser.None
	WalkBody(t, body, func(d parser.NodeID) bool {
		if again >= 0 {
			return false
		}
		if parNextPlace(t, d) == place && g.After(w, d) {
			again = d
		}
		return again < 0
	})
	if again < 0 {
		return Diagnostic{}, false
	}
	d := Diagnostic{
		Node: flat,
		Message: fmt.Sprintf("`.flatten()` on `%s.%s().now_or_never()` makes the stream's end (`Some(None)`) look like "+
			"\"no item ready yet\" (`None`): the code goes on and polls `%s` again (line %d) after it ended, and a stream "+
			"polled after `None` may panic (`futures::stream::unfold` does)", place, MethodName(t, call), place, t.Nodes[again].StartRow+1),
		Help: "match the two cases apart (`Some(Some(x))` an item, `Some(None)` the end: stop there, `None` not " +
			"ready), or fuse the stream where it is made (`.fuse()`)",
		Related: []RelatedNode{{Node: again, Message: "this polls the stream again, also after it ended"}},
	}
	return d, true
}

// parDrainedThenPolled checks one node: a `while let Some(..) = s.next().await` loop with no
// `break` of its own, and the first poll of the same stream after it in body.
func parDrainedThenPolled(t *parser.Tree, w, body parser.NodeID) (Diagnostic, bool) {
	if !t.Is(w, parser.KWhileExpression) {
		return Diagnostic{}, false
	}
	cond := t.Field(w, parser.FCondition)
	if !t.Is(cond, parser.KLetCondition) {
		return Diagnostic{}, false
	}
	if _, some := TupleVariant(t, t.Field(cond, parser.FPattern), "Some"); !some {
		return Diagnostic{}, false
	}
	call := parAwaitedNext(t, t.Field(cond, parser.FValue))
	if call < 0 {
		return Diagnostic{}, false
	}
	place := parNextPlace(t, call)
	// Only the stream's end leaves the loop: no `break` of its own (a `return` or `?`
	// leaves the body, and nothing after the loop runs then).
	loopBody := t.Field(w, parser.FBody)
	if e, ok := cfg.Of(t, loopBody).Exits(loopBody); !ok || slices.Contains(e.Breaks, w) {
		return Diagnostic{}, false
	}
	if parRepeatsNone(t, t.Unparen(Receiver(t, call))) {
		return Diagnostic{}, false
	}
	// The first use of the stream after the loop, in the same body: a poll reports, any
	// other use (a reassignment, a move, `.fuse()`) ends the search.
	end := t.Nodes[w].End
	var again parser.NodeID = parser.None
	stop := false
	WalkBody(t, body, func(d parser.NodeID) bool {
		if stop || again >= 0 {
			return false
		}
		if t.Nodes[d].End <= end {
			return true
		}
		if t.Nodes[d].Start < end {
			return true // an ancestor of the loop: go down to what follows it
		}
		if parNextPlace(t, d) == place {
			again = d
			return false
		}
		if (t.Is(d, parser.KIdentifier) || t.Is(d, parser.KFieldExpression)) && compactText(t, d) == place {
			stop = true
			return false
		}
		return true
	})
	if again < 0 || !cfg.Of(t, w).After(w, again) {
		return Diagnostic{}, false
	}
	if m := t.AncestorOfKind(again, parser.KMacroInvocation); m >= 0 && t.IsAncestor(body, m) &&
		strings.Contains(t.MacroName(m), "assert") {
		// `assert!(s.next().await.is_none())`: a test that checks the stream stays ended
		return Diagnostic{}, false
	}
	d := Diagnostic{
		Node: again,
		Message: fmt.Sprintf("`%s` is polled again after it ended: the `while let` loop at line %d ends only when `%s.%s()` "+
			"returns `None`, and a stream polled after `None` may panic (`futures::stream::unfold` panics with \"Unfold must not "+
			"be polled after it returned `Poll::Ready(None)`\", and so does every adapter over it)",
			place, t.Nodes[w].StartRow+1, place, MethodName(t, call)),
		Help: fmt.Sprintf("leave `%s` alone once it returned `None` (keep what the later code needs from the loop), or fuse it "+
			"where it is made (`.fuse()`), which makes every poll after the end return `None`", place),
		Related: []RelatedNode{{Node: LoopHead(t, w), Message: "this loop runs until the stream returns `None`"}},
	}
	return d, true
}

// parAwaitedNext returns the `s.next()` call that e awaits (`s.next().await`), or None.
func parAwaitedNext(t *parser.Tree, e parser.NodeID) parser.NodeID {
	e = t.Unparen(e)
	if !t.Is(e, parser.KAwaitExpression) {
		return parser.None
	}
	if call := t.Unparen(t.NamedChild(e, 0)); parNextPlace(t, call) != "" {
		return call
	}
	return parser.None
}

// parNextPlace returns the stream a call polls for its next item (`s.next()`,
// `self.events.try_next()`: "s", "self.events"), when it is a variable or a field chain on
// one; "" for any other node.
func parNextPlace(t *parser.Tree, call parser.NodeID) string {
	if !t.Is(call, parser.KCallExpression) || !parStreamNextMethods[MethodName(t, call)] || len(Args(t, call)) != 0 {
		return ""
	}
	recv := t.Unparen(Receiver(t, call))
	if !PlainPlace(t, recv) {
		return ""
	}
	return compactText(t, recv)
}

// parRepeatsNone reports whether the stream s (a variable) is one whose poll after the end
// is harmless by what its binding shows: made with `.fuse()`, or typed (by its `let` or
// parameter) as a fused stream or a channel stream that returns `None` again.
func parRepeatsNone(t *parser.Tree, s parser.NodeID) bool {
	if !t.Is(s, parser.KIdentifier) {
		return false // a field: its type is declared elsewhere; the contract decides
	}
	decl, let := ResolveBinding(t, s)
	if decl < 0 {
		return false
	}
	var ty, val parser.NodeID = parser.None, parser.None
	if let >= 0 {
		ty, val = t.Field(let, parser.FType), t.Field(let, parser.FValue)
	} else if prm := t.Parent(decl); t.Is(prm, parser.KParameter) {
		ty = t.Field(prm, parser.FType)
	}
	if ty >= 0 {
		txt := t.Text(ty)
		for _, n := range parRepeatsNoneTypes {
			if strings.Contains(txt, n) {
				return true
			}
		}
		// `S` bounded by FusedStream in the fn's (or its impl's) generics or where clause
		if fn := t.AncestorOfKind(s, parser.KFunctionItem); fn >= 0 && t.Is(parStripRefType(t, ty), parser.KTypeIdentifier) {
			if _, fused := parParamBound(t, fn, t.Text(parStripRefType(t, ty)), "FusedStream"); fused {
				return true
			}
		}
	}
	if val >= 0 {
		txt := compactText(t, val)
		if strings.Contains(txt, ".fuse()") {
			return true
		}
		for _, n := range parRepeatsNoneTypes {
			if strings.Contains(txt, n+"::") {
				return true
			}
		}
		if strings.Contains(txt, "channel(") || strings.Contains(txt, "channel::<") || strings.Contains(txt, "unbounded(") {
			return true // a channel's receiving half returns `None` again
		}
	}
	return false
}
