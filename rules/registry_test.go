package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	idRE := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	for _, r := range All {
		if seen[r.ID] {
			t.Errorf("duplicate rule id %s", r.ID)
		}
		seen[r.ID] = true
		if !idRE.MatchString(r.ID) {
			t.Errorf("rule id %q is not snake_case", r.ID)
		}
		if r.Summary == "" || r.Since == "" || len(r.Tags) == 0 {
			t.Errorf("%s: summary, since and tags are required", r.ID)
		}
		switch r.Precision {
		case "very-high", "high", "medium", "low":
		default:
			t.Errorf("%s: precision %q is not one of very-high, high, medium, low", r.ID, r.Precision)
		}
		if (r.Check == nil) == (r.Local == nil || r.Local.Check == nil) || len(r.Kinds) == 0 {
			t.Errorf("%s: not exactly one of Check and Local, or no Kinds", r.ID)
		}
		// Every heading, in order, each with text under it.
		pos := 0
		for _, h := range DocHeadings {
			i := strings.Index(r.Doc[pos:], "## "+h+"\n")
			if i < 0 {
				t.Errorf("%s.md: missing heading %q (after the previous one)", r.ID, "## "+h)
				continue
			}
			pos += i + len(h) + 4
			rest := r.Doc[pos:]
			if next := strings.Index(rest, "\n## "); next >= 0 {
				rest = rest[:next]
			}
			if strings.TrimSpace(rest) == "" {
				t.Errorf("%s.md: heading %q has no text", r.ID, h)
			}
		}
		if _, err := os.Stat(filepath.Join("..", "testdata", "rules", r.ID)); err != nil {
			t.Errorf("%s: no fixtures folder: %v", r.ID, err)
		}
	}
}
