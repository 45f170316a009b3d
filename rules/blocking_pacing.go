package rules

// How often, and as whose code, a blocking call runs: right before the process ends
// (biBeforeExit), in a fn that returns its async block (biFutureFn), in a loop paced by
// a Unix signal (biSignalPaced) or by configuration reloads (biReloadPaced), or over
// configured entries (biConfigLoop).

import (
	"strings"

	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules/cfg"
)

// biBeforeExit returns the call that ends the process right after blocking call call: a
// later statement of the block that holds call's statement is `std::process::exit(..)` or
// `process::abort()`, or a panic (`panic!`, `unreachable!`, `todo!`, `unimplemented!`: the
// task, or the process, ends there), or, in the body of a spawned task, a `return` or a
// `bail!` (the task ends there), and nothing between them can leave the block
// (`return`, `break`, `continue`, `?`). `thread::sleep(2s); process::exit(code)` lets logs
// flush before the process ends, `let _ = fs::write(marker, "ERROR"); panic!(..)` leaves a
// mark for a harness: no task is left to stall, or the stall happens once, as the task dies.
// The blocking call may be its own statement or a `let`. None when there is no such call.
func biBeforeExit(t *parser.Tree, call parser.NodeID) parser.NodeID {
	st := call
	for p := t.Parent(st); p >= 0 && !t.Is(p, parser.KBlock); p = t.Parent(p) {
		if IsBodyBoundary(t, p) {
			return parser.None
		}
		st = p
	}
	block := t.Parent(st)
	if !t.Is(block, parser.KBlock) || !t.Is(st, parser.KExpressionStatement) && !t.Is(st, parser.KLetDeclaration) {
		return parser.None
	}
	after := false
	for _, s := range t.NamedChildren(block) {
		if s == st {
			after = true
			continue
		}
		if !after || t.IsComment(s) {
			continue
		}
		e := s
		if t.Is(e, parser.KExpressionStatement) {
			e = t.NamedChild(e, 0)
		}
		if t.Is(e, parser.KCallExpression) && cfg.DivergingCall(CalleePath(t, e)) {
			return e
		}
		if t.Is(e, parser.KMacroInvocation) && biPanics(t.MacroName(e)) {
			return e
		}
		// `fs::write(marker, "ERROR")?; return Err(e);` in a spawned task: it ends there.
		if (t.Is(e, parser.KReturnExpression) || t.Is(e, parser.KMacroInvocation) && cfg.DivergingMacro(t.MacroName(e))) && biTaskBody(t, call) {
			return e
		}
		leaves := false
		WalkBody(t, s, func(d parser.NodeID) bool {
			switch t.Kind(d) {
			case parser.KReturnExpression, parser.KBreakExpression, parser.KContinueExpression, parser.KTryExpression:
				leaves = true
			}
			return !leaves
		})
		if leaves {
			return parser.None
		}
	}
	return parser.None
}

// biPanics reports whether a macro of this name panics: the diverging macros that do not
// return an error instead (`bail!` and a project's own `bail_*`).
func biPanics(name string) bool {
	return cfg.DivergingMacros[name] && name != "bail" && !cfg.BailLike(name)
}

// biTaskBody reports whether the async code around call is the future a spawn call runs
// (`tokio::spawn(async move { .. })`): a `return` there ends the task.
func biTaskBody(t *parser.Tree, call parser.NodeID) bool {
	body := EnclosingBody(t, call)
	if !t.Is(body, parser.KAsyncBlock) {
		return false
	}
	up := t.Parent(body)
	for t.Is(up, parser.KParenthesizedExpression) {
		up = t.Parent(up)
	}
	if !t.Is(up, parser.KArguments) {
		return false
	}
	_, fut := biSpawnOf(t, t.Parent(up))
	return fut >= 0 && t.Unparen(fut) == body
}

// biFutureFn reports whether fn is async code for its callers: an `async fn`, or a fn that
// returns a future (`-> BoxFuture<'a, T>`, `-> Pin<Box<dyn Future<..>>>`, `-> impl Future`,
// or an alias of one) by ending its body in the async block it returns (`Box::pin(async move { .. })`,
// `async move { .. }.boxed()`): the block runs when the caller awaits, as an async fn's body
// would (a trait method written by hand, or kept object safe).
func biFutureFn(t *parser.Tree, fn parser.NodeID) bool {
	if IsAsyncFn(t, fn) {
		return true
	}
	return t.Is(fn, parser.KFunctionItem) && biReturnedAsyncBlock(t, fn) >= 0
}

// biReturnedAsyncBlock is the async block that fn's body ends in, directly, in `Box::pin(..)`
// or under `.boxed()`/`.boxed_local()`; None otherwise.
func biReturnedAsyncBlock(t *parser.Tree, fn parser.NodeID) parser.NodeID {
	body := t.Field(fn, parser.FBody)
	if !t.Is(body, parser.KBlock) {
		return parser.None
	}
	kids := t.NamedChildren(body)
	for len(kids) > 0 && t.IsComment(kids[len(kids)-1]) {
		kids = kids[:len(kids)-1]
	}
	if len(kids) == 0 {
		return parser.None
	}
	e := kids[len(kids)-1]
	if t.Is(e, parser.KExpressionStatement) {
		// `async move { .. }` as the last line is an expression statement to the grammar
		// when no semicolon follows a block-like expression.
		if strings.HasSuffix(strings.TrimSpace(t.Text(e)), ";") {
			return parser.None
		}
		e = t.NamedChild(e, 0)
	}
	for i := 0; i < 3; i++ {
		e = t.Unparen(e)
		switch {
		case t.Is(e, parser.KAsyncBlock):
			return e
		case t.Is(e, parser.KCallExpression) && (MethodName(t, e) == "boxed" || MethodName(t, e) == "boxed_local"):
			e = Receiver(t, e)
		case t.Is(e, parser.KCallExpression) && LastSegment(CalleePath(t, e)) == "pin" && len(Args(t, e)) == 1:
			e = Args(t, e)[0]
		default:
			return parser.None
		}
	}
	return parser.None
}

// biSignalPaced returns where a loop waits for a Unix signal on every turn: its condition,
// or a statement of its body, awaits `recv()` of a stream made by tokio's `signal(..)`
// (`while sighup.recv().await.is_some()`, `loop { stream.recv().await; .. }`); None
// otherwise.
func biSignalPaced(t *parser.Tree, loop parser.NodeID) parser.NodeID {
	isSignalRecv := func(c parser.NodeID) bool {
		recv := t.Unparen(Receiver(t, c))
		if !t.Is(c, parser.KCallExpression) || MethodName(t, c) != "recv" || !t.Is(recv, parser.KIdentifier) {
			return false
		}
		v, _ := biBinding(t, recv)
		if v = t.Unparen(v); t.Is(v, parser.KTryExpression) {
			v = t.Unparen(t.NamedChild(v, 0))
		}
		for t.Is(v, parser.KCallExpression) && (MethodName(t, v) == "unwrap" || MethodName(t, v) == "expect") {
			v = t.Unparen(Receiver(t, v))
		}
		path := t.Imports.Resolve(joinFields(t.Text(t.Field(v, parser.FFunction)), ""))
		return t.Is(v, parser.KCallExpression) && LastSegment(path) == "signal" && strings.Contains(path, "signal::")
	}
	if cond := t.Field(loop, parser.FCondition); cond >= 0 && biAwaits(t, cond, isSignalRecv) {
		return cond
	}
	for _, st := range t.NamedChildren(t.Field(loop, parser.FBody)) {
		if t.Is(st, parser.KExpressionStatement) || t.Is(st, parser.KLetDeclaration) {
			if biAwaits(t, st, isSignalRecv) {
				return st
			}
		}
	}
	return parser.None
}

// biAwaits reports whether e awaits (outside the closures and async blocks in it) a call
// that is(call) accepts.
func biAwaits(t *parser.Tree, e parser.NodeID, is func(call parser.NodeID) bool) bool {
	found := false
	t.Walk(e, func(d parser.NodeID) bool {
		if found || IsBodyBoundary(t, d) {
			return false
		}
		if t.Is(d, parser.KAwaitExpression) && is(t.Unparen(t.NamedChild(d, 0))) {
			found = true
		}
		return !found
	})
	return found
}

// biReloadPaced returns the await that paces loop on a configuration reload: its `while let`
// condition, or a statement at the top of its body, awaits `recv()`/`changed()`/`notified()`
// on a receiver whose name says it carries reloads or configuration (`reload_rx`,
// `config_updates`). Each turn then runs once per reload an operator asks for, as a loop
// paced by a Unix signal does (biSignalPaced): what it calls does not run per item. None
// otherwise.
func biReloadPaced(t *parser.Tree, loop parser.NodeID) parser.NodeID {
	paced := func(e parser.NodeID) bool {
		return biAwaits(t, e, func(c parser.NodeID) bool {
			switch MethodName(t, c) {
			case "recv", "changed", "notified", "recv_async":
				return NameSays(t, t.Unparen(Receiver(t, c)), "reload", "config") != ""
			}
			return false
		})
	}
	if cond := t.Field(loop, parser.FCondition); cond >= 0 {
		if paced(cond) {
			return cond
		}
		return parser.None
	}
	for _, st := range t.NamedChildren(t.Field(loop, parser.FBody)) {
		if t.IsComment(st) {
			continue
		}
		if paced(st) {
			return st
		}
		break // the first statement of the body decides
	}
	return parser.None
}

// biConfigLoop reports whether loop is a `for` over configured entries: its iterable names
// the configuration or the command line (`for cdp in &config.general.chip_descriptions`,
// `for p in cfg.plugins`, `for f in args.files`). It runs once per entry someone configured,
// a handful, when the code is set up: not per request or message.
func biConfigLoop(t *parser.Tree, loop parser.NodeID) bool {
	if !t.Is(loop, parser.KForExpression) {
		return false
	}
	it := t.Field(loop, parser.FValue)
	return it >= 0 && NameSays(t, it, "config", "cfg", "settings", "options", "opts", "args") != ""
}
