package repocheck

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/rules"
)

var update = flag.Bool("update", false, "rewrite README's generated rule table")

const (
	tableBegin = "<!-- rules:begin (generated from the registry by `go test ./internal/repocheck -update`) -->"
	tableEnd   = "<!-- rules:end -->"
)

func ruleTable() string {
	var b strings.Builder
	b.WriteString("\n| rule | default level | at most, by context | what it flags |\n| --- | --- | --- | --- |\n")
	for _, r := range rules.All {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", r.ID, r.Level, r.ContextLevels(), strings.ReplaceAll(r.Summary, "|", "\\|"))
	}
	return b.String()
}

// README's rule table comes from the registry.
func TestReadmeRuleTable(t *testing.T) {
	path := filepath.Join(repoRoot, "README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i, j := strings.Index(s, tableBegin), strings.Index(s, tableEnd)
	if i < 0 || j < i {
		t.Fatal("README.md lacks the rule table markers")
	}
	want := s[:i+len(tableBegin)] + ruleTable() + s[j:]
	if want == s {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Error("README.md's rule table is out of date: run go test ./internal/repocheck -update")
}

// README opens with the install-and-scan command and the test command, and CI runs the
// latter.
func TestReadmeCommands(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile(filepath.Join(repoRoot, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	block := s[strings.Index(s, "```sh"):]
	block = block[:strings.Index(block[3:], "```")+3]
	if !strings.Contains(block, "go install ./cmd/rustaudit") || !strings.Contains(block, "scan testdata/sample-crate") {
		t.Errorf("README's first block does not install and scan the sample crate:\n%s", block)
	}
	if !strings.Contains(block, "\ngo test ./...\n") {
		t.Errorf("README's first block does not give the test command")
	}
	if !strings.Contains(string(ci), "\ngo test ./...\n") {
		t.Error(".ci/run does not run README's test command")
	}
	if _, err := os.Stat(filepath.Join(repoRoot, "testdata", "sample-crate", "Cargo.toml")); err != nil {
		t.Error("the sample crate is missing")
	}
}
