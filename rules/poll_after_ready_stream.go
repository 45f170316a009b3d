package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
)

// Streams polled after their end (issue 13, capability 6).
//
// A hand-written `Stream` (or `Future`) that polls an inner stream with `poll_next` and,
// where the inner one returned `Ready(None)`, goes on without recording it (no flag, no
// `Option` emptied, no `Fuse`) and returns something that makes its caller poll again (an
// item, `Pending`, another source's poll) polls the ended stream on the next call. Many
// streams panic then ("`Unfold` must not be polled after it returned `Poll::Ready(None)`",
// an `async_stream` body resumed after completion). The path analysis is the join form's,
// with the end as the tracked outcome: only a `None` pattern (`Poll::Ready(None)`, or `None`
// on `ready!(..)`'s value, or the no-match side of `while let Some(x) = ready!(..)`) starts a
// live path. Only inner streams whose type may misbehave are tracked: a type parameter
// bounded by `Stream`/`TryStream`, a boxed `dyn Stream` or `BoxStream`, `impl Stream`; not
// channels and receivers (they return `None` again), and not `Fuse`/`Peekable` or a file that
// speaks of `FusedStream`.

var parStreamTypeWords = []string{"BoxStream", "dyn Stream", "dyn TryStream", "dyn futures::Stream", "impl Stream", "impl TryStream"}

// parStreamMayBreak reports whether the polled field's declared type is a stream that may
// misbehave when polled after its end, and the type parameter it is when it is one. calls
// names the methods whose results the file gives the field when every value it gives is
// either one (`bc.notifier_as_stream()`) or safe (parSafeStream): what they return decides
// (parSettleStreamCalls).
func parStreamMayBreak(t *parser.Tree, fn parser.NodeID, pp parPoll) (breaks bool, param string, calls []string) {
	if strings.Contains(string(t.Src), "FusedStream") {
		return false, "", nil
	}
	owner := parImplTypeName(t, fn)
	found, param := false, ""
	t.Walk(0, func(d parser.NodeID) bool {
		if found {
			return false
		}
		if !t.Is(d, parser.KFieldDeclaration) || !t.TextIs(t.Field(d, parser.FName), pp.place) {
			return true
		}
		in := owner == ""
		t.Ancestors(d, func(x parser.NodeID) bool {
			if t.Is(x, parser.KStructItem) || t.Is(x, parser.KEnumItem) {
				in = in || t.TextIs(t.Field(x, parser.FName), owner)
				return false
			}
			return true
		})
		if !in {
			return true
		}
		ty := t.Field(d, parser.FType)
		if pp.some {
			ty = parOptionInner(t, ty)
		}
		txt := t.Text(ty)
		if strings.Contains(txt, "Fuse") || strings.Contains(txt, "Peekable") || strings.Contains(txt, "Option<") {
			return false
		}
		for _, w := range parStreamTypeWords {
			if strings.Contains(txt, w) {
				found = true
			}
		}
		if t.Is(ty, parser.KTypeIdentifier) && parStreamBound(t, fn, t.Text(ty)) {
			found, param = true, t.Text(ty)
		}
		return true
	})
	if !found {
		return false, "", nil
	}
	safe, calls := parFieldOrigin(t, owner, pp.place)
	if safe {
		return false, "", nil
	}
	return true, param, calls
}

// parSettleTypeParam lowers a stream finding to a note when the stream is a type parameter
// of a package that is not published on crates.io (`publish = false`, or no `description`,
// which crates.io requires): the streams it is given come from its own workspace, which
// rustaudit does not follow to the instantiations. Judged on set TB, all four such warnings
// were wrong (every caller handed in an interval or a channel, which never end or return
// `None` again). A published library's combinator is given any stream, and keeps the
// warning.
func parSettleTypeParam(p *Pass, d *Diagnostic, param string) {
	pkg := p.Info.Package
	if param == "" || pkg == nil || p.userLevel || !pkg.Unpublished && !pkg.NoDescription {
		return
	}
	why := "says `publish = false`"
	if !pkg.Unpublished {
		why = "has no `description`, which crates.io requires"
	}
	d.Level = LevelNote
	d.Notes = append(d.Notes, fmt.Sprintf("note here, not warning: the stream is the type parameter `%s`, and its package %s: the streams it is given come from this workspace, whose callers rustaudit does not follow. If every one of them never ends (an interval) or returns `None` again (a channel), this is harmless; `.fuse()` where it is made makes it certain", param, why))
}

// parFieldOrigin reports whether every value the file gives field place of type owner
// (in a struct literal, through a `let` a shorthand field names, or by `self.place = v` in
// the type's impls) is a stream that polling after its end cannot upset (parSafeStream):
// `garbage_collect: Box::pin(interval(PERIOD))` in a `dyn Stream` field never returns
// `Ready(None)`, and `UnboundedReceiverStream::new(rx).boxed()` returns it again. False when
// the file gives it no value or one it cannot tell. When every value that is not safe is a
// method call (through the forwarding adapters), calls names those methods.
func parFieldOrigin(t *parser.Tree, owner, place string) (safe bool, calls []string) {
	if owner == "" {
		return false, nil
	}
	ofOwner := func(d parser.NodeID) bool {
		fn := t.AncestorOfKind(d, parser.KFunctionItem)
		return fn >= 0 && parImplTypeName(t, fn) == owner
	}
	seen, all, opaque := false, true, false
	check := func(v parser.NodeID) {
		seen = true
		if v >= 0 && parSafeStream(t, v) {
			return
		}
		all = false
		if m := parStreamMethodCall(t, v); m != "" {
			if !slices.Contains(calls, m) {
				calls = append(calls, m)
			}
			return
		}
		opaque = true
	}
	t.Walk(t.Root(), func(d parser.NodeID) bool {
		switch t.Kind(d) {
		case parser.KStructExpression:
			name := LastSegment(t.Text(t.Field(d, parser.FName)))
			if name != owner && (name != "Self" || !ofOwner(d)) {
				return true
			}
			for _, f := range t.NamedChildren(t.Field(d, parser.FBody)) {
				switch {
				case t.Is(f, parser.KFieldInitializer) && t.TextIs(t.Field(f, parser.FField), place):
					check(t.Field(f, parser.FValue))
				case t.Is(f, parser.KShorthandFieldInit) && t.TextIs(t.NamedChild(f, 0), place):
					check(t.NamedChild(f, 0)) // its `let`, which parStreamSource follows
				}
			}
		case parser.KAssignmentExpression:
			if SelfField(t, t.Field(d, parser.FLeft)) == place && ofOwner(d) {
				check(t.Field(d, parser.FRight))
			}
		}
		return true
	})
	if !seen {
		return false, nil
	}
	if all {
		return true, nil
	}
	if opaque {
		calls = nil
	}
	return false, calls
}

// parStreamMethodCall names the method whose result v is, through the wrappers and
// forwarding adapters around it (`bc.notifier_as_stream().filter_map(..)`), or "". Not a
// method called on a stream the caller hands in (a parameter whose type names a stream or
// is a type parameter): that value is the caller's stream, whatever the method does to it.
func parStreamMethodCall(t *parser.Tree, v parser.NodeID) string {
	if v = parStreamSource(t, v); v < 0 {
		return ""
	}
	m := MethodName(t, v)
	if m == "" {
		return ""
	}
	if recv := t.Unparen(Receiver(t, v)); t.Is(recv, parser.KIdentifier) {
		if decl, let := ResolveBinding(t, recv); decl >= 0 && let < 0 {
			if param := t.AncestorOfKind(decl, parser.KParameter); param >= 0 {
				ty := t.Field(param, parser.FType)
				txt := t.Text(ty)
				fn := t.AncestorOfKind(param, parser.KFunctionItem)
				if strings.Contains(txt, "Stream") || t.Is(ty, parser.KTypeIdentifier) && fn >= 0 && parStreamBound(t, fn, txt) {
					return ""
				}
			}
		}
	}
	return m
}

// parRepollSafeCtors make streams over a channel (Tokio's receiver wrappers), which return
// `None` again when polled after their end.
var parRepollSafeCtors = map[string]bool{"UnboundedReceiverStream::new": true, "ReceiverStream::new": true,
	"BroadcastStream::new": true, "WatchStream::new": true}

// parForwardingAdapters are stream adapters (futures', tokio-stream's) that poll their inner
// stream again when they are polled again: over a stream that returns `None` again, so do
// they (`zip` fuses both sides).
var parForwardingAdapters = []string{"map", "filter", "filter_map", "then", "and_then", "map_ok", "map_err",
	"err_into", "inspect", "enumerate", "zip", "fuse", "boxed", "boxed_local"}

// parStreamSource strips from v the wrappers and forwarding adapters around the expression
// that makes the stream, following locals to their `let` (`let rx = hub.events(); let rx =
// rx.filter_map(..); Box::pin(rx)`).
func parStreamSource(t *parser.Tree, v parser.NodeID) parser.NodeID {
	for i := 0; i < 12 && v >= 0; i++ {
		v = StripSourceWrappers(t, v)
		if t.Is(v, parser.KIdentifier) {
			_, value := PlainLet(t, v)
			if value < 0 {
				break
			}
			v = value
			continue
		}
		next, ok := StripOne(t, v, parForwardingAdapters...)
		if !ok {
			break
		}
		v = next
	}
	return v
}

// parSafeStream reports whether v makes a stream that polling after its end cannot upset:
// one that never ends (EndlessCtorCall) or a channel's (parRepollSafeCtors), through the
// wrappers, forwarding adapters and locals around it (parStreamSource).
func parSafeStream(t *parser.Tree, v parser.NodeID) bool {
	if v = parStreamSource(t, v); v < 0 {
		return false
	}
	if EndlessCtorCall(t, v) != "" {
		return true
	}
	if !t.Is(v, parser.KCallExpression) || t.Is(t.Field(v, parser.FFunction), parser.KFieldExpression) {
		return false
	}
	return parRepollSafeCtors[CtorName(t.Text(t.Field(v, parser.FFunction)))]
}

// parStreamBound reports whether name is a type parameter of fn's impl (or fn) bounded by
// `Stream` or `TryStream`.
func parStreamBound(t *parser.Tree, fn parser.NodeID, name string) bool {
	_, bounded := parParamBound(t, fn, name, "Stream", "TryStream")
	return bounded
}

// streamValue says whether v is the tracked poll's result, and whether it is seen through
// `ready!(..)` (an `Option`) rather than directly (a `Poll<Option<_>>`).
func (a *parFlow) streamValue(v parser.NodeID) (ok, viaReady bool) {
	t := a.t
	v = t.Unparen(v)
	if t.Is(v, parser.KMacroInvocation) {
		if m := t.MacroName(v); m == "ready" || m == "try_ready" {
			if body := t.MacroBody(v); body >= 0 {
				return parIsResult(t, t.NamedChild(body, 0), a.poll, a.vars), true
			}
		}
		return false, false
	}
	return parIsResult(t, v, a.poll, a.vars), false
}

// parEndPattern says whether pat matches the end of a stream (`None`, `Poll::Ready(None)`)
// and whether it matches only items (`Some(..)`): on an `Option` (viaReady) or a `Poll`.
func parEndPattern(t *parser.Tree, pat parser.NodeID, viaReady bool) (end, item bool) {
	alts := []parser.NodeID{pat}
	if t.Is(pat, kOrPattern) {
		alts = t.NamedChildren(pat)
	}
	isNone := func(p parser.NodeID) bool {
		return (t.Is(p, parser.KIdentifier) || t.Is(p, parser.KScopedIdentifier)) && LastSegment(t.Text(p)) == "None"
	}
	isSome := func(p parser.NodeID) bool {
		_, some := TupleVariant(t, p, "Some")
		return some
	}
	item = true
	for _, p := range alts {
		if t.Is(p, kCapturedPattern) {
			if kids := t.NamedChildren(p); len(kids) > 0 {
				p = kids[len(kids)-1]
			}
		}
		if !viaReady {
			// `Poll::Ready(None)`
			if in, ready := TupleVariant(t, p, "Ready"); ready && len(in) == 1 && isNone(in[0]) {
				end = true
			}
			item = false
			continue
		}
		if isNone(p) {
			end = true
		}
		if !isSome(p) {
			item = false
		}
	}
	return end, item
}

// streamBind: `if let Poll::Ready(None) = s.poll_next(cx)` ends on its match side, `while
// let Some(x) = ready!(s.poll_next(cx))` on its no-match side.
func (a *parFlow) streamBind(pat, v parser.NodeID, s uint8) (uint8, uint8) {
	ok, via := a.streamValue(v)
	if v < 0 || !ok {
		return s, s
	}
	end, item := parEndPattern(a.t, pat, via)
	switch {
	case end:
		return parAfterReady(s), s
	case item && via, !via && parReadyItemPattern(a.t, pat):
		// `if let Poll::Ready(Some(x)) = s.poll_next(cx)`: its no-match side holds the end
		// (beside `Pending`), which goes on unrecorded as the no-match side of `ready!`'s
		// `Some(x)` does (a chain that polls its first stream, then its second, on every call).
		return s, parAfterReady(s)
	}
	return s, s
}

// parReadyItemPattern reports whether pat is `Poll::Ready(Some(..))` (or `Ready(Some(..))`),
// one pattern that matches items only.
func parReadyItemPattern(t *parser.Tree, pat parser.NodeID) bool {
	in, ready := TupleVariant(t, pat, "Ready")
	if !ready || len(in) != 1 {
		return false
	}
	_, some := TupleVariant(t, in[0], "Some")
	return some
}

// streamArms: an arm whose pattern matches the end starts a live path.
func (a *parFlow) streamArms(v parser.NodeID) func(parser.NodeID, uint8) uint8 {
	ok, via := a.streamValue(v)
	if !ok {
		return nil
	}
	return func(arm parser.NodeID, s uint8) uint8 {
		pat := a.t.Field(arm, parser.FPattern)
		if a.t.Is(pat, parser.KMatchPattern) {
			for _, c := range a.t.NamedChildren(pat) {
				if a.t.Field(pat, parser.FCondition) != c {
					pat = c
					break
				}
			}
		}
		if end, _ := parEndPattern(a.t, pat, via); end {
			return parAfterReady(s)
		}
		return s
	}
}

// parIsReadySome reports whether x is `Poll::Ready(Some(..))`.
func parIsReadySome(t *parser.Tree, x parser.NodeID) bool {
	x = t.Unparen(x)
	if !t.Is(x, parser.KCallExpression) || LastSegment(CalleePath(t, x)) != "Ready" {
		return false
	}
	args := Args(t, x)
	return len(args) == 1 && t.Is(t.Unparen(args[0]), parser.KCallExpression) && LastSegment(CalleePath(t, t.Unparen(args[0]))) == "Some"
}

func parStreamDiagnostic(t *parser.Tree, pp parPoll, a *parFlow, exit parser.NodeID, fnName string, loop parser.NodeID) Diagnostic {
	d := Diagnostic{
		Node: pp.call,
		Message: fmt.Sprintf("`%s` is polled again after it ended: where it returned `Ready(None)`, %s goes on without recording it "+
			"(no flag, no `Option` emptied, no `Fuse`), so the next poll reaches the ended stream, which may panic", pp.text, fnName),
		Help: fmt.Sprintf("record the end: set a flag (or set `%s` to `None` in an `Option`) where it returns `None` and check it "+
			"before polling, or fuse it (`.fuse()`)", pp.text),
		Notes: []string{"streams such as `futures::stream::unfold` and `async_stream` panic when polled after `Ready(None)`; " +
			"channels and fused streams return `None` again"},
	}
	if pp.some {
		d.Help = fmt.Sprintf("record the end: `%s` is an `Option` already; set it to `None` (or `take()` it) where it returns `None`", pp.text)
	}
	if r := parReadyNode(t, pp.call, a.vars); r >= 0 {
		d.Related = append(d.Related, RelatedNode{Node: r, Message: "the end (`None`) is handled here without recording it"})
	}
	if loop >= 0 {
		d.Related = append(d.Related, RelatedNode{Node: LoopHead(t, loop), Message: "this loop polls it again"})
	} else if exit >= 0 {
		d.Related = append(d.Related, RelatedNode{Node: exit, Message: "then this returns without ending the outer stream, so it will be polled again"})
	}
	return d
}

// parStreamFn is a fn or method of the crate whose declared return type is a stream
// (parStreamTypeWords), by its name: Safe when every value it returns is one that polling
// after its end cannot upset (parSafeStream: `BroadcastStream::new(tx.subscribe())
// .filter_map(..).boxed()`); Forwards when its body is a macro handed its own name (a proxy
// that forwards the call to the type it wraps), which says nothing either way.
type parStreamFn struct {
	Name           string
	Safe, Forwards bool
}

var parStreamFnKey = NewFactKey[parStreamFn]("poll_after_ready/stream_fn")

// parRecordStreamFn records fn when it returns a stream.
func parRecordStreamFn(p *Pass, fn parser.NodeID) {
	t := p.Tree
	ret, body := t.Field(fn, parser.FReturnType), t.Field(fn, parser.FBody)
	if ret < 0 || body < 0 {
		return
	}
	txt := t.Text(ret)
	if !slices.ContainsFunc(parStreamTypeWords, func(w string) bool { return strings.Contains(txt, w) }) {
		return
	}
	name := t.Text(t.Field(fn, parser.FName))
	f := parStreamFn{Name: name}
	leaves, safe := 0, true
	flowExits(t, body, func(x parser.NodeID) {
		leaves++
		if t.Is(x, parser.KMacroInvocation) && TextMentions(t, x, name) {
			f.Forwards = true
			return
		}
		safe = safe && parSafeStream(t, x)
	}, func() { safe = false })
	f.Safe = safe && leaves > 0 && !f.Forwards
	Record(p, parStreamFnKey, f)
}

// parSettleStreamCalls settles a finding on a stream field whose values are the results of
// the methods calls (parFieldOrigin): gone when each is a fn of the crate that returns a safe
// stream; a note when some are not the crate's (another package's or a library's method,
// whose body rustaudit does not see); the warning when the crate makes one of them in a
// way that may break.
func parSettleStreamCalls(calls []string, userLevel bool) func(*Crate, *finding.Finding) bool {
	return func(c *Crate, f *finding.Finding) bool {
		fns := Facts(c, parStreamFnKey)
		var foreign []string
		for _, m := range calls {
			known := false
			for _, x := range fns {
				if x.Name != m || x.Forwards {
					continue
				}
				if !x.Safe {
					return true
				}
				known = true
			}
			if !known {
				foreign = append(foreign, "`"+m+"()`")
			}
		}
		if len(foreign) == 0 {
			return false
		}
		if !userLevel && f.Level == LevelWarning {
			f.Level = LevelNote
			f.Notes = append(f.Notes, fmt.Sprintf("note here, not warning: the stream comes from %s, which this package does not define "+
				"(another package's or a library's method), so rustaudit does not see what it returns; "+
				"a channel's stream (`BroadcastStream`, `ReceiverStream`) returns `None` again, and `.fuse()` where it is made makes it certain",
				strings.Join(foreign, ", ")))
		}
		return true
	}
}

// parReportStream reports a finding on a stream field: lowered for a type parameter of an
// unpublished package (parSettleTypeParam), settled by what the crate's methods return when
// the field's values are their results (parSettleStreamCalls).
func parReportStream(p *Pass, d Diagnostic, param string, calls []string) {
	parSettleTypeParam(p, &d, param)
	if len(calls) == 0 {
		p.Report(d)
		return
	}
	p.ReportLater(d, parSettleStreamCalls(calls, p.userLevel))
}
