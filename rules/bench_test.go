package rules

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/parser"
)

// Benchmarks for the engine and for each rule. They run over RUSTAUDIT_BENCH_DIR when it is
// set (a folder of real crates, e.g. fetched tokio and deno), else over the repository's own
// fixtures and sample crate. Compare them side by side in one run:
//
//	RUSTAUDIT_BENCH_DIR=/tmp/src/tokio go test ./rules -run '^$' -bench . -benchmem
func benchCorpus(b *testing.B) [][]byte {
	b.Helper()
	root := os.Getenv("RUSTAUDIT_BENCH_DIR")
	if root == "" {
		root = filepath.Join("..", "testdata")
	}
	var srcs [][]byte
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".rs") {
			if src, err := os.ReadFile(p); err == nil {
				srcs = append(srcs, src)
			}
		}
		return nil
	})
	if len(srcs) == 0 {
		b.Fatalf("no .rs files under %s", root)
	}
	return srcs
}

func corpusBytes(srcs [][]byte) int64 {
	var n int64
	for _, s := range srcs {
		n += int64(len(s))
	}
	return n
}

// BenchmarkParse is the floor: parse, flatten and re-parse macros, no rules.
func BenchmarkParse(b *testing.B) {
	srcs := benchCorpus(b)
	p := parser.NewParser()
	defer p.Close()
	b.SetBytes(corpusBytes(srcs))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range srcs {
			if _, err := p.Parse("x.rs", s); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseNoMacros parses without re-parsing macro bodies, to price that step.
func BenchmarkParseNoMacros(b *testing.B) {
	srcs := benchCorpus(b)
	p := parser.NewParser()
	defer p.Close()
	p.ExpandMacros = false
	b.SetBytes(corpusBytes(srcs))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, s := range srcs {
			if _, err := p.Parse("x.rs", s); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func benchAnalyze(b *testing.B, rs []*Rule) {
	srcs := benchCorpus(b)
	p := parser.NewParser()
	defer p.Close()
	trees := make([]*parser.Tree, len(srcs))
	for i, s := range srcs {
		t, err := p.Parse("x.rs", s)
		if err != nil {
			b.Fatal(err)
		}
		trees[i] = t
	}
	levels := map[string]Level{}
	for _, r := range rs {
		if r.Level == LevelAllow {
			levels[r.ID] = LevelWarning
		}
	}
	eng := NewEngine(rs, &Settings{Levels: levels})
	b.SetBytes(corpusBytes(srcs))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var results []*FileResult
		for _, t := range trees {
			results = append(results, eng.Analyze(t, FileInfo{Path: "x.rs", Crate: "c", Edition: "2021"}))
		}
		Settle(results)
	}
}

// BenchmarkAnalyze runs every rule over already-parsed trees: the cost on top of parsing.
func BenchmarkAnalyze(b *testing.B) { benchAnalyze(b, All) }

// BenchmarkRule runs each rule alone over already-parsed trees.
func BenchmarkRule(b *testing.B) {
	for _, r := range All {
		b.Run(r.ID, func(b *testing.B) { benchAnalyze(b, []*Rule{r}) })
	}
}
