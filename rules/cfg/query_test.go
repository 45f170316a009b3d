package cfg

import (
	"strings"
	"testing"
)

// TestReachesForward: fn y_* has a path from marker a to marker b in one pass, n_* only
// round a loop or not at all.
func TestReachesForward(t *testing.T) {
	src := `
fn y_line() { a; b; }
fn y_break() { loop { a; if c { break; } } b; }
fn y_label() { 'o: loop { loop { a; break 'o; } } b; }
fn n_back() { loop { b; a; } }
fn n_continue() { loop { b; if c { a; continue; } } }
fn n_for_body() { for x in b { a; } } // the iterator runs once
fn y_for_iter() { for x in a { b; } }
fn n_branches() { if c { a } else { b } }
fn n_returns() { if c { a; return; } b; }
`
	tree := parse(t, src)
	for name, fn := range fns(tree) {
		g := Of(tree, fn)
		a, b := marker(t, tree, fn, "a"), marker(t, tree, fn, "b")
		got := g.ReachesForward(g.Leave(a), g.Enter(b))
		if want := strings.HasPrefix(name, "y_"); got != want {
			t.Errorf("%s: ReachesForward %v, want %v", name, got, want)
		}
		if name == "n_back" || name == "n_continue" {
			if !g.Reaches(g.Leave(a), g.Enter(b)) {
				t.Errorf("%s: not reached round the loop either", name)
			}
		}
	}
}

func TestResumes(t *testing.T) {
	tree := parse(t, `async fn f() { x.await; tokio::select! { v = a => h1, _ = b => h2 } }`)
	fn := fns(tree)["f"]
	g := Of(tree, fn)
	sus := g.Suspensions()
	if len(sus) != 2 {
		t.Fatalf("%d suspensions, want 2", len(sus))
	}
	if r := g.Resumes(sus[0]); len(r) != 1 || r[0] != g.Leave(sus[0]) {
		t.Errorf(".await resumes at %v, want its Leave point", r)
	}
	h1, h2 := marker(t, tree, fn, "h1"), marker(t, tree, fn, "h2")
	r := g.Resumes(sus[1])
	if len(r) != 2 || r[0] != g.Enter(h1) || r[1] != g.Enter(h2) {
		t.Errorf("select! resumes at %v, want the handlers' Enter points %v %v", r, g.Enter(h1), g.Enter(h2))
	}
	if fa := marker(t, tree, fn, "a"); g.ReachesForward(r[0], g.Enter(fa)) {
		t.Error("a handler reaches a branch's future")
	}
}
