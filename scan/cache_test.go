package scan

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/rules"
)

func everyRule() *rules.Engine {
	levels := map[string]finding.Level{}
	for _, r := range rules.All {
		if r.Level == finding.LevelAllow {
			levels[r.ID] = finding.LevelWarning
		}
	}
	return rules.NewEngine(rules.All, &rules.Settings{Levels: levels, Options: fileIOAnywhere})
}

// fileIOAnywhere keeps blocking file I/O at warning wherever it runs: these tests are about
// caching and contexts, and their packages read a file once where a warning is wanted
// (blocking_in_async lowers a read that nothing shows to run per item).
var fileIOAnywhere = map[string]map[string]any{"blocking_in_async": {"file-io-anywhere": true}}

// sameOutput fails unless two results would render the same report.
func sameOutput(t *testing.T, what string, want, got *Result) {
	t.Helper()
	if !reflect.DeepEqual(want.Findings, got.Findings) {
		t.Errorf("%s: findings differ: %d without the cache, %d with it", what, len(want.Findings), len(got.Findings))
		for i := 0; i < len(want.Findings) && i < len(got.Findings); i++ {
			if !reflect.DeepEqual(want.Findings[i], got.Findings[i]) {
				t.Errorf("first difference at %d:\n%+v\n%+v", i, want.Findings[i], got.Findings[i])
				break
			}
		}
	}
	if !reflect.DeepEqual(want.Notifications, got.Notifications) {
		t.Errorf("%s: notifications differ:\n%v\n%v", what, want.Notifications, got.Notifications)
	}
	if want.Files != got.Files || want.Scanned != got.Scanned || want.Bytes != got.Bytes {
		t.Errorf("%s: counts differ: files %d/%d scanned %d/%d bytes %d/%d", what,
			want.Files, got.Files, want.Scanned, got.Scanned, want.Bytes, got.Bytes)
	}
}

// Every fixture of every rule, with every rule enabled: a cold run (which fills the cache)
// and a warm run (served from it) report exactly what a run without the cache reports.
func TestCacheOutputIdenticalOnFixtures(t *testing.T) {
	root := filepath.Join("..", "testdata")
	eng := everyRule()
	plain := runScan(t, Options{Paths: []string{root}, Engine: eng})
	if len(plain.Findings) < 50 {
		t.Fatalf("only %d findings on the fixtures: not a meaningful comparison", len(plain.Findings))
	}
	c := &Cache{Dir: t.TempDir(), Salt: []byte("test")}
	cold := runScan(t, Options{Paths: []string{root}, Engine: eng, Cache: c})
	sameOutput(t, "cold", plain, cold)
	if cold.Cached != 0 {
		t.Errorf("cold run served %d files from an empty cache", cold.Cached)
	}
	warm := runScan(t, Options{Paths: []string{root}, Engine: eng, Cache: c})
	sameOutput(t, "warm", plain, warm)
	// Crates with a file that cannot be cached (a parse error notification at error level)
	// are analysed again; the rest are served.
	if warm.Cached < warm.Files/2 {
		t.Errorf("warm run served only %d of %d files from the cache", warm.Cached, warm.Files)
	}
}

// A workspace of two crates; the finding in a/src/lib.rs depends on a const declared in
// another file of crate a.
func cacheWorkspace(t *testing.T) string {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"Cargo.toml":      "[workspace]\nmembers = [\"a\", \"b\"]\n",
		"a/Cargo.toml":    "[package]\nname = \"a\"\nedition = \"2021\"\n",
		"a/src/lib.rs":    "mod sizes;\nuse sizes::N;\npub async fn f() {\n    let buf = [0u8; N];\n    tick().await;\n    use_it(&buf);\n}\nasync fn tick() {}\nfn use_it(_: &[u8]) {}\n",
		"a/src/sizes.rs":  "pub const N: usize = 256 * 1024;\n",
		"b/Cargo.toml":    "[package]\nname = \"b\"\nedition = \"2021\"\n",
		"b/src/lib.rs":    "mod helper;\npub fn g() { bad(); }\nfn bad() {}\n",
		"b/src/helper.rs": "pub fn h() { bad(); }\nfn bad() {}\n",
		"b/src/main.rs":   "fn main() {}\n",
	})
	return root
}

func rulesOf(fs []finding.Finding) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.Rule+"@"+filepath.Base(filepath.Dir(filepath.Dir(f.Path)))+"/"+filepath.Base(f.Path))
	}
	return ids
}

// One changed file: its crate is analysed again whole (a fact of one file settles the
// findings of another), the other crate comes from the cache; the output is the one a run
// without the cache gives.
func TestCacheChangedFileReanalysesItsCrate(t *testing.T) {
	root := cacheWorkspace(t)
	eng := rules.NewEngine(append([]*rules.Rule{flagBad}, rules.All...), nil)
	c := &Cache{Dir: t.TempDir(), Salt: []byte("test")}
	opts := Options{Paths: []string{root}, Engine: eng, Cache: c}
	first := runScan(t, opts)
	if got := strings.Join(rulesOf(first.Findings), " "); !strings.Contains(got, "large_future_capture@a/lib.rs") || !strings.Contains(got, "flag_bad@b/helper.rs") {
		t.Fatalf("the workspace does not produce the findings this test is about: %s", got)
	}
	// The const shrinks: the finding in the other, unchanged file of crate a must go.
	writeFiles(t, root, map[string]string{"a/src/sizes.rs": "pub const N: usize = 16;\n"})
	second := runScan(t, opts)
	plain := runScan(t, Options{Paths: []string{root}, Engine: eng})
	sameOutput(t, "after the change", plain, second)
	if got := strings.Join(rulesOf(second.Findings), " "); strings.Contains(got, "large_future_capture") {
		t.Errorf("stale finding served from the cache: %s", got)
	}
	if second.Cached != 3 {
		t.Errorf("served %d files from the cache, want crate b's 3", second.Cached)
	}
	// A file added to crate b is part of b's key.
	writeFiles(t, root, map[string]string{"b/src/more.rs": "pub fn k() { bad(); }\nfn bad() {}\n"})
	third := runScan(t, opts)
	sameOutput(t, "after adding a file", runScan(t, Options{Paths: []string{root}, Engine: eng}), third)
	if third.Cached != 2 {
		t.Errorf("served %d files from the cache, want crate a's 2", third.Cached)
	}
	// Another salt (another binary, another configuration) shares nothing.
	other := runScan(t, Options{Paths: []string{root}, Engine: eng, Cache: &Cache{Dir: c.Dir, Salt: []byte("other")}})
	if other.Cached != 0 {
		t.Errorf("another salt served %d files", other.Cached)
	}
	// So does another size limit: it changes which files are skipped.
	limited := runScan(t, Options{Paths: []string{root}, Engine: eng, Cache: c, MaxFileSize: 40})
	if limited.Cached != 0 {
		t.Errorf("another --max-file-size served %d files", limited.Cached)
	}
}

// An entry that is not one (truncated, garbage) is a miss, and is written again.
func TestCacheBadEntryIsAMiss(t *testing.T) {
	root := cacheWorkspace(t)
	eng := rules.NewEngine(append([]*rules.Rule{flagBad}, rules.All...), nil)
	c := &Cache{Dir: t.TempDir(), Salt: []byte("test")}
	opts := Options{Paths: []string{root}, Engine: eng, Cache: c}
	want := runScan(t, opts)
	entries, _ := filepath.Glob(filepath.Join(c.Dir, "*", "*.gob"))
	if len(entries) != 2 {
		t.Fatalf("%d entries, want one per crate: %v", len(entries), entries)
	}
	for i, e := range entries {
		data, _ := os.ReadFile(e)
		bad := []byte("not gob")
		if i == 0 {
			bad = data[:len(data)/2]
		}
		if err := os.WriteFile(e, bad, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := runScan(t, opts)
	sameOutput(t, "bad entries", want, got)
	if got.Cached != 0 {
		t.Errorf("served %d files from broken entries", got.Cached)
	}
	if again := runScan(t, opts); again.Cached != 5 {
		t.Errorf("entries not rewritten: the next run served %d of 5 files", again.Cached)
	}
}

// Runs sharing a cache at the same time each get the right output.
func TestCacheConcurrentRuns(t *testing.T) {
	root := cacheWorkspace(t)
	eng := rules.NewEngine(append([]*rules.Rule{flagBad}, rules.All...), nil)
	want := runScan(t, Options{Paths: []string{root}, Engine: eng})
	c := &Cache{Dir: t.TempDir(), Salt: []byte("test")}
	var wg sync.WaitGroup
	results := make([]*Result, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := Run(context.Background(), Options{Paths: []string{root}, Engine: eng, Cache: c, Jobs: 1})
			if err != nil {
				t.Error(err)
				return
			}
			results[i] = res
		}()
	}
	wg.Wait()
	for i, r := range results {
		if r != nil {
			sameOutput(t, "concurrent run", want, r)
		} else {
			t.Errorf("run %d failed", i)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(c.Dir, "*", ".entry-*")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

// Whether a library is command-line code depends on the other packages (who uses it): when
// a server starts to use a tool's helper library, the library's unchanged files must be
// settled again, not served as they were.
func TestCacheCrossPackageContext(t *testing.T) {
	src := filepath.Join("..", "testdata", "workspaces", "cli")
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	eng := everyRule()
	c := &Cache{Dir: t.TempDir(), Salt: []byte("test")}
	opts := Options{Paths: []string{root}, Engine: eng, Cache: c}
	helpers := filepath.Join(root, "tool-helpers", "src", "lib.rs")
	levelAt := func(res *Result) string {
		var out []string
		for _, f := range res.Findings {
			if f.Path == helpers {
				out = append(out, f.Level.String())
			}
		}
		return strings.Join(out, ",")
	}
	first := runScan(t, opts)
	if got := levelAt(first); !strings.Contains(got, "note") || strings.Contains(got, "warning") {
		t.Fatalf("the tool's helper library should be at note (command-line code), got %q", got)
	}
	manifest := filepath.Join(root, "server", "Cargo.toml")
	data, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	dep := "tool-helpers = { path = \"../tool-helpers\" }\n"
	if !strings.Contains(string(data), "[dependencies]") {
		dep = "\n[dependencies]\n" + dep
	} else {
		data = []byte(strings.Replace(string(data), "[dependencies]\n", "[dependencies]\n"+dep, 1))
		dep = ""
	}
	if err := os.WriteFile(manifest, append(data, dep...), 0o644); err != nil {
		t.Fatal(err)
	}
	second := runScan(t, opts)
	plain := runScan(t, Options{Paths: []string{root}, Engine: eng})
	sameOutput(t, "after a server started using the library", plain, second)
	if got := levelAt(second); !strings.Contains(got, "warning") {
		t.Errorf("a library a server uses is no longer command-line code: want a warning, got %q", got)
	}
}
