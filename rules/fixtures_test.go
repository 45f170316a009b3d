package rules

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/cargo"
	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
)

// Fixtures live in testdata/rules/<rule id>/. Each .rs file directly in that folder is one
// crate of its own; each sub-folder is one crate of several files (for crate-wide facts).
// A line that must be flagged ends with `// want: <rule id>`; every other line must stay
// quiet. `// want: <rule id>@note` also asserts the finding's level (after context). A
// sub-folder with a Cargo.toml is a package: its targets and module tree count, as in a scan.
// An optional edition comes from `// edition: 2024` on the first line.
var wantRE = regexp.MustCompile(`//\s*want:\s*([a-z_]+(?:@[a-z]+)?(?:\s*,\s*[a-z_]+(?:@[a-z]+)?)*)`)

func TestFixtures(t *testing.T) {
	for _, r := range All {
		t.Run(r.ID, func(t *testing.T) {
			dir := filepath.Join("..", "testdata", "rules", r.ID)
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatalf("rule %s has no fixtures: %v", r.ID, err)
			}
			ran := 0
			for _, e := range entries {
				p := filepath.Join(dir, e.Name())
				if e.IsDir() {
					files := fixtureFiles(p)
					if len(files) == 0 {
						t.Errorf("%s: no .rs files", p)
					}
					t.Run(e.Name(), func(t *testing.T) { checkFixtureCrate(t, r, p, files) })
					ran++
				} else if strings.HasSuffix(e.Name(), ".rs") {
					t.Run(e.Name(), func(t *testing.T) { checkFixtureCrate(t, r, p, []string{p}) })
					ran++
				}
			}
			if ran == 0 {
				t.Fatalf("rule %s has no .rs fixtures in %s", r.ID, dir)
			}
		})
	}
}

// RunFixture analyses files as one crate with only rule r enabled (at warning when the
// rule is off by default) and returns the findings.
func runFixture(t testing.TB, r *Rule, crate string, files []string) []finding.Finding {
	t.Helper()
	lvl := r.Level
	if lvl == LevelAllow {
		lvl = LevelWarning
	}
	st := &Settings{Levels: map[string]Level{}}
	if r.Level == LevelAllow {
		st.Levels[r.ID] = lvl
	}
	// A fixture directory may set rule options (rule id -> option -> value) in
	// fixture-options.json, as rustaudit.toml would; for the single-file fixtures of a rule,
	// the one in the rule's folder does.
	opts := filepath.Join(crate, "fixture-options.json")
	if strings.HasSuffix(crate, ".rs") {
		opts = filepath.Join(filepath.Dir(crate), "fixture-options.json")
	}
	if data, err := os.ReadFile(opts); err == nil {
		if err := json.Unmarshal(data, &st.Options); err != nil {
			t.Fatalf("%s: %v", opts, err)
		}
	}
	eng := NewEngine([]*Rule{r}, st)
	if len(eng.rules) == 0 {
		t.Fatalf("rule %s has no Check", r.ID)
	}
	p := parser.NewParser()
	defer p.Close()
	p.MacroWords = eng.MacroWords() // as scan does
	var results []*FileResult
	var pkg *CrateInfo
	if st, err := os.Stat(filepath.Join(crate, "Cargo.toml")); err == nil && st.Mode().IsRegular() {
		pkg = cargo.Load(crate)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := p.Parse(f, src)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(tree.ErrorRows) > 0 {
			t.Errorf("%s: syntax errors at lines %v (fixtures must parse)", f, plusOne(tree.ErrorRows))
		}
		edition := "2021"
		if m := regexp.MustCompile(`^// edition: (\d+)`).FindSubmatch(src); m != nil {
			edition = string(m[1])
		}
		res := eng.Analyze(tree, FileInfo{Path: f, Crate: crate, Edition: edition, Package: pkg})
		for _, n := range res.Notifications {
			t.Errorf("%s:%d: notification: %s", f, n.Line, n.Message)
		}
		results = append(results, res)
	}
	for _, n := range eng.Recheck(results, os.ReadFile, p.Parse, p.Recycle) {
		t.Errorf("%s: recheck: %s", n.Path, n.Message)
	}
	findings, notes := eng.Settle(results)
	for _, n := range notes {
		if strings.HasPrefix(n.Message, "not compiled") && strings.Contains(filepath.Base(n.Path), "uncompiled") {
			continue // a fixture file that no target reaches, on purpose
		}
		t.Errorf("%s: notification: %s", n.Path, n.Message)
	}
	return findings
}

// fixtureFiles lists the .rs files of a fixture crate: those directly in dir, or for a
// package (a dir with Cargo.toml) every .rs file below it.
func fixtureFiles(dir string) []string {
	if _, err := os.Stat(filepath.Join(dir, "Cargo.toml")); err != nil {
		files, _ := filepath.Glob(filepath.Join(dir, "*.rs"))
		return files
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".rs") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	return files
}

func plusOne(rows []int) []int {
	out := make([]int, len(rows))
	for i, r := range rows {
		out[i] = r + 1
	}
	return out
}

func checkFixtureCrate(t *testing.T, r *Rule, crate string, files []string) {
	findings := runFixture(t, r, crate, files)
	type key struct {
		file string
		line int
	}
	want := map[key]bool{}
	wantLevel := map[key]string{}
	nwant := 0
	for _, f := range files {
		src, _ := os.ReadFile(f)
		for i, line := range strings.Split(string(src), "\n") {
			m := wantRE.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			for _, id := range strings.Split(m[1], ",") {
				id = strings.TrimSpace(id)
				level := ""
				if at := strings.IndexByte(id, '@'); at >= 0 {
					id, level = id[:at], id[at+1:]
				}
				if ByID(id) == nil {
					t.Errorf("%s:%d: want names unknown rule %q", f, i+1, id)
				}
				if id == r.ID {
					want[key{f, i + 1}] = true
					if level != "" {
						wantLevel[key{f, i + 1}] = level
					}
					nwant++
				}
			}
		}
	}
	if nwant == 0 && !strings.Contains(filepath.Base(crate), "quiet") && !strings.Contains(filepath.Base(files[0]), "quiet") {
		t.Errorf("%s: fixture has no `// want: %s` line (name it *quiet*.rs if it is all negatives)", files[0], r.ID)
	}
	got := map[key]bool{}
	var msgs []string
	for _, f := range findings {
		if f.Rule != r.ID {
			continue
		}
		k := key{f.Path, f.Span.Start.Line}
		got[k] = true
		if !want[k] {
			msgs = append(msgs, fmt.Sprintf("%s:%d:%d: unexpected finding: %s", f.Path, f.Span.Start.Line, f.Span.Start.Col, f.Message))
		}
		if l := wantLevel[k]; l != "" && f.Level.String() != l {
			msgs = append(msgs, fmt.Sprintf("%s:%d: finding at level %s, want %s (notes: %q)", f.Path, f.Span.Start.Line, f.Level, l, f.Notes))
		}
		if strings.TrimSpace(f.Message) == "" {
			msgs = append(msgs, fmt.Sprintf("%s:%d: finding with an empty message", f.Path, f.Span.Start.Line))
		}
	}
	for k := range want {
		if !got[k] {
			msgs = append(msgs, fmt.Sprintf("%s:%d: missing finding of %s", k.file, k.line, r.ID))
		}
	}
	sort.Strings(msgs)
	for _, m := range msgs {
		t.Error(m)
	}
}

// findingsByLine runs rule r over one of its fixture files and returns its findings keyed
// by the text of the finding's line (trimmed, without its `// want` comment), so that tests
// of levels and messages read like the fixture.
func findingsByLine(t *testing.T, r *Rule, file string) map[string]finding.Finding {
	t.Helper()
	path := filepath.Join("..", "testdata", "rules", r.ID, file)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	out := map[string]finding.Finding{}
	for _, f := range runFixture(t, r, path, []string{path}) {
		line := strings.TrimSpace(lines[f.Span.Start.Line-1])
		line = strings.TrimSpace(strings.Split(line, "// want")[0])
		out[line] = f
	}
	return out
}
