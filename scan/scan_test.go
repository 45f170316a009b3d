package scan

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules"
)

// flagBad reports every call to a function named `bad`; it stands in for real rules so that
// these tests are about the pipeline only.
var flagBad = &rules.Rule{
	ID: "flag_bad", Summary: "test rule", Level: finding.LevelWarning, Since: "test", Tags: []string{"test"}, Precision: "high",
	Kinds: []parser.Kind{parser.KCallExpression},
	Check: func(p *rules.Pass, n parser.NodeID) {
		if f := p.Tree.Field(n, parser.FFunction); p.Tree.TextIs(f, "bad") {
			p.Report(rules.Diagnostic{Node: n, Message: "bad call"})
		}
	},
}

// panicky panics on every function whose name is `boom`.
var panicky = &rules.Rule{
	ID: "panicky", Summary: "test rule", Level: finding.LevelWarning, Since: "test", Tags: []string{"test"}, Precision: "high",
	Kinds: []parser.Kind{parser.KFunctionItem},
	Check: func(p *rules.Pass, n parser.NodeID) {
		if p.Tree.TextIs(p.Tree.Field(n, parser.FName), "boom") {
			panic("kaboom")
		}
	},
}

func runScan(t *testing.T, opts Options) *Result {
	t.Helper()
	if opts.Engine == nil {
		opts.Engine = rules.NewEngine([]*rules.Rule{flagBad, panicky}, nil)
	}
	if opts.Jobs == 0 {
		opts.Jobs = 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := Run(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func lines(fs []finding.Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s:%d:%d", filepath.Base(f.Path), f.Span.Start.Line, f.Span.Start.Col))
	}
	return strings.Join(out, " ")
}

func notesText(ns []finding.Notification) string {
	var out []string
	for _, n := range ns {
		out = append(out, fmt.Sprintf("%s:%d: %s", filepath.Base(n.Path), n.Line, n.Message))
	}
	return strings.Join(out, "\n")
}

func TestSyntaxErrorsKeepTheRest(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"a.rs": "fn before() { bad(); }\nfn broken( { let = ; }\nfn after() { bad(); }\n"})
	res := runScan(t, Options{Paths: []string{root}})
	if got := lines(res.Findings); got != "a.rs:1:15 a.rs:3:14" {
		t.Errorf("findings around a broken function: %q", got)
	}
	if !strings.Contains(notesText(res.Notifications), "a.rs:2: parsed with errors at line 2") {
		t.Errorf("notifications: %s", notesText(res.Notifications))
	}
}

func TestEncodingsAndLineEndings(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"bom.rs":    "\xEF\xBB\xBFfn f() { bad(); }\n",
		"latin1.rs": "// caf\xE9\nfn f() { bad(); }\n",
		"nul.rs":    "fn f() { bad(); }\x00\nfn g() { bad(); }\n",
		"crlf.rs":   "fn f() {\r\n    bad();\r\n}\r\n",
		"cr.rs":     "fn f() {\r    bad();\r}\rfn g() { bad(); }\n",
		"tabs.rs":   "fn f() {\n\t\tbad();\n}\n",
		"wide.rs":   "fn f() { let s = \"日本🦀e\u0301\"; bad(); }\n",
	})
	res := runScan(t, Options{Paths: []string{root}})
	got := map[string][]finding.Finding{}
	for _, f := range res.Findings {
		got[filepath.Base(f.Path)] = append(got[filepath.Base(f.Path)], f)
	}
	check := func(file string, i, line, col, col16 int) {
		t.Helper()
		if len(got[file]) <= i {
			t.Errorf("%s: finding %d missing (have %d)", file, i, len(got[file]))
			return
		}
		s := got[file][i].Span.Start
		if s.Line != line || s.Col != col || s.ColUTF16 != col16 {
			t.Errorf("%s: finding at %d:%d (utf16 %d), want %d:%d (utf16 %d)", file, s.Line, s.Col, s.ColUTF16, line, col, col16)
		}
	}
	check("bom.rs", 0, 1, 13, 13) // the mark is blanked, not removed: columns count it as 3
	check("latin1.rs", 0, 2, 10, 10)
	check("nul.rs", 0, 1, 10, 10)
	check("nul.rs", 1, 2, 10, 10)
	check("crlf.rs", 0, 2, 5, 5)
	check("cr.rs", 0, 1, 14, 14) // lines are split at \n only, as rustc counts them
	check("cr.rs", 1, 1, 32, 32)
	check("tabs.rs", 0, 2, 3, 3)
	check("wide.rs", 0, 1, 27, 28) // 日本🦀e + U+0301: 5 characters (code points), 6 UTF-16 units (the crab is two)
	n := notesText(res.Notifications)
	if !strings.Contains(n, "latin1.rs:1: not valid UTF-8") {
		t.Errorf("no UTF-8 notification: %s", n)
	}
}

func TestHugeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	root := t.TempDir()
	var b strings.Builder
	for i := 0; i < 50000; i++ {
		fmt.Fprintf(&b, "fn f%d() { let x = %d; }\n", i, i)
	}
	b.WriteString("fn last() { bad(); }\n")
	// A single 5 MB line, as minified generated code would be.
	long := strings.Repeat("fn g() { let v = [1, 2]; } ", 5<<20/27) + "fn h() { bad(); }\n"
	deep := "fn h() { let x = " + strings.Repeat("(", 10000) + "1" + strings.Repeat(")", 10000) + "; bad(); }\n"
	writeFiles(t, root, map[string]string{"lines.rs": b.String(), "long.rs": long, "deep.rs": deep})
	res := runScan(t, Options{Paths: []string{root}, ParseBudget: 5 * time.Minute})
	if got := len(res.Findings); got != 3 {
		t.Errorf("%d findings, want 3: %s\n%s", got, lines(res.Findings), notesText(res.Notifications))
	}
}

func TestManySmallFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 files")
	}
	root := t.TempDir()
	const n = 100000
	for i := 0; i < n; i++ {
		dir := filepath.Join(root, fmt.Sprintf("d%03d", i/1000))
		if i%1000 == 0 {
			os.Mkdir(dir, 0o755)
		}
		body := "fn ok() {}\n"
		if i%10000 == 0 {
			body = "fn f() { bad(); }\n"
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%d.rs", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := runScan(t, Options{Paths: []string{root}})
	if res.Scanned != n || len(res.Findings) != n/10000 {
		t.Errorf("scanned %d files with %d findings, want %d and %d", res.Scanned, len(res.Findings), n, n/10000)
	}
}

func TestLimits(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"big.rs":   "fn f() { bad(); }\n" + strings.Repeat("// padding\n", 200),
		"small.rs": "fn f() { bad(); }\n",
	})
	res := runScan(t, Options{Paths: []string{root}, MaxFileSize: 1000})
	if got := lines(res.Findings); got != "small.rs:1:10" {
		t.Errorf("findings: %s", got)
	}
	if n := notesText(res.Notifications); !strings.Contains(n, "big.rs:0: skipped:") || !strings.Contains(n, "size limit") {
		t.Errorf("notifications: %s", n)
	}
	// A parse over budget is abandoned with a notification; the other files go on.
	writeFiles(t, root, map[string]string{"slow.rs": strings.Repeat("fn f() { let x = (1 + 2) * 3; }\n", 50000)})
	res = runScan(t, Options{Paths: []string{root}, ParseBudget: time.Microsecond})
	if n := notesText(res.Notifications); !strings.Contains(n, "slow.rs:0: skipped: parse exceeded its time budget") {
		t.Errorf("notifications: %s", n)
	}
}

func TestRulePanicIsContained(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"a.rs": "fn boom() {}\nfn f() { bad(); }\n", "b.rs": "fn g() { bad(); }\n"})
	res := runScan(t, Options{Paths: []string{root}})
	if got := lines(res.Findings); got != "a.rs:2:10 b.rs:1:10" {
		t.Errorf("findings: %s", got)
	}
	found := false
	for _, n := range res.Notifications {
		if n.Rule == "panicky" && strings.Contains(n.Message, "kaboom") && filepath.Base(n.Path) == "a.rs" && n.Line == 1 {
			found = true
		}
	}
	if !found {
		t.Errorf("the panic is not reported with rule, file and message: %s", notesText(res.Notifications))
	}
}

func TestFilesystem(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	writeFiles(t, root, map[string]string{
		"with space/é ü.rs": "fn f() { bad(); }\n",
		"x.rs/inner.rs":     "fn f() { bad(); }\n", // a directory named x.rs
	})
	writeFiles(t, outside, map[string]string{"escape.rs": "fn f() { bad(); }\n"})
	os.Symlink(outside, filepath.Join(root, "link-out"))
	os.Symlink(filepath.Join(outside, "escape.rs"), filepath.Join(root, "linked.rs"))
	os.Symlink(root, filepath.Join(root, "loop"))
	if err := syscall.Mkfifo(filepath.Join(root, "fifo.rs"), 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan *Result)
	go func() { done <- runScan(t, Options{Paths: []string{root}}) }()
	var res *Result
	select {
	case res = <-done:
	case <-time.After(time.Minute):
		t.Fatal("the scan hangs (a FIFO opened for reading?)")
	}
	if got := lines(res.Findings); got != "é ü.rs:1:10 inner.rs:1:10" {
		t.Errorf("findings: %q (symlinks must not be followed)", got)
	}
	if n := notesText(res.Notifications); !strings.Contains(n, "fifo.rs:0: not a regular file") {
		t.Errorf("notifications: %s", n)
	}
	// Named on the command line, a FIFO is reported and never opened.
	res = runScan(t, Options{Paths: []string{filepath.Join(root, "fifo.rs"), filepath.Join(root, "with space")}})
	if res.Scanned != 1 || !strings.Contains(notesText(res.Notifications), "not a regular file") {
		t.Errorf("FIFO on the command line: scanned %d, %s", res.Scanned, notesText(res.Notifications))
	}
	// A file that disappears between listing and reading is reported; the rest goes on.
	gone := target{path: filepath.Join(root, "gone.rs")}
	p := parser.NewParser()
	defer p.Close()
	opts := Options{Engine: rules.NewEngine([]*rules.Rule{flagBad}, nil), MaxFileSize: DefaultMaxFileSize}
	r, notes, _, _ := analyseFile(context.Background(), p, gone, &opts, newCrates())
	if r != nil || len(notes) != 1 || !strings.Contains(notes[0].Message, "cannot read") {
		t.Errorf("deleted file: %v %v", r, notes)
	}
}

func TestEditionFromCargoToml(t *testing.T) {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"Cargo.toml":                "[workspace]\nmembers = [\"a\", \"b\", \"c\"]\n[workspace.package]\nedition = \"2024\"\n",
		"a/Cargo.toml":              "[package]\nname = \"a\"\nedition = \"2021\"\n",
		"a/src/lib.rs":              "",
		"b/Cargo.toml":              "[package]\nname = \"b\"\nedition.workspace = true\n",
		"b/src/deep/mod.rs":         "",
		"c/Cargo.toml":              "[package]\nname = \"c\"\n",
		"c/src/main.rs":             "",
		"loose/no_manifest_here.rs": "",
		// a workspace inside the workspace, with members of both asking in turn (the
		// answers are cached per directory)
		"libs/d/Cargo.toml":      "[package]\nname = \"d\"\nedition.workspace = true\n",
		"libs/d/src/lib.rs":      "",
		"libs/sub/Cargo.toml":    "[workspace]\nmembers = [\"e\"]\n[workspace.package]\nedition = \"2018\"\n",
		"libs/sub/e/Cargo.toml":  "[package]\nname = \"e\"\nedition.workspace = true\n",
		"libs/sub/e/src/lib.rs":  "",
		"libs/sub/f/Cargo.toml":  "[package]\nname = \"f\"\nedition.workspace = true\n",
		"libs/sub/f/src/main.rs": "",
		"libs/g/Cargo.toml":      "[package]\nname = \"g\"\nedition.workspace = true\n",
		"libs/g/src/lib.rs":      "",
	})
	cr := newCrates()
	cases := []struct{ file, crate, edition string }{
		{"a/src/lib.rs", "a", "2021"},
		{"b/src/deep/mod.rs", "b", "2024"},
		{"c/src/main.rs", "c", "2015"},
		{"libs/d/src/lib.rs", "libs/d", "2024"},
		{"libs/sub/e/src/lib.rs", "libs/sub/e", "2018"},
		{"libs/sub/f/src/main.rs", "libs/sub/f", "2018"},
		{"libs/g/src/lib.rs", "libs/g", "2024"},
	}
	for _, c := range cases {
		root2, ed, _ := cr.lookup(filepath.Join(root, c.file))
		if root2 != filepath.Join(root, c.crate) || ed != c.edition {
			t.Errorf("%s: crate %s edition %q, want %s %q", c.file, root2, ed, c.crate, c.edition)
		}
	}
}

// Files from bigFile up are analysed one at a time, whatever the number of workers: peak
// memory is set by the largest files.
func TestBigFilesOneAtATime(t *testing.T) {
	var active, most atomic.Int32
	watch := &rules.Rule{
		ID: "watch", Summary: "test rule", Level: finding.LevelWarning, Since: "test", Tags: []string{"test"}, Precision: "high",
		Kinds: []parser.Kind{parser.KSourceFile},
		Check: func(p *rules.Pass, n parser.NodeID) {
			if len(p.Tree.Src) < bigFile {
				return
			}
			now := active.Add(1)
			for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
			}
			time.Sleep(100 * time.Millisecond)
			active.Add(-1)
		},
	}
	root := t.TempDir()
	big := strings.Repeat("fn f() { let x = [1, 2, 3]; }\n", bigFile/30+1)
	large := strings.Repeat("fn f() { let x = [1, 2, 3]; }\n", largeFile/30+1)
	writeFiles(t, root, map[string]string{"a.rs": big, "b.rs": big, "c.rs": big, "l1.rs": large, "l2.rs": large, "small.rs": "fn s() {}\n"})
	res := runScan(t, Options{Paths: []string{root}, Jobs: 4, Engine: rules.NewEngine([]*rules.Rule{watch}, nil)})
	if res.Scanned != 6 {
		t.Fatalf("scanned %d files, want 6\n%s", res.Scanned, notesText(res.Notifications))
	}
	if m := most.Load(); m != 1 {
		t.Errorf("%d big files analysed at once, want 1", m)
	}
}

// Workers start on the first files while the walk goes on: the walk, held at b.rs until
// a.rs has been analysed, would wait in vain if it had to finish first.
func TestWorkersStartDuringTheWalk(t *testing.T) {
	analysed := make(chan string, 4)
	watch := &rules.Rule{
		ID: "watch", Summary: "test rule", Level: finding.LevelWarning, Since: "test", Tags: []string{"test"}, Precision: "high",
		Kinds: []parser.Kind{parser.KSourceFile},
		Check: func(p *rules.Pass, n parser.NodeID) { analysed <- filepath.Base(p.Info.Path) },
	}
	root := t.TempDir()
	writeFiles(t, root, map[string]string{"a.rs": "fn a() {}\n", "b.rs": "fn b() {}\n"})
	var early string
	res := runScan(t, Options{Paths: []string{root}, Jobs: 1, Engine: rules.NewEngine([]*rules.Rule{watch}, nil),
		Exclude: func(p string) bool {
			if filepath.Base(p) == "b.rs" {
				select {
				case early = <-analysed:
				case <-time.After(10 * time.Second):
				}
			}
			return false
		}})
	if res.Scanned != 2 || res.Files != 2 {
		t.Fatalf("found %d and scanned %d files, want 2 and 2", res.Files, res.Scanned)
	}
	if early != "a.rs" {
		t.Errorf("a.rs was not analysed before the walk reached b.rs (got %q)", early)
	}
}

// A huge file is analysed alone: no other file is in flight while its tree exists. The
// small files wait in their rules for the huge file's to start (for at most 3 s): without
// the wait for them to finish, the huge file's rule would run beside one of them.
func TestHugeFileAlone(t *testing.T) {
	var active, withHuge atomic.Int32
	hugeStarted := make(chan struct{})
	watch := &rules.Rule{
		ID: "watch", Summary: "test rule", Level: rules.LevelWarning, Since: "test", Tags: []string{"test"}, Precision: "high",
		Kinds: []parser.Kind{parser.KSourceFile},
		Check: func(p *rules.Pass, n parser.NodeID) {
			now := active.Add(1)
			defer active.Add(-1)
			if len(p.Tree.Src) >= hugeFile {
				withHuge.Store(now)
				close(hugeStarted)
				return
			}
			select {
			case <-hugeStarted:
			case <-time.After(3 * time.Second):
			}
		},
	}
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"a.rs":      "fn s() {}\n",
		"m/huge.rs": strings.Repeat("fn f() { let x = [1, 2, 3]; }\n", hugeFile/30+1),
		"z.rs":      "fn s() {}\n",
	})
	res := runScan(t, Options{Paths: []string{root}, Jobs: 3, Engine: rules.NewEngine([]*rules.Rule{watch}, nil)})
	if res.Scanned != 3 {
		t.Fatalf("scanned %d files, want 3\n%s", res.Scanned, notesText(res.Notifications))
	}
	if m := withHuge.Load(); m != 1 {
		t.Errorf("%d files in flight with the huge one, want 1", m)
	}
}
