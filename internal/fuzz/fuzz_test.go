// Package fuzz holds the fuzz targets for the whole pipeline: parse, macro re-parsing, every
// rule and every renderer. `go test ./...` runs them on their seed corpus (the rule
// fixtures, the sample crate and testdata/fuzz regressions); fuzz for real with
//
//	go test ./internal/fuzz -run '^$' -fuzz FuzzPipeline -fuzztime 10m
package fuzz

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/report"
	"github.com/rustaudit/rustaudit/rules"
)

func seeds(f *testing.F) {
	root := filepath.Join("..", "..", "testdata")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".rs") {
			if src, err := os.ReadFile(p); err == nil {
				f.Add(src)
			}
		}
		return nil
	})
	for _, s := range []string{
		"", "\x00", "\xEF\xBB\xBF", "fn", "tokio::select! {", "select! { a = b => }", "select! { biased; }",
		"fn f() { tokio::select! { x = async { loop {} } => {}, else => {} } }",
		"cfg_if! { if #[cfg(x)] { fn a() {} } }", "impl Future for X { fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> { Poll::Pending } }",
		"async fn f() { let b = [0u8; 1 << 62]; g().await; b; }", "const N: usize = N * 2; async fn f() { let b = [0u8; N]; g(&b).await; }",
	} {
		f.Add([]byte(s))
	}
}

var allEnabled = func() *rules.Engine {
	levels := map[string]finding.Level{}
	for _, r := range rules.All {
		if r.Level == finding.LevelAllow {
			levels[r.ID] = finding.LevelWarning
		}
	}
	return rules.NewEngine(rules.All, &rules.Settings{Levels: levels})
}()

// FuzzPipeline: whatever the bytes, parsing and every rule finish without a panic, findings
// have sane positions inside the file, and every renderer produces well-formed output.
func FuzzPipeline(f *testing.F) {
	seeds(f)
	p := parser.NewParser()
	f.Fuzz(func(t *testing.T, src []byte) {
		tree, err := p.Parse("/repo/src/x.rs", src)
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		// Every node reachable from the root lies within the file and within its parent.
		tree.Walk(0, func(n parser.NodeID) bool {
			nd := &tree.Nodes[n]
			if nd.Start > nd.End || int(nd.End) > len(src) {
				t.Fatalf("node %s has range %d-%d in a %d-byte file", nd.Kind, nd.Start, nd.End, len(src))
			}
			if pp := nd.Parent; pp >= 0 && (nd.Start < tree.Nodes[pp].Start || nd.End > tree.Nodes[pp].End) {
				t.Fatalf("node %s lies outside its parent %s", nd.Kind, tree.Nodes[pp].Kind)
			}
			return true
		})
		res := allEnabled.Analyze(tree, rules.FileInfo{Path: "/repo/src/x.rs", Crate: "/repo", Edition: "2021"})
		findings, notes := rules.Settle([]*rules.FileResult{res})
		for _, n := range append(res.Notifications, notes...) {
			if n.Rule != "" {
				t.Fatalf("rule %s failed: %s", n.Rule, n.Message)
			}
		}
		for _, fd := range findings {
			s, e := fd.Span.Start, fd.Span.End
			if s.Line < 1 || s.Col < 1 || s.ColUTF16 < s.Col || e.Line < s.Line || (e.Line == s.Line && e.Col < s.Col) || e.Byte > len(src) || s.Byte > e.Byte {
				t.Fatalf("finding %s has a bad span %+v", fd.Rule, fd.Span)
			}
			if strings.TrimSpace(fd.Message) == "" {
				t.Fatalf("finding %s has no message", fd.Rule)
			}
		}
		o := report.Options{CWD: "/repo", RepoRoot: "/repo", ToolVersion: "0.0.0", Rules: rules.Infos(rules.All)}
		var buf bytes.Buffer
		if err := report.Text(&buf, findings, notes, o); err != nil {
			t.Fatal(err)
		}
		for _, render := range []func(*bytes.Buffer) error{
			func(b *bytes.Buffer) error { return report.JSON(b, findings, notes, o) },
			func(b *bytes.Buffer) error { return report.SARIF(b, findings, notes, o) },
		} {
			buf.Reset()
			if err := render(&buf); err != nil {
				t.Fatal(err)
			}
			if !json.Valid(buf.Bytes()) {
				t.Fatalf("invalid JSON:\n%s", buf.String())
			}
		}
		buf.Reset()
		if err := report.GitHub(&buf, findings, notes, o); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
			if line != "" && !strings.HasPrefix(line, "::") {
				t.Fatalf("GitHub command split across lines: %q", line)
			}
		}
	})
}
