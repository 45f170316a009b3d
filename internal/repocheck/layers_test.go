package repocheck

import (
	"go/build"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/rustaudit/rustaudit"

// moduleDeps returns the packages of this module that dir's package imports, directly or not
// (test files left out).
func moduleDeps(t *testing.T, dir string) []string {
	t.Helper()
	seen := map[string]bool{}
	var walk func(dir string)
	walk = func(dir string) {
		pkg, err := build.ImportDir(filepath.Join(repoRoot, dir), 0)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		for _, imp := range pkg.Imports {
			rel, ok := strings.CutPrefix(imp, module+"/")
			if !ok || seen[rel] {
				continue
			}
			seen[rel] = true
			walk(rel)
		}
	}
	walk(dir)
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// The data flows one way: renderers, the baseline and the fixer read findings, never the
// rules or the parser that produce them, and the finding types depend on nothing of
// rustaudit.
func TestLayers(t *testing.T) {
	for dir, forbidden := range map[string][]string{
		"finding":  nil, // nothing at all
		"report":   {"rules", "parser", "scan"},
		"baseline": {"rules", "parser", "scan"},
		"fix":      {"rules", "parser", "scan", "report"},
	} {
		deps := moduleDeps(t, dir)
		if forbidden == nil && len(deps) > 0 {
			t.Errorf("%s imports %v; it must stay a leaf", dir, deps)
		}
		for _, f := range forbidden {
			if slices.Contains(deps, f) {
				t.Errorf("%s depends on %s (through %v)", dir, f, deps)
			}
		}
	}
}
