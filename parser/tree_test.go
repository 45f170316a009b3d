package parser

import "testing"

// PrevSibling agrees with a scan of the parent's children on every node of every fixture that
// its parent links, macro bodies (grafted after the grammar's nodes, and synthetic nodes)
// included.
func TestPrevSibling(t *testing.T) {
	eachFixture(t, func(f string, tr *Tree) { checkPrevSiblings(t, f, tr) })
	checkPrevSiblings(t, "x.rs", parse(t, "#[a]\n#[b]\nfn f() { select! { x = a() => {}, } }\n/// doc\nstruct S;\n"))
}

func checkPrevSiblings(t *testing.T, name string, tr *Tree) {
	t.Helper()
	for i := range tr.Nodes {
		n := NodeID(i)
		want, linked := None, true
		if p := tr.Parent(n); p >= 0 {
			linked = false
			for c := tr.Nodes[p].FirstChild; c >= 0; c = tr.Nodes[c].Next {
				if c == n {
					linked = true
					break
				}
				want = c
			}
		}
		if !linked {
			continue // a token of a macro body replaced by its syntax: no walk reaches it
		}
		if got := tr.PrevSibling(n); got != want {
			t.Fatalf("%s: PrevSibling(%d) = %d, want %d", name, n, got, want)
		}
	}
}

// AncestorOfKind agrees with a walk of Ancestors on every node of every fixture, for the
// kinds rules ask it for.
func TestAncestorOfKind(t *testing.T) {
	eachFixture(t, func(f string, tr *Tree) {
		for i := range tr.Nodes {
			n := NodeID(i)
			for _, k := range []Kind{KFunctionItem, KImplItem, KStructExpression} {
				want := None
				tr.Ancestors(n, func(a NodeID) bool {
					if tr.Nodes[a].Kind == k {
						want = a
						return false
					}
					return true
				})
				if got := tr.AncestorOfKind(n, k); got != want {
					t.Fatalf("%s: node %d, kind %v: AncestorOfKind %d, Ancestors walk %d", f, n, k, got, want)
				}
			}
		}
	})
	tr := parse(t, "fn f() { let s = S { a: 1 }; }\n")
	lit := None
	for i := range tr.Nodes {
		if tr.Text(NodeID(i)) == "1" {
			lit = NodeID(i)
		}
	}
	if fn := tr.AncestorOfKind(lit, KFunctionItem); fn < 0 || tr.Nodes[fn].Kind != KFunctionItem {
		t.Fatalf("no fn item around the literal: %d", fn)
	}
	if tr.AncestorOfKind(lit, KImplItem) != None {
		t.Fatal("an impl item around a free fn's literal")
	}
}

// Find agrees with a Walk that records its first hit, on every fixture, for a predicate
// that hits calls and one that skips closures' bodies; and returns None when nothing hits.
func TestFind(t *testing.T) {
	eachFixture(t, func(f string, tr *Tree) {
		root := tr.Root()
		for _, skip := range []bool{false, true} {
			want := None
			tr.Walk(root, func(d NodeID) bool {
				if want >= 0 {
					return false
				}
				if tr.Nodes[d].Kind == KCallExpression {
					want = d
					return false
				}
				return !skip || tr.Nodes[d].Kind != KClosureExpression
			})
			got := tr.Find(root, func(d NodeID) (bool, bool) {
				return tr.Nodes[d].Kind == KCallExpression, !skip || tr.Nodes[d].Kind != KClosureExpression
			})
			if got != want {
				t.Fatalf("%s (skip closures %v): Find %d, Walk %d", f, skip, got, want)
			}
		}
		if got := tr.Find(root, func(NodeID) (bool, bool) { return false, true }); got != None {
			t.Fatalf("%s: Find with no hit returned %d", f, got)
		}
	})
}
