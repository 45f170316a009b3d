package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The direct walk must be in use: when it is not, tree-sitter's internal layout or the
// grammar's ABI no longer matches tsinternal.h (after an upgrade, say), and flattening is back
// at its old speed.
func TestFastDumpInUse(t *testing.T) {
	if os.Getenv(slowWalkEnv) != "" {
		t.Skipf("%s is set", slowWalkEnv)
	}
	if !fastDump() {
		fast, slow := dumpBoth(fastDumpSample)
		t.Fatalf("the direct walk is not in use: %s (%d vs %d nodes on the sample, first difference %s): re-check tsinternal.h against the tree-sitter versions go.mod pins",
			walkInUse(), len(fast), len(slow), firstDifference(fast, slow))
	}
}

// The cursor walk serves when the environment asks for it, when the grammar's ABI is not the
// one tsinternal.h restates, and when the walks disagree on the sample.
func TestChooseWalk(t *testing.T) {
	same := func(string) (fast, slow []Node) { return []Node{{Kind: 1}}, []Node{{Kind: 1}} }
	differ := func(string) (fast, slow []Node) { return []Node{{Kind: 1}}, []Node{{Kind: 2}} }
	failed := func(string) (fast, slow []Node) { return nil, []Node{{Kind: 2}} }
	const abi = tsLanguageABI
	cases := []struct {
		env  string
		abi  uint32
		dump func(string) (fast, slow []Node)
		want string // "" for the direct walk, else a word of the reason
	}{
		{"", abi, same, ""},
		{"0", abi, same, ""},
		{"1", abi, same, slowWalkEnv + "=1"},
		{"yes", abi, same, slowWalkEnv + "=yes"},
		{"", 14, same, "ABI 14"},
		{"", 16, same, "ABI 16"},
		{"", abi, differ, "differ on a sample"},
		{"", abi, failed, "differ on a sample"},
	}
	for _, c := range cases {
		got := chooseWalk(c.env, c.abi, c.dump)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("chooseWalk(%q, %d): %q, want %q", c.env, c.abi, got, c.want)
		}
	}
	// The grammar linked in has the ABI the direct walk reads.
	if got := uint32(language.AbiVersion()); got != abi {
		t.Errorf("the Rust grammar has ABI %d, tsinternal.h restates ABI %d", got, abi)
	}
}

// Parsing with the direct walk and with the cursor walk (RUSTAUDIT_SLOW_WALK=1) gives the
// same trees, macro bodies re-parsed, imports and error rows included, for every Rust file
// under testdata.
func TestWalksGiveSameTrees(t *testing.T) {
	fast, slow := NewParser(), NewParser()
	defer fast.Close()
	defer slow.Close()
	slow.np.cursorWalk = true
	files := 0
	filepath.WalkDir("../testdata", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".rs") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files++
		a, errA := fast.Parse(path, src)
		b, errB := slow.Parse(path, src)
		if errA != nil || errB != nil {
			t.Fatalf("%s: %v, %v", path, errA, errB)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: the walks give different trees (%d vs %d nodes, first difference %s)", path, len(a.Nodes), len(b.Nodes), firstDifference(a.Nodes, b.Nodes))
		}
		return nil
	})
	if files < 50 {
		t.Fatalf("only %d files compared", files)
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

// The consuming walk (Parse's) frees every block of the tree exactly once: what tree-sitter
// allocated for a file is all given back, also when the walk runs out of room half-way (it
// then frees the rest unvisited), when it trims as it goes, and when another tree holds the
// same subtrees (it then frees none); and it writes what the cursor walk does.
func TestConsumingWalkFreesTheTree(t *testing.T) {
	var srcs [][]byte
	filepath.WalkDir("../testdata", func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".rs") {
			if src, err := os.ReadFile(path); err == nil {
				srcs = append(srcs, src)
			}
		}
		return nil
	})
	srcs = append(srcs, []byte(fastDumpSample), []byte(""), []byte("x"),
		[]byte(strings.Repeat("static T: [(u32, &str); 2] = [(1, \"a\"), (2, \"b\")];\n", 3000)))
	for i, src := range srcs {
		_, slow := dumpBoth(string(src))
		countTSHeap(true)
		nodes := consumeDump(src, -1, 0, false)
		trimmed := consumeDump(src, -1, 4096, false)
		shared := consumeDump(src, -1, 0, true)
		var short []int
		for _, room := range []int{0, 1, len(slow) / 3, len(slow) - 1} {
			if room < len(slow) && consumeDump(src, room, 0, false) != nil {
				short = append(short, room)
			}
		}
		if left := countTSHeap(false); left != 0 && left != -1 {
			t.Errorf("source %d: tree-sitter still holds %d bytes after the consuming walks", i, left)
		}
		if !equalNodes(nodes, slow) {
			t.Errorf("source %d: the consuming walk wrote %d nodes, the cursor walk %d (first difference %s)", i, len(nodes), len(slow), firstDifference(nodes, slow))
		}
		if !equalNodes(trimmed, slow) {
			t.Errorf("source %d: the consuming walk with trims differs (first difference %s)", i, firstDifference(trimmed, slow))
		}
		if !equalNodes(shared, slow) {
			t.Errorf("source %d: the consuming walk of a shared tree differs (first difference %s)", i, firstDifference(shared, slow))
		}
		if len(short) > 0 {
			t.Errorf("source %d: the walk succeeded with room for %v of %d nodes", i, short, len(slow))
		}
	}
}
