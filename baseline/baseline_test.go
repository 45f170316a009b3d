package baseline

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
)

func newFinding(rule, path, fp string, line int) finding.Finding {
	return finding.Finding{Rule: rule, Path: path, Fingerprint: fp, Span: finding.Span{Start: finding.Pos{Line: line}}}
}

func TestFilterIsAMultiset(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "b.json"), []byte(`{"version":1,"findings":[
		{"rule":"detached_task","path":"src/a.rs","fingerprint":"abc:1"},
		{"rule":"detached_task","path":"src/a.rs","fingerprint":"abc:1"},
		{"rule":"lock_across_await","path":"src/b.rs","fingerprint":"def:1"}],"errors":[]}`), 0o644)
	b, err := Load(filepath.Join(root, "b.json"), root, root)
	if err != nil {
		t.Fatal(err)
	}
	a := filepath.Join(root, "src", "a.rs")
	in := []finding.Finding{
		newFinding("detached_task", a, "abc:1", 10),
		newFinding("detached_task", a, "abc:1", 10),
		newFinding("detached_task", a, "abc:1", 10),                                     // a third identical one is new
		newFinding("detached_task", a, "zzz:1", 3),                                      // same rule and file, other line text: new
		newFinding("blocking_in_async", filepath.Join(root, "src", "b.rs"), "def:1", 1), // other rule: new
	}
	out, dropped := b.Filter(in, root)
	if dropped != 2 || len(out) != 3 {
		t.Fatalf("dropped %d, kept %d", dropped, len(out))
	}
}

func TestLoadErrors(t *testing.T) {
	root := t.TempDir()
	for name, content := range map[string]string{
		"garbage.json": "not json",
		"other.json":   `{"hello": 1}`,
		"v2.json":      `{"version": 2, "findings": []}`,
		"clippy.sarif": `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"clippy"}},"results":[]}]}`,
	} {
		p := filepath.Join(root, name)
		os.WriteFile(p, []byte(content), 0o644)
		if _, err := Load(p, root, root); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := Load(filepath.Join(root, "missing.json"), root, root); err == nil {
		t.Error("missing file accepted")
	}
}
