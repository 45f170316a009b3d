package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/cargo"
	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
)

// analyzePackage runs rule r over every .rs file of a package fixture under st and settles.
// contextTestOptions keeps blocking file I/O at warning wherever it runs: these tests are
// about contexts, and their files read a file once where a warning is wanted.
var contextTestOptions = map[string]map[string]any{"blocking_in_async": {"file-io-anywhere": true}}

func analyzePackage(t *testing.T, r *Rule, dir string, st *Settings) ([]finding.Finding, []finding.Notification) {
	t.Helper()
	if st == nil {
		st = &Settings{}
	}
	st.Options = contextTestOptions
	return analyzePackageWith(t, r, dir, st)
}

// analyzePackageWith analyses the package in dir with rule r and settings st.
func analyzePackageWith(t *testing.T, r *Rule, dir string, st *Settings) ([]finding.Finding, []finding.Notification) {
	t.Helper()
	eng := NewEngine([]*Rule{r}, st)
	p := parser.NewParser()
	defer p.Close()
	p.MacroWords = eng.MacroWords()
	pkg := cargo.Load(dir)
	var results []*FileResult
	for _, f := range fixtureFiles(dir) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := p.Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, eng.Analyze(tree, FileInfo{Path: f, Crate: dir, Edition: "2021", Package: pkg}))
	}
	return eng.Settle(results)
}

func levelsByFile(fs []finding.Finding, dir string) map[string][]Level {
	out := map[string][]Level{}
	for _, f := range fs {
		rel, _ := filepath.Rel(dir, f.Path)
		out[filepath.ToSlash(rel)] = append(out[filepath.ToSlash(rel)], f.Level)
	}
	return out
}

func TestContextDefaultsAndNotes(t *testing.T) {
	dir, _ := filepath.Abs(filepath.Join("..", "testdata", "rules", "blocking_in_async", "package_contexts"))
	fs, notes := analyzePackage(t, BlockingInAsync, dir, nil)
	byFile := levelsByFile(fs, dir)
	if got := byFile["build.rs"]; len(got) != 0 {
		t.Errorf("build.rs: blocking_in_async is off in development tools, got %v", got)
	}
	if got := byFile["src/uncompiled_leftover.rs"]; len(got) != 0 {
		t.Errorf("a file no target reaches must not be reported, got %v", got)
	}
	var dead []finding.Notification
	for _, n := range notes {
		if strings.HasPrefix(n.Message, "not compiled") {
			dead = append(dead, n)
		}
	}
	if len(dead) != 1 || !strings.HasSuffix(dead[0].Path, "uncompiled_leftover.rs") || dead[0].Level != LevelWarning ||
		!strings.Contains(dead[0].Message, "src/lib.rs") || !strings.Contains(dead[0].Message, "1 finding is not reported") {
		t.Errorf("notifications about files not compiled: %+v", dead)
	}
	for _, f := range fs {
		rel, _ := filepath.Rel(dir, f.Path)
		rel = filepath.ToSlash(rel)
		lowered := f.Level == LevelNote
		var why string
		for _, n := range f.Notes {
			if strings.HasPrefix(n, "note here, not warning: ") {
				why = n
			}
		}
		if lowered != (why != "") {
			t.Errorf("%s:%d at %s, notes %q: a lowered finding must say why, and only then", rel, f.Span.Start.Line, f.Level, f.Notes)
		}
		if lowered && !strings.Contains(why, "in-") {
			t.Errorf("%s: the note must name the setting that restores the level: %q", rel, why)
		}
	}
	want := map[string]string{
		"src/storage/tests.rs": "declared under `#[cfg(test)]` (src/storage.rs:7)",
		"examples/serve.rs":    "an example",
		"tests/it.rs":          "integration test target",
	}
	for file, text := range want {
		found := false
		for _, f := range fs {
			if strings.HasSuffix(filepath.ToSlash(f.Path), file) && strings.Contains(strings.Join(f.Notes, "\n"), text) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no finding whose note says %q", file, text)
		}
	}
}

func TestContextSettings(t *testing.T) {
	dir, _ := filepath.Abs(filepath.Join("..", "testdata", "rules", "blocking_in_async", "package_contexts"))
	// Every rule at full level in tests; this rule also in development tools; examples off.
	st := &Settings{Context: ContextSettings{
		Levels:     map[ContextKind]Level{CtxTest: LevelError, CtxExample: LevelAllow},
		RuleLevels: map[string]map[ContextKind]Level{BlockingInAsync.ID: {CtxDevTool: LevelWarning}},
	}}
	fs, _ := analyzePackage(t, BlockingInAsync, dir, st)
	byFile := levelsByFile(fs, dir)
	// In tests, the sleep and the file read, which is not reported by default (the rule's
	// cap for file I/O), both come back when configuration sets the context's level.
	for file, want := range map[string][]Level{
		"src/tests.rs":      {LevelWarning, LevelWarning},
		"tests/it.rs":       {LevelWarning, LevelWarning},
		"build.rs":          {LevelWarning},
		"examples/serve.rs": nil,
		"src/storage.rs":    {LevelWarning},
	} {
		got := byFile[file]
		if !slices.Equal(got, want) {
			t.Errorf("%s: levels %v, want %v", file, got, want)
		}
	}
	// Paths: configuration may put production files into a context.
	st = &Settings{Context: ContextSettings{Paths: map[ContextKind][]string{CtxDevTool: {"src/storage.rs"}}, Base: dir}}
	fs, _ = analyzePackage(t, BlockingInAsync, dir, st)
	if got := levelsByFile(fs, dir)["src/storage.rs"]; len(got) != 0 {
		t.Errorf("src/storage.rs counted as a development tool by configuration: blocking_in_async is off there, got %v", got)
	}
	if got := levelsByFile(fs, dir)["src/lib.rs"]; len(got) == 0 || got[0] != LevelWarning {
		t.Errorf("src/lib.rs is still production code, got %v", got)
	}
}

func TestModuleFiles(t *testing.T) {
	cases := []struct {
		decl      modDecl
		declaring string
		modRS     bool
		want      string
	}{
		{modDecl{name: "a"}, "/c/src/lib.rs", true, "/c/src/a.rs|/c/src/a/mod.rs"},
		{modDecl{name: "b"}, "/c/src/a.rs", false, "/c/src/a/b.rs|/c/src/a/b/mod.rs"},
		{modDecl{name: "b"}, "/c/src/a/mod.rs", true, "/c/src/a/b.rs|/c/src/a/b/mod.rs"},
		{modDecl{name: "c", inline: []string{"x", "y"}}, "/c/src/lib.rs", true, "/c/src/x/y/c.rs|/c/src/x/y/c/mod.rs"},
		{modDecl{name: "c", inline: []string{"x"}}, "/c/src/a.rs", false, "/c/src/a/x/c.rs|/c/src/a/x/c/mod.rs"},
		{modDecl{name: "t", path: "other/t_impl.rs"}, "/c/src/a.rs", false, "/c/src/other/t_impl.rs"},
		{modDecl{name: "t", path: "t_impl.rs", inline: []string{"x"}}, "/c/src/lib.rs", true, "/c/src/x/t_impl.rs"},
	}
	for _, c := range cases {
		got := strings.Join(c.decl.moduleFiles(c.declaring, c.modRS), "|")
		if got != filepath.FromSlash(c.want) {
			t.Errorf("mod %s in %s: %s, want %s", c.decl.name, c.declaring, got, c.want)
		}
	}
}

// TestCLIWorkspace scans a workspace of several packages: a command-line tool by its name,
// a library only it uses (note), a library a server shares (warning), a library only the
// tool uses that serves (warning), a server binary that parses arguments (warning), and a
// binary without a library that parses arguments (note). Lines carry
// `// want: blocking_in_async@level`.
func TestCLIWorkspace(t *testing.T) {
	checkWorkspace(t, "cli", []string{"tool", "tool-helpers", "shared", "server", "embedded-server", "plain-bin", "fanout-tool", "queue-tool", "tool-fs", "shared-fs", "acme-dev"},
		"tool", "one-shot command-line code", "in-cli")
}

// TestTestSupportWorkspace: a library the workspace's packages use only as a dev-dependency
// or through a `testing` feature is test code (note); the library that takes it behind that
// feature, a library named like fixtures that a binary depends on for real, and a published
// library with an ordinary name that the workspace happens to use only in tests, keep their
// level. An unpublished library named for tests (acceptance) that nobody uses but its own
// tests/ is test code too; its twin with an ordinary name (loader) keeps its level.
func TestTestSupportWorkspace(t *testing.T) {
	checkWorkspace(t, "testsupport", []string{"app", "core", "fakes", "fixtures", "orm", "acceptance", "loader"}, "fakes", "test-support library", "in-tests")
}

// TestVendoredWorkspace: packages kept under vendor/ or third_party/ are vendored
// third-party code (note, saying why and how to restore it); the project's own binary and a
// package whose folder is only named for a vendor (vendor_api) keep their level.
func TestVendoredWorkspace(t *testing.T) {
	checkWorkspace(t, "vendored", []string{"app", "vendor/fork", "third_party/pollkit", "vendor_api"}, "vendor/fork", "vendored third-party code", "in-vendored")
}

// TestPeerWorkspace: a library's async fn that only another package's main calls, once and
// before it serves, is start-up code (note, naming the calling package's chain); one another
// package calls per connection, and one nobody in the scan calls, keep their warnings.
func TestPeerWorkspace(t *testing.T) {
	checkWorkspace(t, "peers", []string{"app", "boot", "edge"}, "boot/src/lib.rs", "start-up code", "from the scan's other packages")
}

// checkWorkspace scans the members of testdata/workspaces/<name> with blocking_in_async
// and compares the findings with the `// want: blocking_in_async@level` comments. Notes in
// files whose path contains lowered must say why (each of why) and how to restore the level.
func checkWorkspace(t *testing.T, name string, members []string, lowered string, why ...string) {
	t.Helper()
	root, _ := filepath.Abs(filepath.Join("..", "testdata", "workspaces", name))
	eng := NewEngine([]*Rule{BlockingInAsync}, &Settings{Options: contextTestOptions})
	p := parser.NewParser()
	defer p.Close()
	p.MacroWords = eng.MacroWords()
	want := map[string]string{} // path:line -> level
	var results []*FileResult
	for _, member := range members {
		dir := filepath.Join(root, member)
		pkg := cargo.Load(dir)
		if strings.Contains(member, "/") && pkg != nil {
			pkg.Within = cargo.Load(root) // as the scan links a package to the one around it
		}
		for _, f := range fixtureFiles(dir) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for i, l := range strings.Split(string(src), "\n") {
				if _, lvl, ok := strings.Cut(l, "// want: blocking_in_async@"); ok {
					want[fmt.Sprintf("%s:%d", f, i+1)] = lvl
				}
			}
			tree, err := p.Parse(f, src)
			if err != nil {
				t.Fatal(err)
			}
			results = append(results, eng.Analyze(tree, FileInfo{Path: f, Crate: dir, Edition: "2021", Package: pkg}))
		}
	}
	fs, _ := eng.Settle(results)
	got := map[string]string{}
	for _, f := range fs {
		key := fmt.Sprintf("%s:%d", f.Path, f.Span.Start.Line)
		got[key] = f.Level.String()
		if f.Level == LevelNote && strings.Contains(key, lowered) {
			joined := strings.Join(f.Notes, "\n")
			for _, w := range why {
				if !strings.Contains(joined, w) {
					t.Errorf("%s: a finding the context lowered must say why and how to restore it (%q), notes: %q", key, w, f.Notes)
				}
			}
		}
	}
	for k, lvl := range want {
		if got[k] != lvl {
			t.Errorf("%s: want %s, got %q", k, lvl, got[k])
		}
	}
	for k, lvl := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected %s", k, lvl)
		}
	}
}

// TestOwnPackageContext: a package's own name and folder say whether it is test, example or
// tool code; an ordinary name does not.
func TestOwnPackageContext(t *testing.T) {
	for _, tc := range []struct {
		name, root string
		want       ContextKind
	}{
		{"backend_harness", "/p/crates/backend_harness", CtxTest},
		{"test-harness", "/p/test-harness", CtxTest},
		{"harnessed-io", "/p/crates/harnessed-io", CtxProduction},
		{"storage", "/p/crates/storage", CtxProduction},
		{"xtask", "/p/xtask", CtxDevTool},
		{"storage-bench", "/p/crates/storage-bench", CtxTest},
		{"perseus-website", "/p/website", CtxExample},
		{"site-gen", "/p/website", CtxExample},
		{"websites", "/p/crates/websites", CtxProduction},
		{"website-builder", "/p/crates/website-builder", CtxProduction},
	} {
		got, why := ownPackageContext(&CrateInfo{Name: tc.name, Root: tc.root})
		if got != tc.want {
			t.Errorf("%s at %s: context %v (%q), want %v", tc.name, tc.root, got, why, tc.want)
		}
	}
}

// TestIsTestModuleName: test doubles are test support by their module's name, prefix or
// suffix included; names that merely contain the words are not.
func TestIsTestModuleName(t *testing.T) {
	for name, want := range map[string]bool{
		"tests": true, "mocks": true, "mock_rpc": true, "rpc_mock": true, "fake_clock": true,
		"clock_fake": true, "db_test_utils": true, "r#mock": true, "schema_api_test_suite": true,
		"test_suite": true, "test_suite_runner": false,
		"mockery": false, "smock": false, "faker": false, "test_vectors": false, "store": false,
		"unfake": false, "mocking_bird": false,
	} {
		if got := isTestModuleName(name); got != want {
			t.Errorf("isTestModuleName(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestContextLevelsNamesEveryContext: the "at most, by context" text of `rustaudit rules`,
// `explain` and the README names each context it gives a level for.
func TestContextLevelsNamesEveryContext(t *testing.T) {
	for _, r := range All {
		if r.ID == UnusedSuppressionID {
			continue
		}
		parts := strings.Split(r.ContextLevels(), ", ")
		if len(parts) != int(numContexts)-1 {
			t.Errorf("%s: %d contexts in %q, want %d", r.ID, len(parts), r.ContextLevels(), numContexts-1)
		}
		for _, p := range parts {
			if name, _, _ := strings.Cut(p, ": "); name == "" {
				t.Errorf("%s: a context without a name in %q", r.ID, r.ContextLevels())
			}
		}
	}
}
