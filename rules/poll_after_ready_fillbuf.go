package rules

import (
	"fmt"
	"regexp"

	"github.com/rustaudit/rustaudit/parser"
)

// `poll_fill_buf` after EOF (issue 13, capability 6). `AsyncBufRead::poll_fill_buf` returns
// an empty buffer at EOF, and many readers do not fuse that end: a `BufReader<File>` reads
// the file again (tokio once panicked there), others may block or misbehave. Two shapes:
//
//   - a loop in a poll function that fills the buffer, consumes it and goes round again
//     without ever asking whether the buffer was empty: at EOF `poll_fill_buf` returns an
//     empty buffer at once on every turn, so the loop never ends (it spins, holding the
//     executor thread);
//   - a poll function that fills the buffer once to wait for data, drops the result, then
//     calls `poll_fill_buf` on the same reader again to borrow the buffer: a second call
//     after `Ready` that need not be `Ready` again, and at EOF reads again.
//
// Quiet: any emptiness test in the function (`is_empty()`, `len() == 0`, `== 0`, `n > 0`),
// which is how the end is recorded, and a loop that leaves by a `break` or `return` reached
// from a condition on the buffer.

var parEmptyTest = regexp.MustCompile(`is_empty\(\)|==\s*0\b|\b0\s*==|>\s*0\b|<\s*1\b|!=\s*0\b|>=\s*1\b`)

// parReadyOkDiscard matches a `Poll::Ready(Ok(_))` pattern that drops the buffer.
var parReadyOkDiscard = regexp.MustCompile(`Ready\(\s*Ok\(\s*_\s*\)\s*\)`)

// parCheckFillBuf looks for the two shapes in poll function fn.
func parCheckFillBuf(p *Pass, fn parser.NodeID) {
	t := p.Tree
	if !p.Mentions("poll_fill_buf") {
		return
	}
	body := t.Field(fn, parser.FBody)
	if body < 0 || !ReturnsPoll(t, fn) {
		return
	}
	_, cx := ContextParam(t, fn)
	if cx == "" || !TextMentions(t, body, "poll_fill_buf") {
		return
	}
	if parEmptyTest.MatchString(t.Text(body)) {
		return // the function asks whether the buffer was empty: it sees the end
	}
	var fills []parser.NodeID
	WalkBody(t, body, func(d parser.NodeID) bool {
		if d != body && IsBodyBoundary(t, d) {
			return false
		}
		if t.Is(d, parser.KCallExpression) && MethodName(t, d) == "poll_fill_buf" && len(Args(t, d)) == 1 && flowMentions(t, Args(t, d)[0], cx) {
			fills = append(fills, d)
		}
		return true
	})
	fnName := "`" + t.Text(t.Field(fn, parser.FName)) + "`"
	own := parOwnFillBuf(t, fn)
	for i, call := range fills {
		if own && t.TextIs(t.Unparen(Receiver(t, call)), "self") {
			continue // the type's own `poll_fill_buf`, not `AsyncBufRead`'s
		}
		recv := compactText(t, StripPollPin(t, Receiver(t, call)))
		// Shape 2: a later fill of the same reader after one whose result was dropped.
		if i+1 < len(fills) && parFillDropped(t, call) {
			next := fills[i+1]
			if compactText(t, StripPollPin(t, Receiver(t, next))) == recv && parInnermostLoop(t, next, body) == parInnermostLoop(t, call, body) {
				p.Report(Diagnostic{
					Node: next,
					Message: fmt.Sprintf("`%s.poll_fill_buf(cx)` is called again after it returned `Ready` in the same call to %s: "+
						"a reader need not be `Ready` a second time, and at EOF (an empty buffer) it reads again, which some readers do not allow", recv, fnName),
					Help: "poll `poll_fill_buf` once and keep its result (re-borrow the buffer through the same reader only after " +
						"checking it is not empty), or stop at EOF when the first call returned an empty buffer",
					Related: []RelatedNode{{Node: call, Message: "the first call, whose `Ready` result is dropped here"}},
					Notes: []string{"tokio's and futures' `fill_buf` futures had this shape and were fixed to call it once: " +
						"a `BufReader<File>` at EOF panicked on the second call"},
				})
				continue
			}
		}
		// Shape 1: a loop that fills again with no test of the buffer's emptiness.
		loop := parInnermostLoop(t, call, body)
		if loop < 0 || !t.Is(loop, parser.KLoopExpression) {
			continue
		}
		p.Report(Diagnostic{
			Node: call,
			Message: fmt.Sprintf("`%s.poll_fill_buf(cx)` is called again on every turn of this loop and nothing checks whether it returned "+
				"an empty buffer: at EOF it returns an empty buffer at once, every time, so the loop never ends", recv),
			Help: "stop at EOF: when the buffer is empty (`buf.is_empty()`), record the end and return `Poll::Ready(..)` " +
				"instead of going round again",
			Related: []RelatedNode{{Node: LoopHead(t, loop), Message: "the loop that fills the buffer again"}},
			Notes:   []string{fmt.Sprintf("no emptiness test (`is_empty()`, `== 0`) appears in %s, so the end of the reader is never seen", fnName)},
		})
	}
}

// parFillDropped reports whether a poll_fill_buf call's buffer is thrown away: it is the
// value of a `match` (or `ready!(..)?`) statement whose `Ready(Ok(_))` outcome is not bound.
func parFillDropped(t *parser.Tree, call parser.NodeID) bool {
	_, up := ParenParent(t, call)
	switch {
	case t.Is(up, parser.KMatchExpression) && t.Field(up, parser.FValue) >= 0:
		if !t.Is(t.Parent(up), parser.KExpressionStatement) {
			return false
		}
		for _, arm := range t.NamedChildren(t.Field(up, parser.FBody)) {
			if !t.Is(arm, parser.KMatchArm) {
				continue
			}
			pat := t.Text(t.Field(arm, parser.FPattern))
			if parReadyOkDiscard.MatchString(pat) {
				return true
			}
		}
	case t.Is(up, parser.KMacroBody):
		// `ready!(..)?;`, `let _ = ready!(..)?;`
		m := t.Parent(up)
		v := t.Parent(m)
		if t.Is(v, parser.KTryExpression) {
			v = t.Parent(v)
		}
		if t.Is(v, parser.KExpressionStatement) {
			return true
		}
		if t.Is(v, parser.KLetDeclaration) && t.TextIs(t.Field(v, parser.FPattern), "_") {
			return true
		}
	}
	return false
}

// parOwnFillBuf reports whether the type whose impl holds fn declares, in this file, an
// inherent `poll_fill_buf` of its own (in an impl without a trait): `self.poll_fill_buf(cx)`
// calls that one (inherent methods come first), whose result says what it says (a
// `Poll<Result<Option<()>>>` that is `Ready(Ok(None))` at EOF), not `AsyncBufRead`'s.
func parOwnFillBuf(t *parser.Tree, fn parser.NodeID) bool {
	owner := parImplTypeName(t, fn)
	if owner == "" {
		return false
	}
	own := false
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if own {
			return false
		}
		if !t.Is(d, parser.KFunctionItem) || !t.TextIs(t.Field(d, parser.FName), "poll_fill_buf") {
			return true
		}
		impl := enclosingImpl(t, d, implOfItem)
		own = impl >= 0 && t.Field(impl, parser.FTrait) < 0 && implTypeName(t, impl, implNamePath) == owner
		return false
	})
	return own
}
