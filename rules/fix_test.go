package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/fix"
	"github.com/rustaudit/rustaudit/parser"
)

// analyzeSources analyses files (path -> content) as one crate with only rule r enabled,
// as runFixture does with files on disk.
func analyzeSources(t testing.TB, r *Rule, crate string, srcs map[string][]byte) ([]finding.Finding, []finding.Notification) {
	t.Helper()
	st := &Settings{Levels: map[string]Level{}}
	if r.Level == LevelAllow {
		st.Levels[r.ID] = LevelWarning
	}
	eng := NewEngine([]*Rule{r}, st)
	p := parser.NewParser()
	defer p.Close()
	p.MacroWords = eng.MacroWords()
	paths := make([]string, 0, len(srcs))
	for f := range srcs {
		paths = append(paths, f)
	}
	sort.Strings(paths)
	var results []*FileResult
	var notes []finding.Notification
	for _, f := range paths {
		tree, err := p.Parse(f, srcs[f])
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		edition := "2021"
		if m := regexp.MustCompile(`^// edition: (\d+)`).FindSubmatch(srcs[f]); m != nil {
			edition = string(m[1])
		}
		res := eng.Analyze(tree, FileInfo{Path: f, Crate: crate, Edition: edition})
		notes = append(notes, res.Notifications...)
		results = append(results, res)
	}
	fs, more := Settle(results)
	return fs, append(notes, more...)
}

// fixtureCrates lists the crates of rule r's fixtures: each file, or each folder's files.
func fixtureCrates(t *testing.T, r *Rule) map[string][]string {
	dir := filepath.Join("..", "testdata", "rules", r.ID)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if e.IsDir() {
			out[p], _ = filepath.Glob(filepath.Join(p, "*.rs"))
		} else if strings.HasSuffix(e.Name(), ".rs") {
			out[p] = []string{p}
		}
	}
	return out
}

// Every finding of every fixture (but unused_suppression's) offers a rustaudit:allow fix,
// and applying it alone silences that finding and nothing goes wrong: no invalid
// directive, no syntax error, the same findings otherwise.
func TestAllowFixSilencesEveryFixtureFinding(t *testing.T) {
	for _, r := range All {
		if r.ID == UnusedSuppressionID {
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			for crate, files := range fixtureCrates(t, r) {
				srcs := map[string][]byte{}
				for _, f := range files {
					b, err := os.ReadFile(f)
					if err != nil {
						t.Fatal(err)
					}
					srcs[f] = b
				}
				before, _ := analyzeSources(t, r, crate, srcs)
				for _, f := range before {
					if f.Suppressed {
						continue
					}
					var allow *finding.Fix
					for i := range f.Fixes {
						if f.Fixes[i].Suppress {
							allow = &f.Fixes[i]
						}
					}
					if allow == nil {
						t.Errorf("%s:%d: no rustaudit:allow fix", f.Path, f.Span.Start.Line)
						continue
					}
					if allow.Applicability != finding.NeedsReview || len(allow.Edits) != 1 {
						t.Errorf("%s:%d: allow fix %+v", f.Path, f.Span.Start.Line, allow)
						continue
					}
					out, applied, _ := fix.Apply(srcs[f.Path], []fix.Planned{{Finding: &f, Fix: allow}})
					if len(applied) != 1 {
						t.Fatalf("%s:%d: not applied", f.Path, f.Span.Start.Line)
					}
					changed := map[string][]byte{}
					for k, v := range srcs {
						changed[k] = v
					}
					changed[f.Path] = out
					after, notes := analyzeSources(t, r, crate, changed)
					for _, n := range notes {
						t.Errorf("%s:%d: after the allow fix: %s", n.Path, n.Line, n.Message)
					}
					if len(after) != len(before) {
						t.Errorf("%s:%d: %d findings before the allow fix, %d after", f.Path, f.Span.Start.Line, len(before), len(after))
					}
					line := f.Span.Start.Line
					if allow.Edits[0].Span.Start.Line <= line {
						line++
					}
					silenced := false
					for _, g := range after {
						if g.Path == f.Path && g.Rule == f.Rule && g.Span.Start.Line == line && g.Span.Start.Col == f.Span.Start.Col { // (a message may name a line, which moved)
							silenced = g.Suppressed && len(g.Fixes) == 0
						}
					}
					if !silenced {
						t.Errorf("%s:%d: the allow fix does not silence the finding:\n%s", f.Path, f.Span.Start.Line, around(out, line))
					}
				}
			}
		})
	}
}

// around returns the lines of src near line (1-based), for messages.
func around(src []byte, line int) string {
	lines := strings.Split(string(src), "\n")
	lo, hi := max(line-4, 0), min(line+2, len(lines))
	return strings.Join(lines[lo:hi], "\n")
}

// allowEdit runs fake_bad over src and returns the text its first finding's allow fix
// inserts, and where (1-based line), or "" when it has none.
func allowEdit(t *testing.T, src string) (string, int) {
	t.Helper()
	fs, _ := analyzeSources(t, fakeBad, "/src", map[string][]byte{"/src/lib.rs": []byte(src)})
	if len(fs) == 0 {
		t.Fatalf("no finding in %q", src)
	}
	for _, fx := range fs[0].Fixes {
		if fx.Suppress {
			return fx.Edits[0].New, fx.Edits[0].Span.Start.Line
		}
	}
	return "", 0
}

func TestAllowFixPlacement(t *testing.T) {
	const comment = "// rustaudit:allow(fake_bad) " + allowReason
	cases := []struct {
		name, src string
		text      string
		line      int
	}{
		{"a statement", "fn f() {\n    let x = 1;\n    bad(x);\n}\n", "    " + comment + "\n", 3},
		{"tabs", "fn f() {\n\tif true {\n\t\tbad();\n\t}\n}\n", "\t\t" + comment + "\n", 3},
		{"CRLF line endings", "fn f() {\r\n    bad();\r\n}\r\n", "    " + comment + "\r\n", 2},
		// The second statement on a line: above it would silence the first one instead, so
		// the comment goes above the function, the nearest thing that starts its line.
		{"two statements on a line", "fn f() {\n    ok(); bad();\n}\n", comment + "\n", 1},
		{"a one-line function", "mod m {\n    fn f() { bad(); }\n}\n", "    " + comment + "\n", 2},
		// Above the attributes, which the comment reaches past.
		{"an item with attributes", "#[allow(dead_code)]\n#[rustfmt::skip]\nstatic X: u32 = bad();\n", comment + "\n", 1},
		{"a multi-line call", "fn f() {\n    let v = compute(\n        bad(),\n    );\n}\n", "    " + comment + "\n", 2},
		{"a match arm", "fn f(x: u8) {\n    match x {\n        0 => bad(),\n        _ => {}\n    }\n}\n", "        " + comment + "\n", 3},
	}
	for _, c := range cases {
		text, line := allowEdit(t, c.src)
		if text != c.text || line != c.line {
			t.Errorf("%s: inserts %q at line %d, want %q at line %d", c.name, text, line, c.text, c.line)
		}
	}
}

// A rule's fix with edits that do not fit the file is dropped, not passed on.
func TestConvertFixChecksEdits(t *testing.T) {
	p := parser.NewParser()
	defer p.Close()
	tree, err := p.Parse("/src/lib.rs", []byte("fn f() { let é = 1; }\n"))
	if err != nil {
		t.Fatal(err)
	}
	ok := func(es ...Edit) bool {
		_, ok := convertFix(tree, Fix{Description: "d", Applicability: Certain, Edits: es})
		return ok
	}
	e := strings.Index(string(tree.Src), "é")
	for _, c := range []struct {
		name string
		good bool
		es   []Edit
	}{
		{"an insertion", true, []Edit{{Start: 0, End: 0, New: "x"}}},
		{"two edits in order", true, []Edit{{Start: 0, End: 2, New: "fn"}, {Start: 3, End: 4, New: "g"}}},
		{"no edits", false, nil},
		{"past the end", false, []Edit{{Start: 0, End: 999}}},
		{"start after end", false, []Edit{{Start: 5, End: 4}}},
		{"out of order", false, []Edit{{Start: 3, End: 4}, {Start: 0, End: 1}}},
		{"overlapping", false, []Edit{{Start: 0, End: 4}, {Start: 3, End: 5}}},
		{"inside a character", false, []Edit{{Start: uint32(e + 1), End: uint32(e + 2)}}},
	} {
		if got := ok(c.es...); got != c.good {
			t.Errorf("%s: accepted %v, want %v", c.name, got, c.good)
		}
	}
	if _, ok := convertFix(tree, Fix{Applicability: Certain, Edits: []Edit{{}}}); ok {
		t.Error("a fix without a description was accepted")
	}
	f, _ := convertFix(tree, Fix{Description: "d", Applicability: Certain, Edits: []Edit{{Start: uint32(e), End: uint32(e + 2), New: "e"}}})
	if s := f.Edits[0].Span; s.Start.Line != 1 || s.Start.Col != 14 || s.End.Col != 15 || s.Start.Byte != e || s.End.Byte != e+2 {
		t.Errorf("span %+v", s)
	}
}

// A suppressed finding has nothing left to fix.
func TestSuppressedFindingHasNoFixes(t *testing.T) {
	fs, _ := analyzeSources(t, fakeBad, "/src", map[string][]byte{"/src/lib.rs": []byte("fn f() {\n    // rustaudit:allow(fake_bad) fine\n    bad();\n}\n")})
	if len(fs) != 1 || !fs[0].Suppressed || len(fs[0].Fixes) != 0 {
		t.Errorf("got %+v", fs)
	}
}
