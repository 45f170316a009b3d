package rules

import (
	"fmt"
	"strings"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
)

// poll_after_ready, second half: a `select!` in a loop that polls a future again after its
// branch ran (parCheckSelect) and how the finding is worded. Where the future comes from is
// in poll_after_ready_origin.go.

func parCheckSelect(p *Pass, m parser.NodeID) {
	t := p.Tree
	if !MacroIs(t, m, "select") || !parIsTokioSelect(t, m) {
		return
	}
	for _, b := range SelectBranches(t, m) {
		if !t.Is(b, parser.KSelectBranch) {
			continue
		}
		if t.Field(b, parser.FCondition) >= 0 {
			continue // `, if !done`: the branch is disabled once done
		}
		fut := t.Field(b, parser.FFuture)
		name := parBorrowedFuture(t, fut)
		if name == "" {
			continue
		}
		bind := parBinding(t, name, m)
		if bind < 0 {
			continue
		}
		loop := parLoopBetween(t, m, bind)
		if loop < 0 {
			continue
		}
		origin := parOrigin(t, bind, name)
		if origin >= 0 {
			origin = parFollow(t, origin)
		}
		if origin < 0 || parBindingFused(t, origin) {
			continue
		}
		if !parKnownOneShot(t, origin) {
			continue
		}
		handler := t.Field(b, parser.FHandler)
		if parLeavesLoop(t, handler, loop) {
			continue
		}
		if parWritesInside(t, t.Field(loop, parser.FBody), name, fut) {
			continue // `work.set(..)` somewhere in the loop
		}
		if !parSelectValueDiscarded(t, m, loop) || parHandlerSteersLoop(t, handler, m, loop) {
			continue
		}
		d := parSelectDiagnostic(t, fut, name, handler, loop, origin)
		if ty := parCrateFutureCtor(t, origin); ty != "" {
			// A value of a type whose `Future` impl is the crate's own (`PendingFetches::
			// empty()`): what a poll after `Ready` does is that impl's design. Report only
			// when its poll can panic by itself.
			p.ReportLater(d, func(c *Crate, _ *finding.Finding) bool {
				impls := Facts(c, parFutureKey.For(ty))
				if len(impls) == 0 {
					return true
				}
				for _, x := range impls {
					if x.Panics {
						return true
					}
				}
				return false
			})
			continue
		}
		p.Report(d)
	}
}

// parCrateFutureCtor names the type a future bound at origin is a value of, when its value
// is made by an associated fn of a named type or a struct literal (`PendingFetches::empty()`,
// `Self::new(..)`, `Delay { .. }`): a type that may have a `Future` impl of the crate's own;
// "" otherwise (an `async fn`, a free fn, a method call).
func parCrateFutureCtor(t *parser.Tree, origin parser.NodeID) string {
	v := parOriginValue(t, origin)
	name := ""
	switch t.Kind(v) {
	case parser.KCallExpression:
		if MethodName(t, v) != "" {
			return ""
		}
		segs := strings.Split(CalleePath(t, v), "::")
		if len(segs) < 2 {
			return ""
		}
		name = segs[len(segs)-2]
		if i := strings.Index(name, "<"); i >= 0 {
			name = name[:i]
		}
	case parser.KStructExpression:
		name = LastSegment(strings.SplitN(t.Text(t.Field(v, parser.FName)), "<", 2)[0])
	default:
		return ""
	}
	if name == "Self" {
		name = enclosingImplType(t, origin, implAround, implNamePath)
	}
	if name == "" || name[0] < 'A' || name[0] > 'Z' {
		return ""
	}
	return name
}

// parPanicExample says how the future bound at origin fails when polled after it completed,
// as precisely as its origin shows: a tokio `JoinHandle`, tokio's oneshot `Receiver`, an
// async block or `async fn`; otherwise the async fn case, as the common example.
func parPanicExample(t *parser.Tree, origin parser.NodeID) string {
	const (
		joinHandle = "a tokio `JoinHandle` panics with \"JoinHandle polled after completion\""
		oneshot    = "tokio's oneshot `Receiver` panics with \"called after complete\""
		asyncFn    = "an `async fn`'s future panics with \"`async fn` resumed after completion\""
		asyncBlock = "an `async` block's future panics with \"`async fn` resumed after completion\""
	)
	var ty parser.NodeID = parser.None
	switch t.Kind(origin) {
	case parser.KParameter, parser.KLetDeclaration:
		ty = t.Field(origin, parser.FType)
	}
	if ty >= 0 {
		txt := t.Text(ty)
		switch {
		case strings.Contains(txt, "JoinHandle"):
			return joinHandle
		case strings.Contains(txt, "oneshot::Receiver") && PathIs(t.Imports.Resolve(strings.SplitN(txt, "<", 2)[0]), "tokio::sync::oneshot::Receiver"):
			return oneshot
		}
		return asyncFn
	}
	v := parOriginValue(t, origin)
	switch t.Kind(v) {
	case parser.KAsyncBlock:
		return asyncBlock
	case parser.KCallExpression:
		if _, fut := dtSpawnCall(t, v); fut >= 0 {
			return joinHandle
		}
		if PathIs(CalleePath(t, v), "tokio::sync::oneshot::channel") {
			return oneshot
		}
	}
	return asyncFn
}

func parSelectDiagnostic(t *parser.Tree, fut parser.NodeID, name string, handler, loop, origin parser.NodeID) Diagnostic {
	timer := parBindingRepeats(t, origin)
	d := Diagnostic{Node: fut}
	if timer {
		d.Message = fmt.Sprintf("`%s` is polled again on the next iteration of the loop after it completed: a timer that "+
			"fired (or a notification or cancellation that happened) completes again at once, so this branch runs on every "+
			"iteration", compactText(t, fut))
		d.Help = fmt.Sprintf("leave the loop when `%s` completes, re-arm or replace it in the handler "+
			"(`%s.as_mut().reset(Instant::now() + d)`, `%s.set(..)`), or disable the branch once it completed "+
			"(`_ = &mut %s, if !fired => { fired = true; .. }`)", name, name, name, name)
	} else {
		d.Message = fmt.Sprintf("`%s` is polled again on the next iteration of the loop after it completed: `tokio::select!` "+
			"disables a finished branch only for that one call, and polling a finished future may panic (%s)",
			compactText(t, fut), parPanicExample(t, origin))
		d.Help = fmt.Sprintf("leave the loop (`break`/`return`) when `%s` completes, replace it in the handler (`%s.set(..)`), "+
			"or disable the branch once it completed: `v = &mut %s, if !done => { done = true; .. }`", name, name, name)
	}
	d.Related = []RelatedNode{
		{Node: handler, Message: fmt.Sprintf("this handler can finish without leaving the loop or replacing `%s`", name)},
		{Node: LoopHead(t, loop), Message: fmt.Sprintf("the loop whose next iteration polls `%s` again", name)},
	}
	if t.Is(origin, parser.KParameter) {
		d.Related = append(d.Related, RelatedNode{Node: origin, Message: fmt.Sprintf("`%s` is passed in here, once, before the loop", name)})
	} else {
		d.Related = append(d.Related, RelatedNode{Node: origin, Message: fmt.Sprintf("`%s` is created once, here, before the loop", name)})
	}
	return d
}

// parIsTokioSelect reports whether a select! is tokio's (not futures', whose branches
// must be fused futures that may be polled after completion).
func parIsTokioSelect(t *parser.Tree, m parser.NodeID) bool {
	mac := t.Field(m, parser.FMacro)
	path := t.Imports.Resolve(t.Text(mac))
	if strings.HasPrefix(path, "futures") || strings.HasPrefix(path, "::futures") {
		return false
	}
	for _, b := range SelectBranches(t, m) {
		if t.Is(b, parser.KSelectElse) {
			txt := t.Text(b)
			if strings.HasPrefix(txt, "complete") || strings.HasPrefix(txt, "default") {
				return false
			}
		}
	}
	return true
}

// parBorrowedFuture returns the variable a branch future borrows: `&mut work`,
// `work.as_mut()`, `Pin::new(&mut work)`; "" otherwise.
func parBorrowedFuture(t *parser.Tree, fut parser.NodeID) string {
	fut = t.Unparen(fut)
	borrowed := false
	switch t.Kind(fut) {
	case parser.KReferenceExpression:
		borrowed = t.FirstChildOfKind(fut, parser.KMutableSpecifier) >= 0
	case parser.KCallExpression:
		borrowed = MethodName(t, fut) == "as_mut" || strings.Contains(CalleePath(t, fut), "Pin::new")
	}
	if !borrowed {
		return ""
	}
	x := StripPollPin(t, fut)
	if t.Is(x, parser.KIdentifier) {
		return t.Text(x)
	}
	return ""
}
