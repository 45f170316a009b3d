package parser

// Tests of what was done for speed: macro bodies skipped before any parse, parses stopped at
// an error, recycled node arrays, the line table.

import (
	"fmt"
	"strings"
	"testing"
)

// Bodies that cannot be Rust are recognised before any parse (their failing parses cost the
// most), and look-alikes that are Rust are not. Every macro below mentions `spawn`, a token
// rules look for, so the body is re-parsed whenever cannotBeRust lets it be; a body that is
// not Rust may still have brace groups that are (cfg_if!).
func TestCannotBeRust(t *testing.T) {
	cases := []struct {
		src     string
		notRust bool
		expand  bool
	}{
		// `=>` in braces that no `match` opens: bind_interrupts!-style tables.
		{"bind!(struct Irqs { USART1 => spawn::Handler<USART1>; });", true, false},
		{"m! { spawn => x }", true, false},
		// `=>` in a match's braces, also nested in a closure or a call.
		{"m! { fn f() { match spawn() { Ok(x) => x, Err(_) => 0 }; } }", false, true},
		{"m!(foo(|a| match a { A => spawn(), _ => () }));", false, true},
		// quote!-style interpolation: `#` not before an attribute.
		{"quote! { let x = #spawn; }", true, false},
		{"quote! { #(#spawn)* }", true, false},
		// attributes are Rust, whatever their arguments hold; not after `if` (cfg_if!),
		// whose brace groups are then parsed one by one.
		{"m! { #[cfg(feature = #spawn)] fn f() {} }", false, true},
		{"m! { #![allow(x)] fn spawn() {} }", false, true},
		{"cfg_if! { if #[cfg(unix)] { fn spawn() {} } else { fn other() {} } }", true, true},
		// a macro definition's rules hold `=>` and `$`: not looked into.
		{"doc! { macro_rules! spawn { ($x:expr) => { $x }; } }", false, true},
		// JSON keys; a string right after a name that is not a keyword.
		{`json!({"spawn": 1});`, true, false},
		{`extension!(spawn, esm = [dir "spawn.js"]);`, true, false},
		{`m! { extern "C" fn spawn() {} }`, false, true},
		{`m! { fn f() { for c in "spawn".chars() {} } }`, false, true},
		// `name: Type` starting a body or a block: a DSL's field list, unlike a struct's.
		{"ext! { spawner: Arc<Spawner>, other: u8 }", true, false},
		{"ext!(spawn, options = { spawner: Arc<Spawner> });", true, false},
		{"m! { struct S<T> where T: Clone, { spawner: T } }", false, true},
		{"m! { fn f() { let s = S { spawner: 1 }; } }", false, true},
		// bitflags!'s `struct Name: Type`, async_assert_fn!'s `f(_): Send`.
		{"bitflags! { pub struct Spawn: u32 { const A = 1; } }", true, false},
		{"check!(tokio::spawn(_): Send & Sync);", true, false},
		{"m! { let (spawn, b): (u8, u8) = (1, 2); }", false, true},
		{"m!(|(spawn, b): (u8, u8)| spawn + b);", false, true},
		// a path with generic arguments before `:` (assert_value!), unlike a comparison.
		{"assert_value!(tokio::task::JoinHandle<'_>: Send & Sync);", true, false},
		{"m!(a::spawn < c, d > e);", false, true},
		{"m! { a::spawn(); }", false, true},
		// a metavariable after `::` or `.` (a macro_rules body passed on, as embassy's
		// foreach_peripheral!); `$crate::` and `$x::` start a path, which tree-sitter takes.
		{"m! { impl Spawn for peripherals::$inst { fn f() { spawn(); } } }", true, true},
		{"m! { x.$spawn; }", true, false},
		{"m! { $crate::spawn(); }", false, true},
		{"m! { let r = spawn..$n; }", false, true}, // `..` is its own token
		// `impl Name` with neither a body nor `;`: a type (if_afio!'s `impl Pin<T, A>`).
		{"if_afio!(impl Spawn<T, A>);", true, false},
		{"m! { unsafe impl Spawn for X {} }", false, true},
		{"m! { impl Spawn; }", false, true},
		// a const item has a type (bitflags!'s `const A = 1;` has none).
		{"flags! { const SPAWN = 1; }", true, false},
		{"m! { const SPAWN: u8 = 1; }", false, true},
		// `in` after no `for` (proptest!'s `a in strategy()`), unlike a for loop or pub(in ..).
		{"proptest! { fn f(a in 0..3u8) { spawn(a); } }", true, true},
		{"m! { for spawn in 0..3 {} }", false, true},
		{"m! { pub(in crate::spawn) fn f() {} }", false, true},
	}
	for _, c := range cases {
		tr := parse(t, "fn main() { "+c.src+" }")
		checkPositions(t, tr)
		m := firstMacro(tr)
		if got := tr.MacroBody(m) >= 0; got != c.expand {
			t.Errorf("%s: expanded %v, want %v", c.src, got, c.expand)
		}
		raw := parseRaw(t, "fn main() { "+c.src+" }")
		rt := raw.FirstChildOfKind(firstMacro(raw), KTokenTree)
		if got := cannotBeRust(raw, raw.innerTokens(rt)); got != c.notRust {
			t.Errorf("%s: cannotBeRust = %v, want %v", c.src, got, c.notRust)
		}
	}
}

// An item parse is not tried on a body that cannot start with an item.
func TestMayStartItem(t *testing.T) {
	for src, want := range map[string]bool{
		"m! { let x = spawn(); }":          false,
		"m! { x.spawn(); }":                false,
		"m! { pub fn f() {} }":             true,
		"m! { #[cfg(x)] fn f() {} }":       true,
		"m! { other! { fn f() {} } }":      true,
		"m! { unsafe impl Send for X {} }": true,
		"m! { ; }":                         true,
	} {
		raw := parseRaw(t, src)
		tt := raw.FirstChildOfKind(raw.FirstChildOfKind(0, KMacroInvocation), KTokenTree)
		if got := mayStartItem(raw, raw.innerTokens(tt)); got != want {
			t.Errorf("%s: mayStartItem = %v, want %v", src, got, want)
		}
	}
}

// firstMacro returns the first macro invocation of tr in preorder.
func firstMacro(tr *Tree) NodeID {
	m := None
	tr.Walk(0, func(n NodeID) bool {
		if m < 0 && tr.Is(n, KMacroInvocation) {
			m = n
		}
		return m < 0
	})
	return m
}

// parseRaw parses src without re-parsing macro bodies.
func parseRaw(t *testing.T, src string) *Tree {
	t.Helper()
	p := NewParser()
	defer p.Close()
	p.ExpandMacros = false
	tr, err := p.Parse("raw.rs", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// A parse told to stop at a syntax error gives up without a tree, says so, and leaves the
// parser usable; a clean source parses in full all the same.
func TestStopOnError(t *testing.T) {
	p := NewParser()
	defer p.Close()
	bad := []byte("fn f() { " + strings.Repeat("let x = ;; struct => ", 200) + "}")
	if nodes, st, _ := p.np.parse(bad, 0, nil, true); st != errored || nodes != nil {
		t.Fatalf("erroneous source with stopOnError: status %v, %d nodes; want errored, none", st, len(nodes))
	}
	if nodes, st, _ := p.np.parse(bad, 0, nil, false); st != parsed || len(nodes) == 0 {
		t.Fatalf("erroneous source without stopOnError: status %v, %d nodes; want a tree", st, len(nodes))
	}
	good := []byte("fn f() { let x = 1; }")
	nodes, st, _ := p.np.parse(good, 0, nil, true)
	if st != parsed || len(nodes) == 0 || nodes[0].Flags&FlagError != 0 {
		t.Fatalf("clean source with stopOnError: status %v, %d nodes", st, len(nodes))
	}
	for i := 0; i < 20; i++ {
		p.np.parse(bad, 0, nil, true)
		if tr, err := p.Parse("s.rs", good); err != nil || len(tr.Nodes) == 0 {
			t.Fatalf("parser unusable after a parse stopped at an error: %v", err)
		}
	}
}

// A recycled node array serves the next parse: its tree is the one a fresh parser builds,
// macro nodes included, and the recycled tree can no longer be read.
func TestRecycle(t *testing.T) {
	a := "async fn a() { tokio::select! { _ = sleep(d) => {}, v = rx.recv() => { spawn(v); } } }\n" +
		strings.Repeat("fn pad() { let x = [1, 2, 3]; }\n", 50)
	b := "fn b() { tokio::join!(one(), two()); }"
	p := NewParser()
	defer p.Close()
	ta, err := p.Parse("a.rs", []byte(a))
	if err != nil {
		t.Fatal(err)
	}
	p.Recycle(ta)
	if ta.Nodes != nil {
		t.Fatal("a recycled tree still has its nodes")
	}
	tb, err := p.Parse("b.rs", []byte(b))
	if err != nil {
		t.Fatal(err)
	}
	fresh := parse(t, b)
	if got, want := tb.String(0), fresh.String(0); got != want {
		t.Fatalf("tree parsed into a recycled array:\n%s\nwant\n%s", got, want)
	}
	if len(tb.Nodes) != len(fresh.Nodes) {
		t.Fatalf("%d nodes in a recycled array, %d fresh", len(tb.Nodes), len(fresh.Nodes))
	}
	for i := range tb.Nodes {
		if tb.Nodes[i] != fresh.Nodes[i] {
			t.Fatalf("node %d differs: %+v, fresh %+v", i, tb.Nodes[i], fresh.Nodes[i])
		}
	}
	checkPositions(t, tb)
}

func TestLineStarts(t *testing.T) {
	for src, want := range map[string]string{
		"":            "[0]",
		"a":           "[0]",
		"a\n":         "[0 2]",
		"a\r\nb\n\nc": "[0 3 5 6]",
		"\n\n":        "[0 1 2]",
	} {
		if got := fmt.Sprint(lineStarts([]byte(src))); got != want {
			t.Errorf("lineStarts(%q) = %s, want %s", src, got, want)
		}
	}
}

// Outside async code and poll functions, a macro body is re-parsed only for the tokens rules
// look for there (spawn, unbounded channels, items ...), not for those that matter only in
// async code (locks, blocking calls, timers, format strings naming locals).
func TestSyncContextMacros(t *testing.T) {
	src := `fn sync_fn() {
    assert_eq!(m.lock().unwrap().len(), 1);
    println!("{buf:?}");
    debug_assert!(ok, "{}", std::fs::read("x").is_ok());
    keep!(tokio::spawn(work()));
    keep!(tokio::sync::mpsc::unbounded_channel());
    keep!(async { m.lock() });
}
async fn async_fn() {
    assert_eq!(m.lock().unwrap().len(), 1);
    println!("{buf:?}");
}
fn poll_thing(&mut self, cx: &mut Context<'_>) { assert!(self.rx.recv().is_some()); }
fn g() { let f = |x: u8| assert_eq!(x.read(), 1); }
cfg_x! { fn item() { let x = 1; } }`
	tr := parse(t, src)
	var got []string
	tr.Walk(0, func(n NodeID) bool {
		if tr.Is(n, KMacroInvocation) {
			got = append(got, fmt.Sprintf("%d:%s:%v", tr.Nodes[n].StartRow+1, tr.MacroName(n), tr.MacroBody(n) >= 0))
		}
		return true
	})
	want := "2:assert_eq:false 3:println:false 4:debug_assert:false 5:keep:true 6:keep:true 7:keep:true " +
		"10:assert_eq:true 11:println:true 13:assert:true 14:assert_eq:true 15:cfg_x:true"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("expanded:\n got %s\nwant %s", g, want)
	}
}

// Inline assembly is never re-parsed; look-alikes are.
func TestAsmSkipped(t *testing.T) {
	tr := parse(t, `fn f() {
    if_x!(impl Spawn for X {});
    asm!("mov {spawn}, 1", spawn = out(reg) _);
    keep!(spawn(x), 1);
    single!(fn);
}`)
	var got []string
	tr.Walk(0, func(n NodeID) bool {
		if tr.Is(n, KMacroInvocation) {
			got = append(got, fmt.Sprintf("%s:%v", tr.MacroName(n), tr.MacroBody(n) >= 0))
		}
		return true
	})
	if g := strings.Join(got, " "); g != "if_x:true asm:false keep:true single:true" {
		t.Errorf("expanded: %s", g)
	}
}

// The root's error flag, which spares scanning every node of a clean tree, says what a scan
// of the nodes says: ERROR nodes and MISSING tokens both count.
func TestHasError(t *testing.T) {
	np := newNativeParser()
	defer np.close()
	for _, src := range []string{
		"fn f() { let x = 1; }",
		"fn f() { let x = 1 }",          // a MISSING `;`, no ERROR node
		"fn f() { let x = ; }",          // an ERROR node
		"fn f() { g(a b); }",            // an ERROR deep inside
		"m! { => # $x }",                // token trees take anything
		"struct S { a: u8, } impl S {}", // clean
		"",
	} {
		nodes, st, hasError := np.parse([]byte(src), 0, nil, false)
		if st != parsed {
			t.Fatalf("%q: status %v", src, st)
		}
		scan := false
		for i := range nodes {
			if nodes[i].Flags&(FlagError|FlagMissing) != 0 || nodes[i].Kind == KError {
				scan = true
			}
		}
		if hasError != scan {
			t.Errorf("%q: hasError %v, but the nodes say %v", src, hasError, scan)
		}
	}
}
