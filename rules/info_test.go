package rules

import (
	"strings"
	"testing"
)

func TestFirstParagraph(t *testing.T) {
	doc := "# x\n\nSummary.\n\n## What it does\n```rust\n## not a heading\n```\n\nChecks\nthings.\n\nMore.\n## Why is this bad?\n\nWhy.\n"
	if got := firstParagraph(doc, "What it does"); got != "Checks things." {
		t.Errorf("got %q", got)
	}
	if got := firstParagraph(doc, "Why is this bad?"); got != "Why." {
		t.Errorf("got %q", got)
	}
	if got := firstParagraph("TODO", "What it does"); got != "" {
		t.Errorf("got %q", got)
	}
}

func TestInfo(t *testing.T) {
	got := PendingWithoutWaker.Info()
	if got.ID != PendingWithoutWaker.ID || got.Summary != PendingWithoutWaker.Summary || got.Level != PendingWithoutWaker.Level || got.Doc != PendingWithoutWaker.Doc {
		t.Errorf("Info() = %+v", got)
	}
	if want := "Looks at every function that receives a task `Context`"; !strings.HasPrefix(got.Description, want) {
		t.Errorf("Description = %q, want it to start with %q", got.Description, want)
	}
	if n := len(Infos(All)); n != len(All) {
		t.Errorf("Infos(All) has %d, want %d", n, len(All))
	}
}
