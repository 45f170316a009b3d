package rules

import (
	"github.com/rustaudit/rustaudit/parser"
)

// A `poll_fn` future polled as a branch of a `select!` that a loop runs again, beside a
// branch that fires and keeps the loop going (a channel of requests, a socket, a timer):
// `select!` polls every branch each time the task is woken, so a state this closure reads
// is seen on the next wake-up of another branch. Its `Pending` without a waker makes the
// event late, not lost (judged on real code: a DHT service loop that drains its routing
// table and query pool through two such closures). It hangs only when every other branch
// stays quiet, which a loop that serves requests does not: a note.

// pwwSelectRepoll reports whether the `poll_fn` closure cl makes a future that is polled as
// a looped select! branch beside another branch whose handler keeps the loop going: written
// as the branch itself (`v = poll_fn(..) => ..`), or through a private async fn of the file
// whose body is `poll_fn(..).await` and every call of which in the file is such a branch.
// It returns the branch and the other branch that keeps the loop going.
func pwwSelectRepoll(t *parser.Tree, cl parser.NodeID) (branch, other parser.NodeID, ok bool) {
	args := t.Parent(cl)
	pf := t.Parent(args)
	if !t.Is(args, parser.KArguments) || LastSegment(CalleePath(t, pf)) != "poll_fn" {
		return parser.None, parser.None, false
	}
	if b, o := pwwLoopedBranch(t, pf); b >= 0 {
		return b, o, true
	}
	aw := t.Parent(pf)
	if !t.Is(aw, parser.KAwaitExpression) {
		return parser.None, parser.None, false
	}
	fn := t.Parent(t.Parent(aw)) // the await, the tail expression of the fn's block, the fn
	if !t.Is(fn, parser.KFunctionItem) || t.Field(fn, parser.FBody) != t.Parent(aw) ||
		selTail(t, t.Parent(aw)) != aw || !IsAsyncFn(t, fn) || t.FirstChildOfKind(fn, kVisibility) >= 0 {
		return parser.None, parser.None, false
	}
	name := t.Text(t.Field(fn, parser.FName))
	branch, other = parser.None, parser.None
	calls, all := 0, true
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		if !all {
			return false
		}
		if t.Is(d, parser.KCallExpression) && LastSegment(CalleePath(t, d)) == name {
			calls++
			b, o := pwwLoopedBranch(t, d)
			if b < 0 {
				all = false
			} else if branch < 0 {
				branch, other = b, o
			}
		}
		return true
	})
	return branch, other, all && calls > 0 && branch >= 0
}

// pwwLoopedBranch returns the select! branch whose future is e (through `&mut`, `.fuse()`,
// `Box::pin` ..) when a loop runs that select! again, and another branch of it whose handler
// can let the loop go on; None, None otherwise.
func pwwLoopedBranch(t *parser.Tree, e parser.NodeID) (branch, other parser.NodeID) {
	b, m := SelectBranchPolling(t, e)
	if b < 0 {
		return parser.None, parser.None
	}
	loop, branches, tried := LoopedSelect(t, m)
	if loop < 0 {
		return parser.None, parser.None
	}
	for _, o := range branches {
		if o != b && SelectBranchFuture(t, o) >= 0 && !HandlerDiverges(t, t.Field(o, parser.FHandler), loop, tried, 0) {
			return b, o
		}
	}
	return parser.None, parser.None
}
