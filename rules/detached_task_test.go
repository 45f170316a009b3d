package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDetachedTaskSpinMessages checks that exactly the fixture lines marked "(spins)" get
// the busy-loop message, and the other forever loops the plain one.
func TestDetachedTaskSpinMessages(t *testing.T) {
	path := filepath.Join("..", "testdata", "rules", DetachedTask.ID, "spin.rs")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	seen := 0
	for _, f := range runFixture(t, DetachedTask, path, []string{path}) {
		line := lines[f.Span.Start.Line-1]
		want := strings.Contains(line, "(spins)")
		got := strings.Contains(f.Message, "spins once") || strings.Contains(f.Message, "never waits")
		if want != got {
			t.Errorf("%d: spin message %v, want %v: %s", f.Span.Start.Line, got, want, f.Message)
		}
		if got {
			seen++
		}
	}
	if seen == 0 {
		t.Error("no spin message at all")
	}
}

// TestDetachedTaskFieldNames checks that a stored handle's finding names the spawned fn as
// written (`ping_loop`), not by the key the crate's facts use for it.
func TestDetachedTaskFieldNames(t *testing.T) {
	dir := filepath.Join("..", "testdata", "rules", DetachedTask.ID, "crate_fields")
	named := 0
	for _, f := range runFixture(t, DetachedTask, dir, fixtureFiles(dir)) {
		if !strings.Contains(f.Message, "is kept in") {
			continue
		}
		if strings.Contains(f.Message, "@") {
			t.Errorf("%s:%d: message shows a fact key: %s", f.Path, f.Span.Start.Line, f.Message)
		}
		if strings.Contains(f.Message, " runs `") {
			named++
		}
	}
	if named == 0 {
		t.Error("no stored-handle finding names the fn its task runs")
	}
}
