package rules

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/fix"
)

// Fix fixtures, in Clippy's style: testdata/fixes/<rule id>/<name>.rs is scanned with that
// rule alone, its fixes are applied, and the result must equal <name>.fixed.rs (rewritten
// with -update-fixes). The fixes applied are every code fix, or with `// apply: suppress`
// near the top, the rustaudit:allow fixes. A flagged line ends with
// `// want: <rule id> (fix: A)`, A being the applicability of the fix applied to it
// (certain, needs-review) or none. The fixed
// file must then have no finding of the rule left but on the lines marked (fix: none), and
// a file marked `// check: rustc` must compile, before and after, when rustc is installed.
var (
	updateFixes = flag.Bool("update-fixes", false, "rewrite testdata/fixes/*/*.fixed.rs")
	wantFixRE   = regexp.MustCompile(`//\s*want:\s*([a-z_]+)\s*\(fix:\s*(certain|needs-review|none)\)`)
)

func TestFixFixtures(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "testdata", "fixes", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fix fixtures: %v", err)
	}
	for _, dir := range dirs {
		r := ByID(filepath.Base(dir))
		if r == nil {
			t.Errorf("%s: no rule of that name", dir)
			continue
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*.rs"))
		for _, f := range files {
			if strings.HasSuffix(f, ".fixed.rs") {
				continue
			}
			t.Run(r.ID+"/"+filepath.Base(f), func(t *testing.T) { checkFixFixture(t, r, f) })
		}
	}
}

func checkFixFixture(t *testing.T, r *Rule, path string) {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sel := fix.Selection{Certain: true, NeedsReview: true}
	if bytes.Contains(src, []byte("\n// apply: suppress\n")) {
		sel = fix.Selection{Suppress: true}
	}
	fs, notes := analyzeSources(t, r, filepath.Dir(path), map[string][]byte{path: src})
	for _, n := range notes {
		t.Errorf("%s:%d: %s", n.Path, n.Line, n.Message)
	}
	// The findings and the applicability of their code fixes, against the markers.
	want := map[int]string{}
	for i, l := range strings.Split(string(src), "\n") {
		if m := wantFixRE.FindStringSubmatch(l); m != nil && m[1] == r.ID {
			want[i+1] = m[2]
		} else if wantRE.MatchString(l) {
			t.Errorf("%s:%d: a want without (fix: ...)", path, i+1)
		}
	}
	got := map[int]string{}
	for _, f := range fs {
		if f.Suppressed {
			continue
		}
		a := "none"
		if fx := sel.Choose(&f); fx != nil {
			a = fx.Applicability.String()
		}
		got[f.Span.Start.Line] = a
	}
	for line, a := range want {
		if got[line] != a {
			t.Errorf("%s:%d: fix %q, want %q", path, line, got[line], a)
		}
	}
	for line, a := range got {
		if _, ok := want[line]; !ok {
			t.Errorf("%s:%d: unexpected finding (fix %s)", path, line, a)
		}
	}

	plan := fix.Plan(fs, sel)
	out, _, skipped := fix.Apply(src, plan[path])
	for _, s := range skipped {
		t.Errorf("%s:%d: fix skipped: %s", path, s.Finding.Span.Start.Line, s.Reason)
	}
	fixedPath := strings.TrimSuffix(path, ".rs") + ".fixed.rs"
	if *updateFixes {
		if err := os.WriteFile(fixedPath, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wantOut, err := os.ReadFile(fixedPath)
	if err != nil {
		t.Fatalf("%v (go test ./rules -run TestFixFixtures -update-fixes writes it)", err)
	}
	if !bytes.Equal(out, wantOut) {
		d, _ := fix.Diff(filepath.Base(fixedPath), wantOut, out)
		t.Errorf("applying the fixes of %s does not give %s:\n%s", path, fixedPath, d)
	}

	// What the fixes leave: only the findings that had no fix.
	after, notes := analyzeSources(t, r, filepath.Dir(path), map[string][]byte{path: out})
	for _, n := range notes {
		t.Errorf("fixed %s:%d: %s", n.Path, n.Line, n.Message)
	}
	remain := map[int]bool{}
	for i, l := range strings.Split(string(out), "\n") {
		if m := wantFixRE.FindStringSubmatch(l); m != nil && m[1] == r.ID && m[2] == "none" {
			remain[i+1] = true
		}
	}
	for _, f := range after {
		if f.Suppressed {
			continue
		}
		if !remain[f.Span.Start.Line] {
			t.Errorf("fixed %s:%d: still flagged: %s", fixedPath, f.Span.Start.Line, f.Message)
		}
		delete(remain, f.Span.Start.Line)
	}
	for line := range remain {
		t.Errorf("fixed %s:%d: the finding without a fix is gone", fixedPath, line)
	}

	if bytes.HasPrefix(src, []byte("// check: rustc\n")) {
		rustcCompiles(t, path)
		rustcCompiles(t, fixedPath)
	}
}

// rustcCompiles checks that a std-only file compiles as a library (metadata only). It skips
// when rustc is not installed.
func rustcCompiles(t *testing.T, path string) {
	t.Helper()
	rustc, err := exec.LookPath("rustc")
	if err != nil {
		t.Skip("rustc is not installed")
	}
	cmd := exec.Command(rustc, "--edition", "2021", "--crate-type", "lib", "--crate-name", "fixture",
		"--emit=metadata", "--cap-lints", "allow", "-o", filepath.Join(t.TempDir(), "fixture.rmeta"), path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("rustc %s: %v\n%s", path, err, out)
	}
}
