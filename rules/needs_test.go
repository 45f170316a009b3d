package rules

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/parser"
)

// A rule's Local check with Needs runs only on files that mention one of its words, anywhere
// in the text. (One that records crate-wide facts cannot declare Needs: its *LocalPass has no
// way to record, so that does not compile.) A rule's Check, which may record, runs on every
// file.
func TestNeeds(t *testing.T) {
	calls := 0
	needy := &Rule{
		ID: "fake_needy", Summary: "counts calls", Level: LevelWarning, Since: "0.1.0", Tags: []string{"test"}, Precision: "high",
		Kinds: []parser.Kind{parser.KCallExpression},
		Local: &LocalCheck{Needs: []string{"async", "select"}, Check: func(p *LocalPass, n parser.NodeID) { calls++ }},
	}
	recorded := 0
	recorder := &Rule{
		ID: "fake_recorder", Summary: "records a fact", Level: LevelWarning, Since: "0.1.0", Tags: []string{"test"}, Precision: "high",
		Kinds: []parser.Kind{parser.KCallExpression},
		Check: func(p *Pass, n parser.NodeID) { Record(p, testFactKey, 1); recorded++ },
	}
	eng := NewEngine([]*Rule{needy, recorder}, &Settings{})
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
		calls, recorded = 0, 0
		res := run(c.src)
		if calls != c.calls {
			t.Errorf("%s: Check called %d times, want %d", c.src, calls, c.calls)
		}
		if got := res.facts[testFactKey.name].len(); recorded == 0 || got != recorded {
			t.Errorf("%s: %d facts recorded by %d calls", c.src, got, recorded)
		}
		if len(res.Notifications) > 0 {
			t.Errorf("%s: notifications %+v", c.src, res.Notifications)
		}
	}
}

var testFactKey = NewFactKey[int]("test.fact")

// Facts come back typed and in path order, a key per name (For) holds only its own, and a
// memo is built once per crate.
func TestFacts(t *testing.T) {
	byName := NewFactKey[string]("test.byname")
	rec := &Rule{
		ID: "fake_rec", Summary: "records", Level: LevelWarning, Since: "0.1.0", Tags: []string{"test"}, Precision: "high",
		Kinds: []parser.Kind{parser.KFunctionItem},
		Check: func(p *Pass, n parser.NodeID) {
			name := p.Tree.Text(p.Tree.Field(n, parser.FName))
			Record(p, byName.For(name), p.Info.Path)
			Record(p, testFactKey, len(Recorded(p, testFactKey)))
		},
	}
	eng := NewEngine([]*Rule{rec}, &Settings{})
	p := parser.NewParser()
	defer p.Close()
	var results []*FileResult
	for _, f := range []struct{ path, src string }{{"/c/b.rs", "fn a() {} fn b() {}"}, {"/c/a.rs", "fn a() {}"}} {
		tr, err := p.Parse(f.path, []byte(f.src))
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, eng.Analyze(tr, FileInfo{Path: f.path, Crate: "/c"}))
	}
	sort.Slice(results, func(i, j int) bool { return results[i].Info.Path < results[j].Info.Path })
	c := crateFacts(results)["/c"]
	if got := strings.Join(Facts(c, byName.For("a")), " "); got != "/c/a.rs /c/b.rs" {
		t.Errorf("facts of a: %q", got)
	}
	if got := strings.Join(Facts(c, byName.For("b")), " "); got != "/c/b.rs" {
		t.Errorf("facts of b: %q", got)
	}
	if got := fmt.Sprint(Facts(c, testFactKey)); got != "[0 0 1]" {
		t.Errorf("counts: %s", got)
	}
	if len(Facts(c, byName)) != 0 {
		t.Errorf("the parent key holds the facts of its names")
	}
	builds := 0
	memo := NewMemoKey[int]("test.memo")
	for range 2 {
		if v := Memo(c, memo, func() int { builds++; return 7 }); v != 7 {
			t.Errorf("memo: %d", v)
		}
	}
	if builds != 1 {
		t.Errorf("memo built %d times", builds)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("a second key of one name and another type was accepted")
		}
	}()
	NewFactKey[bool]("test.byname")
}
