package rules

import (
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/parser"
)

// A rule with Needs runs only on files that mention one of its words, anywhere in the text;
// one that records crate-wide facts while declaring Needs is stopped with a notification.
func TestNeeds(t *testing.T) {
	calls := 0
	needy := &Rule{
		ID: "fake_needy", Summary: "counts calls", Level: LevelWarning, Since: "0.1.0", Tags: []string{"test"}, Precision: "high",
		Kinds: []parser.Kind{parser.KCallExpression},
		Needs: []string{"async", "select"},
		Check: func(p *Pass, n parser.NodeID) { calls++ },
	}
	faulty := &Rule{
		ID: "fake_faulty", Summary: "records a fact", Level: LevelWarning, Since: "0.1.0", Tags: []string{"test"}, Precision: "high",
		Kinds: []parser.Kind{parser.KCallExpression},
		Needs: []string{"f"},
		Check: func(p *Pass, n parser.NodeID) { p.AddFact("k", 1) },
	}
	eng := NewEngine([]*Rule{needy, faulty}, &Settings{})
	p := parser.NewParser()
	defer p.Close()
	run := func(src string) *FileResult {
		tr, err := p.Parse("/src/lib.rs", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return eng.Analyze(tr, FileInfo{Path: "/src/lib.rs", Crate: "/src"})
	}
	for _, c := range []struct {
		src   string
		calls int
	}{
		{"fn f() { a(); b(); }", 0},
		{"async fn f() { a(); b(); }", 2},
		{"fn f() { a(); } // select", 1},                   // a comment counts: the words are text
		{"fn f() { tokio::select! { _ = a() => {} } }", 1}, // a() inside the re-parsed select!
	} {
		calls = 0
		res := run(c.src)
		if calls != c.calls {
			t.Errorf("%s: Check called %d times, want %d", c.src, calls, c.calls)
		}
		var faultNote bool
		for _, n := range res.Notifications {
			faultNote = faultNote || n.Rule == "fake_faulty" && strings.Contains(n.Message, "declares Needs")
		}
		if !faultNote {
			t.Errorf("%s: no notification for a rule with Needs that records facts: %+v", c.src, res.Notifications)
		}
	}
}
