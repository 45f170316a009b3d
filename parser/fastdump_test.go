package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The direct walk must be in use: when it is not, tree-sitter's internal layout no longer
// matches tsinternal.h (after an upgrade, say), and flattening is back at its old speed.
func TestFastDumpInUse(t *testing.T) {
	if !fastDump() {
		fast, slow := dumpBoth(fastDumpSample)
		t.Fatalf("ra_fast_dump disagrees with ra_dump on the sample (%d vs %d nodes, first difference %s): update tsinternal.h to the tree-sitter version go.mod pins",
			len(fast), len(slow), firstDifference(fast, slow))
	}
}

// Both walks write the same nodes for every Rust file under testdata, and for the bench
// workload when RUSTAUDIT_BENCH_DIR names it.
func TestFastDumpMatchesCursorWalk(t *testing.T) {
	roots := []string{"../testdata"}
	if d := os.Getenv("RUSTAUDIT_BENCH_DIR"); d != "" {
		roots = append(roots, d)
	}
	files := 0
	for _, root := range roots {
		filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".rs") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			files++
			fast, slow := dumpBoth(string(src))
			if !equalNodes(fast, slow) {
				t.Errorf("%s: %d vs %d nodes, first difference %s", path, len(fast), len(slow), firstDifference(fast, slow))
			}
			return nil
		})
	}
	if files < 50 {
		t.Fatalf("only %d files compared", files)
	}
}

func firstDifference(a, b []Node) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("at node %d: %+v, cursor walk %+v", i, a[i], b[i])
		}
	}
	return fmt.Sprintf("after node %d", min(len(a), len(b)))
}
