package scan_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/scan"
)

// Benchmarks of a whole scan against its floor, over RUSTAUDIT_BENCH_DIR when it is set (see
// bench/workload.sh), else over the repository's testdata. Each has a -j1 and a -j2 variant.
// For profiles of the full scan:
//
//	RUSTAUDIT_BENCH_DIR=/tmp/rustaudit-workload go test ./scan -run '^$' -bench 'Scan/full/j1' \
//	    -benchtime 2x -cpuprofile cpu.prof -memprofile mem.prof
//
// bench/scanbench measures the same modes interleaved in one process; prefer it for ratios.

func benchRoot() string {
	if d := os.Getenv("RUSTAUDIT_BENCH_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "testdata")
}

// benchFiles lists the .rs files a scan of root would read (scan.Run's own discovery, seen
// through its Exclude hook), and their total size.
func benchFiles(b *testing.B, root string) ([]string, int64) {
	var files []string
	var size int64
	_, err := scan.Run(context.Background(), scan.Options{Paths: []string{root}, Jobs: 1, ParseOnly: true,
		Exclude: func(p string) bool {
			if !strings.HasSuffix(p, ".rs") {
				return false
			}
			st, err := os.Lstat(p)
			if err != nil || st.IsDir() {
				return false
			}
			files = append(files, p)
			size += st.Size()
			return true
		}})
	if err != nil {
		b.Fatal(err)
	}
	if len(files) == 0 {
		b.Fatalf("no .rs files under %s", root)
	}
	return files, size
}

// BenchmarkScan has one sub-benchmark per mode and worker count:
//
//	treesitter  read, tree-sitter parse, delete the tree (files read in turn by one parser)
//	parse       scan.Run with ParseOnly: read, parse, flatten, re-parse macros, imports
//	full        scan.Run with every rule enabled
func BenchmarkScan(b *testing.B) {
	root := benchRoot()
	files, size := benchFiles(b, root)
	b.Run("treesitter", func(b *testing.B) {
		p := parser.NewParser()
		defer p.Close()
		b.SetBytes(size)
		for b.Loop() {
			for _, f := range files {
				src, err := os.ReadFile(f)
				if err != nil {
					b.Fatal(err)
				}
				if err := p.ParseOnly(src); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	eng := scan.EveryRule()
	for _, mode := range []string{"parse", "full"} {
		for _, j := range []int{1, 2} {
			b.Run(mode+"/j"+string(rune('0'+j)), func(b *testing.B) {
				opts := scan.Options{Paths: []string{root}, Jobs: j, Engine: eng, ParseOnly: mode == "parse"}
				b.SetBytes(size)
				for b.Loop() {
					if _, err := scan.Run(context.Background(), opts); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestParseOnly checks the benchmark floor on a small input: it parses, and a file with
// syntax errors is not an error (only a timeout is).
func TestParseOnly(t *testing.T) {
	p := parser.NewParser()
	defer p.Close()
	for _, src := range []string{"", "async fn f() { g().await; }", "fn (", "\xEF\xBB\xBFfn main() {}"} {
		if err := p.ParseOnly([]byte(src)); err != nil {
			t.Errorf("ParseOnly(%q): %v", src, err)
		}
	}
	var n int
	filepath.WalkDir(benchRoot(), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".rs") && n < 20 {
			src, _ := os.ReadFile(path)
			if err := p.ParseOnly(src); err != nil {
				t.Errorf("%s: %v", path, err)
			}
			n++
		}
		return nil
	})
}
