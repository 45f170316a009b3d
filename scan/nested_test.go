package scan

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/rules"
)

// TestNestedPackageContext: a package kept in the project's tests/ or test-*/ folder is test
// code (its blocking call is a note that says why); the same code in an ordinary member keeps
// its warning, and so does a package that merely sits in a folder named tests/ above the
// project's own Cargo.toml. A package under the project's bench/ folder is benchmark tooling,
// a development tool (a note that says so).
func TestNestedPackageContext(t *testing.T) {
	root := t.TempDir()
	body := "pub async fn handle() {\n    std::thread::sleep(std::time::Duration::from_millis(5));\n}\n"
	pkg := func(name string) string { return packageManifest(name, "") }
	writeFiles(t, root, map[string]string{
		"proj/Cargo.toml":                         "[workspace]\nmembers = [\"crates/*\"]\n",
		"proj/crates/app/Cargo.toml":              pkg("app"),
		"proj/crates/app/src/lib.rs":              body,
		"proj/tests/components/echo/Cargo.toml":   pkg("echo-component"),
		"proj/tests/components/echo/src/lib.rs":   body,
		"proj/harness-tests/Cargo.toml":           pkg("harness-tests"),
		"proj/harness-tests/apps/slow/Cargo.toml": pkg("slow-app"),
		"proj/harness-tests/apps/slow/src/lib.rs": body,
		"proj/bench/dashboard/server/Cargo.toml":  pkg("bench-dashboard-server"),
		"proj/bench/dashboard/server/src/lib.rs":  body,
		"tests/box/outer/Cargo.toml":              pkg("outer"),
		"tests/box/outer/src/lib.rs":              body,
	})
	eng := rules.NewEngine([]*rules.Rule{rules.BlockingInAsync}, nil)
	want := map[string]finding.Level{
		"proj/crates/app/src/lib.rs":              finding.LevelWarning,
		"proj/tests/components/echo/src/lib.rs":   finding.LevelNote,
		"proj/harness-tests/apps/slow/src/lib.rs": finding.LevelNote,
		"proj/bench/dashboard/server/src/lib.rs":  finding.LevelNote,
		"tests/box/outer/src/lib.rs":              finding.LevelWarning,
	}
	why := map[string]string{"proj/bench/dashboard/server/src/lib.rs": "benchmark tooling"}
	for _, dir := range []string{"proj", "tests/box/outer"} {
		res := runScan(t, Options{Paths: []string{filepath.Join(root, dir)}, Engine: eng})
		for _, f := range res.Findings {
			rel, _ := filepath.Rel(root, f.Path)
			rel = filepath.ToSlash(rel)
			lvl, ok := want[rel]
			if !ok {
				t.Errorf("unexpected finding in %s", rel)
				continue
			}
			delete(want, rel)
			if f.Level != lvl {
				t.Errorf("%s: level %s, want %s (notes %q)", rel, f.Level, lvl, f.Notes)
			}
			say := "test code"
			if w, ok := why[rel]; ok {
				say = w
			}
			if lvl == finding.LevelNote && !strings.Contains(strings.Join(f.Notes, " "), say) {
				t.Errorf("%s: the note does not say %q: %q", rel, say, f.Notes)
			}
		}
	}
	for rel := range want {
		t.Errorf("no finding in %s", rel)
	}
}

// packageManifest is the Cargo.toml of a package named name, with extra tables after it.
func packageManifest(name, extra string) string {
	return "[package]\nname = \"" + name + "\"\nversion = \"0.1.0\"\n" + extra
}
