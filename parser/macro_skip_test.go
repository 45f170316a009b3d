package parser

import (
	"strings"
	"testing"
)

// Bodies that cannot be Rust are recognised before any parse (their failing parses cost the
// most), and look-alikes that are Rust are not. Every macro below mentions `spawn`, a token
// rules look for, so the body is re-parsed whenever cannotBeRust lets it be.
func TestCannotBeRust(t *testing.T) {
	cases := []struct {
		src    string
		expand bool
	}{
		// `=>` in braces that no `match` opens: bind_interrupts!-style tables.
		{"bind!(struct Irqs { USART1 => spawn::Handler<USART1>; });", false},
		{"m! { spawn => x }", false},
		// `=>` in a match's braces, also nested in a closure or a call.
		{"m! { fn f() { match spawn() { Ok(x) => x, Err(_) => 0 }; } }", true},
		{"m!(foo(|a| match a { A => spawn(), _ => () }));", true},
		// quote!-style interpolation: `#` not before an attribute.
		{"quote! { let x = #spawn; }", false},
		{"quote! { #(#spawn)* }", false},
		// attributes are Rust, whatever their arguments hold.
		{"m! { #[cfg(feature = #spawn)] fn f() {} }", true},
		{"m! { #![allow(x)] fn spawn() {} }", true},
		// a macro definition's rules hold `=>` and `$`: not looked into.
		{"doc! { macro_rules! spawn { ($x:expr) => { $x }; } }", true},
		// JSON keys.
		{`json!({"spawn": 1});`, false},
	}
	for _, c := range cases {
		tr := parse(t, "fn main() { "+c.src+" }")
		checkPositions(t, tr)
		m := NodeID(-1)
		tr.Walk(0, func(n NodeID) bool {
			if m < 0 && tr.Is(n, KMacroInvocation) {
				m = n
			}
			return m < 0
		})
		if got := tr.MacroBody(m) >= 0; got != c.expand {
			t.Errorf("%s: expanded %v, want %v", c.src, got, c.expand)
		}
		// Unexpanded bodies keep their token tree: cannotBeRust must have said so up front.
		if tt := tr.FirstChildOfKind(m, KTokenTree); tt >= 0 && cannotBeRust(tr, tr.innerTokens(tt), 0) == c.expand {
			t.Errorf("%s: cannotBeRust = %v, want %v", c.src, c.expand, !c.expand)
		}
	}
}

// A parse told to stop at a syntax error gives up without a tree, says so, and leaves the
// parser usable; a clean source parses in full all the same.
func TestStopOnError(t *testing.T) {
	p := NewParser()
	defer p.Close()
	bad := []byte("fn f() { " + strings.Repeat("let x = ;; struct => ", 200) + "}")
	if nodes, st := p.np.parse(bad, 0, nil, true); st != errored || nodes != nil {
		t.Fatalf("erroneous source with stopOnError: status %v, %d nodes; want errored, none", st, len(nodes))
	}
	if nodes, st := p.np.parse(bad, 0, nil, false); st != parsed || len(nodes) == 0 {
		t.Fatalf("erroneous source without stopOnError: status %v, %d nodes; want a tree", st, len(nodes))
	}
	good := []byte("fn f() { let x = 1; }")
	nodes, st := p.np.parse(good, 0, nil, true)
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
