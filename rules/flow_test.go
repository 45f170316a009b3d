package rules

import (
	"reflect"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/parser"
)

// States of the test rule.
const (
	ftFresh   uint8 = 1 // the Context was not used on this path
	ftUsed    uint8 = 2 // it was
	ftNoMatch uint8 = 4 // a `Some(..)` pattern did not match
)

var (
	ftUse    = flowMapOf(map[uint8]uint8{ftFresh: ftUsed, ftUsed: ftUsed, ftNoMatch: ftUsed}).apply
	ftForget = flowMapOf(map[uint8]uint8{ftFresh: ftFresh, ftUsed: ftFresh, ftNoMatch: ftNoMatch}).apply
	ftFail   = flowMapOf(map[uint8]uint8{ftFresh: ftNoMatch, ftUsed: ftNoMatch, ftNoMatch: ftNoMatch}).apply
)

// ftParse parses src and fails on syntax errors.
func ftParse(t *testing.T, src string) *parser.Tree {
	t.Helper()
	p := parser.NewParser()
	defer p.Close()
	tree, err := p.Parse("flow.rs", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(tree.ErrorRows) > 0 {
		t.Fatalf("syntax errors at rows %v in %q", tree.ErrorRows, src)
	}
	return tree
}

// ftBody returns the body of function name.
func ftBody(t *testing.T, tree *parser.Tree, name string) parser.NodeID {
	t.Helper()
	body := parser.None
	tree.Walk(tree.Root(), func(n parser.NodeID) bool {
		if tree.Is(n, parser.KFunctionItem) && tree.TextIs(tree.Field(n, parser.FName), name) {
			body = tree.Field(n, parser.FBody)
		}
		return body < 0
	})
	if body < 0 {
		t.Fatalf("no function %s", name)
	}
	return body
}

// ftRun solves function fn of src from ftFresh and returns the states at its `at_*` points
// (a point never reached is absent) and the state after the body. The test problem: a use
// of `cx` is ftUsed and `forget()` forgets it; `ready()` is a condition that is always
// true; `Some(..)` patterns fail into ftNoMatch (any other pattern "matches" into ftNoMatch,
// which a `let` without `else` must ignore); a match arm `Skip` is never entered; with
// fallThrough, a false match guard goes on to the later arms.
func ftRun(t *testing.T, src, fn string, fallThrough bool) (map[string]uint8, uint8) {
	t.Helper()
	tree := ftParse(t, src)
	body := ftBody(t, tree, fn)
	f := newFlowPlan(tree, body, "cx")
	g := f.g
	var ats []parser.NodeID
	f.walk(body, func(n parser.NodeID) bool {
		switch tree.Kind(n) {
		case parser.KIdentifier:
			if strings.HasPrefix(tree.Text(n), "at_") {
				ats = append(ats, n)
				return false
			}
		case parser.KCallExpression:
			switch CalleePath(tree, n) {
			case "forget":
				f.then(g.Leave(n), ftForget)
			case "ready":
				f.then(g.Outcome(n, false), flowNone)
			}
		case parser.KLetDeclaration, parser.KLetCondition:
			if !strings.HasPrefix(tree.Text(tree.Field(n, parser.FPattern)), "Some") {
				f.then(g.Outcome(n, true), ftFail)
			}
			f.then(g.Outcome(n, false), ftFail)
		case parser.KMatchArm:
			if tree.TextIs(tree.Field(n, parser.FPattern), "Skip") {
				f.then(g.Enter(n), flowNone)
			}
			if !fallThrough {
				f.then(g.FallThrough(n), flowNone)
			}
		}
		if f.usesContext(n) {
			f.then(g.Leave(n), ftUse)
		}
		return true
	})
	f.solve(ftFresh)
	at := map[string]uint8{}
	for _, n := range ats {
		if s := f.state(g.Enter(n)); s != 0 {
			at[tree.Text(n)] |= s
		}
	}
	return at, f.after(g.Leave(body))
}

func ftCheck(t *testing.T, src, fn string, fallThrough bool, want map[string]uint8, wantEnd uint8) {
	t.Helper()
	got, end := ftRun(t, src, fn, fallThrough)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: states %v, want %v", fn, got, want)
	}
	if end != wantEnd {
		t.Errorf("%s: state at the end %d, want %d", fn, end, wantEnd)
	}
}

// TestFlowSequenceAndJoins checks evaluation order, if/else joins and `&&`/`||` operands.
func TestFlowSequenceAndJoins(t *testing.T) {
	src := `
fn f(cx: &mut Context<'_>) {
    at_a;
    if c { cx; at_b; }
    at_c;
    if c { cx; } else { cx; }
    at_d;
}
fn g(cx: &mut Context<'_>) {
    let _x = c && cx.is_woken();
    at_a;
    let _y = cx.is_woken() || c;
    at_b;
}
`
	ftCheck(t, src, "f", false, map[string]uint8{"at_a": ftFresh, "at_b": ftUsed, "at_c": ftFresh | ftUsed, "at_d": ftUsed}, ftUsed)
	ftCheck(t, src, "g", false, map[string]uint8{"at_a": ftFresh | ftUsed, "at_b": ftUsed}, ftUsed)
}

// TestFlowLoops checks back edges, continue, labeled breaks, while and for exits and
// labeled blocks.
func TestFlowLoops(t *testing.T) {
	src := `
fn back_edge(cx: &mut Context<'_>) {
    loop {
        at_a;
        cx;
        if c { break; }
    }
    at_b;
}
fn continues(cx: &mut Context<'_>) {
    loop {
        at_a;
        if c { cx; continue; }
        break;
    }
    at_b;
}
fn labeled(cx: &mut Context<'_>) {
    'outer: loop {
        cx;
        loop { break 'outer; }
    }
    at_a;
}
fn while_for(cx: &mut Context<'_>) {
    while c { at_a; cx; }
    at_b;
    for _x in xs { forget(); }
    at_c;
}
fn block(cx: &mut Context<'_>) {
    let _v = 'blk: {
        if c { break 'blk 1; }
        cx;
        2
    };
    at_a;
}
fn never_leaves(cx: &mut Context<'_>) {
    loop { cx; }
    at_a;
}
`
	ftCheck(t, src, "back_edge", false, map[string]uint8{"at_a": ftFresh | ftUsed, "at_b": ftUsed}, ftUsed)
	ftCheck(t, src, "continues", false, map[string]uint8{"at_a": ftFresh | ftUsed, "at_b": ftFresh | ftUsed}, ftFresh|ftUsed)
	ftCheck(t, src, "labeled", false, map[string]uint8{"at_a": ftUsed}, ftUsed)
	// A for loop may run no iteration: its end joins the state before it.
	ftCheck(t, src, "while_for", false, map[string]uint8{"at_a": ftFresh | ftUsed, "at_b": ftFresh | ftUsed, "at_c": ftFresh | ftUsed}, ftFresh|ftUsed)
	ftCheck(t, src, "block", false, map[string]uint8{"at_a": ftFresh | ftUsed}, ftFresh|ftUsed)
	ftCheck(t, src, "never_leaves", false, map[string]uint8{}, 0)
}

// TestFlowDivergence checks return, diverging macros, code that does not run where it is
// written (closures, async blocks, items) and unparsed macros.
func TestFlowDivergence(t *testing.T) {
	src := `
fn f(cx: &mut Context<'_>) {
    if c { cx; return; }
    at_a;
    if c { panic!("no") } else { cx; }
    at_b;
}
fn g(cx: &mut Context<'_>) {
    let _h = || cx.waker().wake_by_ref();
    let _f = async { cx };
    fn inner(cx: u8) -> u8 { cx }
    at_a;
    my_macro!(cx => cx);
    at_b;
}
fn h(cx: &mut Context<'_>) {
    my_macro!(other => other);
    at_a;
    todo!();
    at_b;
}
`
	ftCheck(t, src, "f", false, map[string]uint8{"at_a": ftFresh, "at_b": ftUsed}, ftUsed)
	ftCheck(t, src, "g", false, map[string]uint8{"at_a": ftFresh, "at_b": ftUsed}, ftUsed)
	ftCheck(t, src, "h", false, map[string]uint8{"at_a": ftFresh}, 0)
}

// TestFlowConditions checks the condition hook, `!`, and short-circuits in conditions.
func TestFlowConditions(t *testing.T) {
	src := `
fn f(cx: &mut Context<'_>) {
    if ready() { at_a; } else { at_b; }
    if !ready() { at_c; } else { at_d; }
    if c && cx.is_woken() { at_e; } else { at_f; }
}
fn g(cx: &mut Context<'_>) {
    if c || cx.is_woken() { at_g; } else { at_h; }
}
`
	ftCheck(t, src, "f", false, map[string]uint8{
		"at_a": ftFresh, "at_d": ftFresh,
		"at_e": ftUsed, "at_f": ftFresh | ftUsed,
	}, ftFresh|ftUsed)
	ftCheck(t, src, "g", false, map[string]uint8{"at_g": ftFresh | ftUsed, "at_h": ftUsed}, ftFresh|ftUsed)
}

// TestFlowPatterns checks the bind hook for `let .. else`, `if let`, let chains and a
// `let` without `else`, and the arms hook.
func TestFlowPatterns(t *testing.T) {
	src := `
fn lets(cx: &mut Context<'_>) {
    let Some(_x) = v else { at_a; return; };
    at_b;
    if let Some(_y) = v { at_c; } else { at_d; }
    let _z = v; // bind says ftNoMatch: ignored
    at_e;
}
fn chains(cx: &mut Context<'_>) {
    while let Some(_x) = v { cx; }
    at_a;
}
fn arms(cx: &mut Context<'_>) {
    match v {
        Skip => { at_a; }
        A => { cx; at_b; }
        _ => { at_c; }
    }
    at_d;
}
`
	ftCheck(t, src, "lets", false, map[string]uint8{"at_a": ftNoMatch, "at_b": ftFresh, "at_c": ftFresh, "at_d": ftNoMatch, "at_e": ftFresh | ftNoMatch}, ftFresh|ftNoMatch)
	ftCheck(t, src, "chains", false, map[string]uint8{"at_a": ftNoMatch}, ftNoMatch)
	ftCheck(t, src, "arms", false, map[string]uint8{"at_b": ftUsed, "at_c": ftFresh, "at_d": ftFresh | ftUsed}, ftFresh|ftUsed)
}

// TestFlowGuards checks that the state where a match guard is false reaches the later arms
// only with guardFallThrough.
func TestFlowGuards(t *testing.T) {
	src := `
fn f(cx: &mut Context<'_>) {
    match v {
        A if cx.is_woken() => {}
        _ => { at_a; }
    }
}
`
	ftCheck(t, src, "f", true, map[string]uint8{"at_a": ftFresh | ftUsed}, ftFresh|ftUsed)
	ftCheck(t, src, "f", false, map[string]uint8{"at_a": ftFresh}, ftFresh|ftUsed)
}

// TestFlowLeave checks that the analysis goes on with the state a Leave point makes.
func TestFlowLeave(t *testing.T) {
	src := `
fn f(cx: &mut Context<'_>) {
    cx;
    at_a;
    forget();
    at_b;
}
`
	ftCheck(t, src, "f", false, map[string]uint8{"at_a": ftUsed, "at_b": ftFresh}, ftFresh)
}

// TestFlowExits checks the values a body can return and the other ways out.
func TestFlowExits(t *testing.T) {
	src := `
fn f() -> u8 {
    if a { return 1; }
    if b { return; }
    let _x = y?;
    let _z = loop { break 7; };
    if m {
        match n {
            A => 2,
            B => { 3 }
            _ => panic!("no"),
        }
    } else {
        loop {
            if c { break 4; }
            if d { continue; }
            break 5;
        }
    }
}
`
	tree := ftParse(t, src)
	var leaves []string
	others := 0
	flowExits(tree, ftBody(t, tree, "f"), func(x parser.NodeID) { leaves = append(leaves, tree.Text(x)) }, func() { others++ })
	if want := []string{"2", "3", "4", "5", "1"}; !reflect.DeepEqual(leaves, want) {
		t.Errorf("leaves %q, want %q", leaves, want)
	}
	if others != 2 {
		t.Errorf("%d other ways out, want 2 (`return;` and `?`)", others)
	}
}

// TestFlowMap checks that a flowMap moves each bit on its own and refuses a non-bit key.
func TestFlowMap(t *testing.T) {
	m := flowMapOf(map[uint8]uint8{1: 2, 2: 2, 8: 1 | 4})
	for _, c := range []struct{ in, want uint8 }{{0, 0}, {1, 2}, {3, 2}, {4, 0}, {8, 5}, {9, 7}, {15, 7}} {
		if got := m.apply(c.in); got != c.want {
			t.Errorf("apply(%d) = %d, want %d", c.in, got, c.want)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("flowMapOf accepted 3 as a state bit")
		}
	}()
	flowMapOf(map[uint8]uint8{3: 1})
}
