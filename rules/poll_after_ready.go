package rules

import (
	_ "embed"

	"github.com/rustaudit/rustaudit/parser"
)

//go:embed poll_after_ready.md
var pollAfterReadyDoc string

// PollAfterReady is the `poll_after_ready` rule.
var PollAfterReady = &Rule{
	ID:        "poll_after_ready",
	Summary:   "may poll a future again after it returned `Ready`, which can panic or misbehave",
	Level:     LevelWarning,
	Since:     "0.1.0",
	Tags:      []string{"async", "correctness"},
	Precision: "medium",
	Doc:       pollAfterReadyDoc,
	Kinds:     []parser.Kind{parser.KFunctionItem, parser.KClosureExpression, parser.KMacroInvocation},
	// Not a Local check: a `Future` impl's poll is recorded (parRecordFuture), for fields of
	// that type polled in other files.
	Check: checkPollAfterReady,
}

// The rule has two halves.
//
// Hand-written poll functions (any function or `poll_fn` closure that receives a task
// Context and returns `Poll`): for each poll of a future kept across calls — a field
// (`Pin::new(&mut self.a).poll(cx)`, `this.a.poll(cx)` on a projection,
// `self.a.poll_unpin(cx)`, `try_poll`) or, in a `poll_fn` closure, a captured variable — a
// small path analysis runs over the body. A path is "live" from the point where that poll
// returned `Ready` until it records the completion by writing the future's place
// (`self.a = None`, `this.a.set(..)`, `self.a.take()`, `mem::replace`, `reset`, replacing
// the whole state). It is reported when a live path
//   - reaches the same poll again through a loop's back edge (the loop form), unless the
//     place is written anywhere in that loop, or
//   - returns `Pending` (or something that may be Pending: `ready!(other)`, a delegated
//     poll) after the Context was used for something else on the path (the join form: the
//     next call polls the finished future again). Requiring that other use keeps the rule
//     quiet when the later `Pending` is correlated with the output the Ready arm stored.
// A poll under any condition or after an earlier early return is left alone, and so is a
// place that is not a one-shot future by its declared type (`Fuse`, `MaybeDone`, `Option`,
// collections such as `FuturesSet`, a timer beside another future, a type parameter not
// bounded by `Future`), a bare `x.poll(cx)` on a place that is not pinned (another type's
// own `poll`), and a poll whose result is thrown away (a driver).
//
// `tokio::select!` in a loop: a branch polling `&mut fut` (or `fut.as_mut()`) where `fut`
// was bound before the loop, recognisably as a one-shot future (an async block, a call, a
// parameter typed as a future / handle / receiver), with no `, if ..` precondition, whose
// handler can finish without leaving the loop or replacing `fut`, and does not set state
// that decides whether the loop goes on. `futures::select!` requires fused futures and is
// quiet.

func checkPollAfterReady(p *Pass, n parser.NodeID) {
	if p.Tree.Is(n, parser.KFunctionItem) && p.Mentions("Stream") {
		parRecordStreamFn(p, n) // for the fields given its result, in any file
	}
	polls := p.Mentions("poll") || p.Mentions("select")
	// A stream drained by `while let` and polled again (poll_after_ready_drained.go) needs
	// neither word.
	drains := p.Mentions("next") && p.Mentions("while")
	if !polls && !drains {
		return // (a file without them has nothing to check or record)
	}
	switch p.Tree.Kind(n) {
	case parser.KFunctionItem, parser.KClosureExpression:
		if polls {
			if p.Tree.Is(n, parser.KFunctionItem) {
				parRecordFuture(p, n)
			}
			parCheckPollFn(p, n)
			if p.Tree.Is(n, parser.KFunctionItem) {
				parCheckFillBuf(p, n)
				parCheckDropRevive(p, n)
			}
		}
		if drains && p.Tree.Is(n, parser.KFunctionItem) {
			parCheckDrainedStream(p, n)
		}
	case parser.KMacroInvocation:
		if polls {
			parCheckSelect(p, n)
		}
	}
}
