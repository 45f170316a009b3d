package cfg

import (
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/parser"
)

func parse(t *testing.T, src string) *parser.Tree {
	t.Helper()
	p := parser.NewParser()
	defer p.Close()
	tree, err := p.Parse("cfg.rs", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(tree.ErrorRows) > 0 {
		t.Fatalf("syntax errors at rows %v in %q", tree.ErrorRows, src)
	}
	return tree
}

// fns returns the function items of the file by name.
func fns(tree *parser.Tree) map[string]parser.NodeID {
	out := map[string]parser.NodeID{}
	tree.Walk(tree.Root(), func(n parser.NodeID) bool {
		if tree.Is(n, parser.KFunctionItem) {
			out[tree.Text(tree.Field(n, parser.FName))] = n
		}
		return true
	})
	return out
}

// marker returns the first identifier `name` inside n (not a declared name).
func marker(t *testing.T, tree *parser.Tree, n parser.NodeID, name string) parser.NodeID {
	t.Helper()
	found := parser.None
	tree.Walk(n, func(d parser.NodeID) bool {
		if found < 0 && tree.Is(d, parser.KIdentifier) && tree.TextIs(d, name) && tree.N(d).Field != parser.FName {
			found = d
		}
		return found < 0
	})
	if found < 0 {
		t.Fatalf("no marker %s", name)
	}
	return found
}

// region returns the consequence of the first `if region { .. }` in n.
func region(t *testing.T, tree *parser.Tree, n parser.NodeID) parser.NodeID {
	t.Helper()
	found := parser.None
	tree.Walk(n, func(d parser.NodeID) bool {
		if found < 0 && tree.Is(d, parser.KIfExpression) && tree.TextIs(tree.Field(d, parser.FCondition), "region") {
			found = tree.Field(d, parser.FConsequence)
		}
		return found < 0
	})
	if found < 0 {
		t.Fatal("no `if region` block")
	}
	return found
}

// firstLoop returns the outermost loop in n.
func firstLoop(tree *parser.Tree, n parser.NodeID) parser.NodeID {
	found := parser.None
	tree.Walk(n, func(d parser.NodeID) bool {
		if found < 0 {
			switch tree.Kind(d) {
			case parser.KLoopExpression, parser.KWhileExpression, parser.KForExpression:
				found = d
			}
		}
		return found < 0
	})
	return found
}

// TestDiverges: a fn named d_* has a body that never completes normally, n_* one that does.
func TestDiverges(t *testing.T) {
	src := `
fn never() -> ! { loop {} }
fn d_return() { a; return; }
fn d_panic() { panic!("x") }
fn d_bail() -> anyhow::Result<()> { bail!("x") }
fn d_todo() { todo!() }
fn d_unreachable() { let x = 1; unreachable!() }
fn d_unimplemented() { unimplemented!() }
fn d_exit() { std::process::exit(1) }
fn d_exit_imported() { use std::process; process::exit(1); }
fn d_never_fn() { never() }
fn d_if_else() { if c { return } else { panic!() } }
fn d_match() { match x { A => return, B => unreachable!(), _ => { todo!(); } } }
fn d_loop() { loop { a; } }
fn d_loop_inner_break() { loop { loop { break; } } }
fn d_middle() { return; a; }
fn d_let_else() { let Some(x) = y else { return }; panic!() }
fn d_labeled() { 'a: { if c { break 'a; } } ; return }
fn d_while_true() { while true { a; } }
fn d_try_err() -> Result<(), E> { Err(E::Timeout)?; }
fn d_own_bail() -> Result<(), E> { crucible_bail!(Unsupported, "no") }
fn d_bail_prefix() -> Result<(), E> { if c { bail_out!("x") } else { return Ok(()) } }
fn d_try_none() -> Option<()> { (None)?; }
fn d_try_err_in_match() -> Result<(), E> { match x { A => Err(e)?, _ => return Ok(()) } }
fn n_plain() { a; }
fn n_if() { if c { return } }
fn n_match() { match x { A => return, _ => {} } }
fn n_loop_break() { loop { if c { break; } } }
fn n_labeled_break() { 'o: loop { loop { break 'o; } } }
fn n_while() { while c { return; } }
fn n_for() { for x in y { return; } }
fn n_try() -> Option<()> { x?; None }
fn n_try_err_fn() -> Result<(), E> { err(e)?; Ok(()) }
fn n_try_some() -> Option<()> { Some(x)?; None }
fn n_ensure() -> anyhow::Result<()> { ensure!(x); Ok(()) }
fn n_closure() { let f = || panic!(); }
fn n_async() { let f = async { return; }; }
fn n_guard() { match x { A if c => return, _ => {} } }
fn n_other_exit() { my::process::exit(1) }
fn n_assert() { assert!(x); }
fn n_bailout_word() { bailout!(x); }
`
	tree := parse(t, src)
	checked := 0
	defer func() {
		if checked != 39 {
			t.Errorf("%d fns checked", checked)
		}
	}()
	for name, fn := range fns(tree) {
		if !strings.HasPrefix(name, "d_") && !strings.HasPrefix(name, "n_") {
			continue
		}
		checked++
		body := tree.Field(fn, parser.FBody)
		got := Diverges(tree, body)
		if want := strings.HasPrefix(name, "d_"); got != want {
			t.Errorf("%s: Diverges = %v, want %v", name, got, want)
		}
	}
}

// TestLeaves: in l_* the `if region` block leaves the first loop on every path, in s_* it
// stays on some path; b_* / k_* blocks leave the body (return or panic on every path) or not.
func TestLeaves(t *testing.T) {
	src := `
fn l_break() { loop { if region { break; } } }
fn l_return() { loop { if region { return; } } }
fn l_panic() { loop { if region { panic!(); } } }
fn l_outer_continue() { 'o: loop { loop { if region { continue 'o; } } } }
fn l_outer_break() { 'o: loop { while c { if region { break 'o; } } } }
fn l_match() { loop { if region { match x { A => break, _ => return } } } }
fn l_if_else() { for x in y { if region { if c { break } else { return } } } }
fn l_dead_tail() { loop { if region { break; a; } } }
fn s_plain() { loop { if region { a; } } }
fn s_continue() { loop { if region { continue; } } }
fn s_inner_break() { loop { if region { for x in y { break; } } } }
fn s_if() { loop { if region { if c { break } } } }
fn s_try() { loop { if region { x?; } } }
fn s_labeled_inner() { loop { if region { 'b: { break 'b; } } } }
`
	tree := parse(t, src)
	for name, fn := range fns(tree) {
		r := region(t, tree, fn)
		l := firstLoop(tree, fn)
		if name == "l_outer_continue" || name == "l_outer_break" {
			l = firstLoop(tree, tree.Field(l, parser.FBody)) // the inner loop
		}
		got := LeavesLoop(tree, r, l)
		if want := strings.HasPrefix(name, "l_"); got != want {
			t.Errorf("%s: LeavesLoop = %v, want %v", name, got, want)
		}
	}

	src = `
fn b_return() { loop { if region { a; return; } } }
fn b_panic() { if region { unreachable!() } }
fn b_both() { if region { if c { return } else { bail!("x") } } }
fn k_break() { loop { if region { break; } } }
fn k_mixed() { loop { if region { if c { return } else { break } } } }
fn k_plain() { if region { a; } }
fn k_try() { if region { x?; } }
`
	tree = parse(t, src)
	for name, fn := range fns(tree) {
		got := LeavesBody(tree, region(t, tree, fn))
		if want := strings.HasPrefix(name, "b_"); got != want {
			t.Errorf("%s: LeavesBody = %v, want %v", name, got, want)
		}
	}
}

// TestReachesDominates checks After, Runs, Dominates and OnEveryPath on markers.
func TestReachesDominates(t *testing.T) {
	type q struct {
		kind string // after, runs, dom, every
		x, y string
		want bool
	}
	cases := []struct {
		src string
		qs  []q
	}{
		{`fn f() { a; if c { b; } else { d; } e; }`, []q{
			{"after", "a", "e", true}, {"after", "b", "d", false}, {"after", "e", "a", false},
			{"dom", "a", "e", true}, {"dom", "b", "e", false},
			{"every", "a", "", true}, {"every", "b", "", false}, {"every", "e", "", true},
		}},
		{`fn f() { loop { a; if c { break; } b; } e; }`, []q{
			{"after", "b", "a", true}, {"after", "a", "e", true}, {"after", "b", "e", true},
			{"dom", "a", "b", true}, {"dom", "b", "e", false}, {"dom", "a", "e", true},
		}},
		{`fn f() { a; return; b; }`, []q{
			{"runs", "a", "", true}, {"runs", "b", "", false}, {"after", "a", "b", false},
		}},
		{`fn f() { for x in y { a; } b; }`, []q{
			{"after", "a", "a", true}, {"dom", "a", "b", false}, {"every", "b", "", true},
		}},
		{`fn f() { while c { a; continue; b; } e; }`, []q{
			{"runs", "b", "", false}, {"after", "a", "e", true}, {"every", "a", "", false},
		}},
		{`fn f() { 'o: loop { loop { a; break 'o; } b; } e; }`, []q{
			{"runs", "b", "", false}, {"after", "a", "e", true}, {"dom", "a", "e", true},
		}},
		{`fn f() { match x { A if g => { a; } B => { b; } _ => { d; } } e; }`, []q{
			{"after", "g", "b", true}, {"after", "a", "b", false}, {"dom", "g", "a", true}, {"dom", "g", "b", false},
		}},
		{`fn f() -> Option<()> { a; x?; b; None }`, []q{
			{"every", "a", "", true}, {"every", "b", "", false},
		}},
		{`fn f() { let Some(v) = o else { a; return; }; b; }`, []q{
			{"after", "a", "b", false}, {"runs", "a", "", true},
		}},
		{`fn f() { if c && g { a; } if d || h { b; } }`, []q{
			{"dom", "g", "a", true}, {"dom", "h", "b", false}, {"after", "c", "a", true},
		}},
		{`fn f() { if true { a; } else { b; } }`, []q{
			{"runs", "b", "", false}, {"every", "a", "", true},
		}},
		{`async fn f() { tokio::select! { _ = x() => { a; } _ = y() => { b; } } e; }`, []q{
			{"after", "a", "b", false}, {"after", "a", "e", true}, {"dom", "a", "e", false},
		}},
		{`fn f() { let g = || { a; }; panic!(); b; }`, []q{
			{"runs", "b", "", false},
		}},
	}
	for _, c := range cases {
		tree := parse(t, c.src)
		fn := fns(tree)["f"]
		g := Of(tree, fn)
		for _, q := range c.qs {
			x := marker(t, tree, fn, q.x)
			var got bool
			switch q.kind {
			case "after":
				got = g.After(x, marker(t, tree, fn, q.y))
			case "runs":
				got = g.Runs(x)
			case "dom":
				got = g.Dominates(g.Enter(x), g.Enter(marker(t, tree, fn, q.y)))
			case "every":
				got = g.OnEveryPath(x)
			}
			if got != q.want {
				t.Errorf("%s: %s(%s, %s) = %v, want %v", c.src, q.kind, q.x, q.y, got, q.want)
			}
		}
	}
}

// TestSuspensionsAndBodies: `.await`, select! and join! are suspension points of their own
// body only; a closure's graph is its own.
func TestSuspensionsAndBodies(t *testing.T) {
	src := `async fn f() {
    a().await;
    tokio::join!(x(), y());
    let h = async { b().await };
    tokio::select! { _ = z() => {} }
}`
	tree := parse(t, src)
	fn := fns(tree)["f"]
	g := Of(tree, fn)
	var got []string
	for _, s := range g.Suspensions() {
		got = append(got, strings.Fields(tree.Text(s))[0])
	}
	if want := "a().await tokio::join!(x(), tokio::select!"; strings.Join(got, " ") != want {
		t.Errorf("suspensions %q, want %q", strings.Join(got, " "), want)
	}
	if Of(tree, fn) != g {
		t.Error("the graph of a body is not cached")
	}
	var inner parser.NodeID = parser.None
	tree.Walk(fn, func(d parser.NodeID) bool {
		if tree.Is(d, parser.KAwaitExpression) && strings.HasPrefix(tree.Text(d), "b()") {
			inner = d
		}
		return true
	})
	ig := Of(tree, inner)
	if ig == g || len(ig.Suspensions()) != 1 {
		t.Errorf("the async block's graph: same %v, %d suspensions", ig == g, len(ig.Suspensions()))
	}
	if g.Enter(inner) != None {
		t.Error("the async block's await has a point in the fn's graph")
	}
}

// TestForward runs the dataflow solver: "has `a` run on some path" as a bit set.
func TestForward(t *testing.T) {
	src := `fn f() { if c { a; } b; loop { d; if e { break; } a; } h; }`
	tree := parse(t, src)
	fn := fns(tree)["f"]
	g := Of(tree, fn)
	a1 := marker(t, tree, fn, "a")
	var as []Point
	tree.Walk(fn, func(d parser.NodeID) bool {
		if tree.Is(d, parser.KIdentifier) && tree.TextIs(d, "a") {
			as = append(as, g.Leave(d))
		}
		return true
	})
	_ = a1
	// state: 1 = a not run on the path, 2 = a run
	in := Forward(g, uint8(1), uint8(0), func(p Point, s uint8) uint8 {
		for _, x := range as {
			if p == x && s != 0 {
				return 2
			}
		}
		return s
	}, func(a, b uint8) uint8 { return a | b })
	for name, want := range map[string]uint8{"b": 3, "d": 3, "h": 3, "c": 1} {
		if got := in[g.Enter(marker(t, tree, fn, name))]; got != want {
			t.Errorf("state at %s = %d, want %d", name, got, want)
		}
	}
}

// TestOutcomes: the points that tell the ways out of a condition, a `let .. else` and a
// false match guard apart, as a dataflow problem sees them: a condition `t` kills the
// paths where it is false, `k` those where it is true; a pattern `Some(..)` those where
// it does not match; the first arm's guard falls through unless its AtFall point kills.
func TestOutcomes(t *testing.T) {
	src := `fn f() {
    if t && !k { a; } else { b; }
    if let Some(x) = v { c; } else { d; }
    while u { e; }
    let Some(y) = w else { return };
    g;
    match m { P if z => h, _ => i }
    if true { j; }
}`
	tree := parse(t, src)
	fn := fns(tree)["f"]
	g := Of(tree, fn)
	solve := func(fall bool) []uint8 {
		return Forward(g, uint8(1), uint8(0), func(p Point, s uint8) uint8 {
			n := g.Node(p)
			switch g.Kind(p) {
			case OnFalse:
				if tree.TextIs(n, "t") || strings.HasPrefix(tree.Text(n), "let Some") || tree.Is(n, parser.KLetDeclaration) {
					return 0
				}
			case OnTrue:
				if tree.TextIs(n, "k") {
					return 0
				}
			case AtFall:
				if !fall {
					return 0
				}
			case AtEnter:
				if tree.Is(n, parser.KMatchArm) && tree.TextIs(tree.Field(n, parser.FValue), "h") {
					return s << 1 // the first arm was entered
				}
			}
			return s
		}, func(a, b uint8) uint8 { return a | b })
	}
	in := solve(true)
	for name, want := range map[string]uint8{"a": 1, "b": 0, "c": 1, "d": 0, "e": 1, "g": 1, "h": 2, "i": 3, "j": 3} {
		if got := in[g.Enter(marker(t, tree, fn, name))]; got != want {
			t.Errorf("state at %s = %d, want %d", name, got, want)
		}
	}
	if p := g.Outcome(marker(t, tree, fn, "k"), true); g.Kind(p) != OnTrue || g.Outcome(marker(t, tree, fn, "k"), false) != p+1 {
		t.Errorf("Outcome(k): kinds %v", g.Kind(p))
	}
	arms := []parser.NodeID{}
	tree.Walk(fn, func(d parser.NodeID) bool {
		if tree.Is(d, parser.KMatchArm) {
			arms = append(arms, d)
		}
		return true
	})
	if g.FallThrough(arms[0]) < 0 || g.FallThrough(arms[1]) != None {
		t.Errorf("FallThrough: %d %d", g.FallThrough(arms[0]), g.FallThrough(arms[1]))
	}
	if p := g.Outcome(marker(t, tree, fn, "j"), true); p != None {
		t.Error("j has outcomes")
	}
	// without the fall-through, the second arm is entered only from the scrutinee
	if in := solve(false); in[g.Enter(arms[1])] != 1 {
		t.Errorf("no fall: %d", in[g.Enter(arms[1])])
	}
}

// TestPatternBindsAndTail: the syntax questions the rules share.
func TestPatternBindsAndTail(t *testing.T) {
	src := `fn f(a: T, (b, _): (U, V), Wrap(c): Wrap<d>) {
    match v { Some(x) if y > 0 => {}, E::Z => {}, P { q, r: s } => {}, ref mut m @ 1..=2 => {} }
    let g = |h| h;
}`
	tree := parse(t, src)
	fn := fns(tree)["f"]
	params := tree.Field(fn, parser.FParameters)
	var pats []parser.NodeID
	tree.Walk(fn, func(d parser.NodeID) bool {
		if tree.Is(d, parser.KMatchArm) {
			pats = append(pats, tree.Field(d, parser.FPattern))
		}
		return true
	})
	all := func(name string) bool {
		if PatternBinds(tree, params, name) {
			return true
		}
		for _, p := range pats {
			if PatternBinds(tree, p, name) {
				return true
			}
		}
		return false
	}
	for name, want := range map[string]bool{
		"a": true, "b": true, "c": true, "x": true, "q": true, "s": true, "m": true,
		"T": false, "U": false, "Wrap": false, "d": false, "Some": false, "y": false, "Z": false, "E": false, "r": false, "P": false, "h": false,
	} {
		if got := all(name); got != want {
			t.Errorf("binds %s = %v, want %v", name, got, want)
		}
	}

	src = `fn f() {
    { a; b }
    { a; b; }
    { let x = 1; }
    { a; if c { d } }
    { a; fn inner() {} }
    { a; m!(x); }
    { a; m!(x) }
}`
	tree = parse(t, src)
	body := tree.Field(fns(tree)["f"], parser.FBody)
	want := []string{"b", "", "", "if c { d }", "", "", "m!(x)"}
	i := 0
	tree.Walk(body, func(d parser.NodeID) bool {
		if d == body || tree.Is(d, parser.KExpressionStatement) && tree.Parent(d) == body {
			return true
		}
		if !tree.Is(d, parser.KBlock) {
			return false
		}
		got := ""
		if tl := BlockTail(tree, d); tl >= 0 {
			got = tree.Text(tl)
		}
		if i < len(want) && got != want[i] {
			t.Errorf("block %d: tail %q, want %q", i, got, want[i])
		}
		i++
		return false
	})
	if i != len(want) {
		t.Errorf("%d blocks seen, want %d", i, len(want))
	}
}

// TestReachesAvoidingAll: points that together, not one by one, lie on every path.
func TestReachesAvoidingAll(t *testing.T) {
	tree := parse(t, `fn f() { if c { k1; } else if d { k2; } else { return; } a; loop { k3; b; } }`)
	fn := fns(tree)["f"]
	g := Of(tree, fn)
	at := func(name string) Point { return g.Enter(marker(t, tree, fn, name)) }
	for _, c := range []struct {
		avoid []string
		to    string
		want  bool
	}{
		{[]string{"k1", "k2"}, "a", false},
		{[]string{"k1"}, "a", true},
		{[]string{"k2"}, "a", true},
		{nil, "a", true},
		{[]string{"k3"}, "b", false},
		{[]string{"a"}, "a", false},
	} {
		var avoid []Point
		for _, n := range c.avoid {
			avoid = append(avoid, at(n))
		}
		if got := g.ReachesAvoidingAll(Entry, at(c.to), avoid); got != c.want {
			t.Errorf("Entry to %s avoiding %v = %v, want %v", c.to, c.avoid, got, c.want)
		}
	}
}

// TestDoomed: after the marker `u`, every path in the region returns or panics.
func TestDoomed(t *testing.T) {
	for src, want := range map[string]bool{
		`fn f() { { u; return; } }`:                           true,
		`fn f() { { u; if c { return } else { panic!() } } }`: true,
		`fn f() { { u; if c { return } } }`:                   false,
		`fn f() { loop { { u; if c { break; } return; } } }`:  false,
		`fn f() { { u; bail!("x"); } }`:                       true,
		`fn f() { { u; } return; }`:                           false,
		`fn f() { { u; loop { if c { return; } } } }`:         true,
		`fn f() -> Option<()> { { u; x?; return None; } }`:    true,
		`fn f() { { u; std::process::exit(1); } }`:            true,
	} {
		tree := parse(t, src)
		fn := fns(tree)["f"]
		u := marker(t, tree, fn, "u")
		region := tree.Parent(tree.Parent(u)) // the block around `u;`
		if got := Of(tree, fn).Doomed(u, region); got != want {
			t.Errorf("%s: Doomed = %v, want %v", src, got, want)
		}
	}
}
