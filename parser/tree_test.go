package parser

import (
	"os"
	"path/filepath"
	"testing"
)

// PrevSibling agrees with a scan of the parent's children on every node of every fixture that
// its parent links, macro bodies (grafted after the grammar's nodes, and synthetic nodes)
// included.
func TestPrevSibling(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "rules", "*", "*.rs"))
	more, _ := filepath.Glob(filepath.Join("..", "testdata", "rules", "*", "*", "*.rs"))
	files = append(files, more...)
	if len(files) == 0 {
		t.Fatal("no fixtures")
	}
	p := NewParser()
	defer p.Close()
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := p.Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		checkPrevSiblings(t, f, tr)
	}
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
