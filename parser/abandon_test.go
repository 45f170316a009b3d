package parser

import (
	"strings"
	"testing"
	"time"
)

// A parse abandoned at any point, including while tree-sitter balances the finished tree,
// must leave the parser usable: tree-sitter 0.25.0 aborts the process on the next parse
// otherwise (see parseTree).
func TestParserUsableAfterAbandonAtAnyPoint(t *testing.T) {
	big := []byte(strings.Repeat("fn f() { let x = vec![(1 + 2) * 3, 4]; g(x).await; }\n", 5000))
	p := NewParser()
	defer p.Close()
	p.ExpandMacros = false
	start := time.Now()
	if err := p.ParseOnly(big); err != nil {
		t.Fatal(err)
	}
	full := time.Since(start)
	for i := 0; i < 50; i++ {
		// Budgets from 70% to 120% of a full parse: some end during balancing.
		p.Budget = full*70/100 + time.Duration(i)*full/100
		p.ParseOnly(big)
		p.Budget = 0
		tr, err := p.Parse("s.rs", []byte("fn main() {}"))
		if err != nil || len(tr.Nodes) == 0 {
			t.Fatalf("parser unusable after an abandoned parse: %v", err)
		}
	}
}
