package scan

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// ignoredTree is a repository with an ignored directory, a nested one, one excluded by
// .git/info/exclude, an ignored file pattern with an exception, and the folders that are
// skipped whatever the ignore files say.
func ignoredTree(t *testing.T) string {
	root := t.TempDir()
	bad := "fn f() { bad(); }\n"
	writeFiles(t, root, map[string]string{
		".git/info/exclude":     "# local\nexcluded/\n",
		".gitignore":            "# generated code\ngenerated/\n*.tmp.rs\n!keep.tmp.rs\n",
		"src/a.rs":              bad,
		"src/b.tmp.rs":          bad,
		"src/keep.tmp.rs":       bad,
		"generated/gen.rs":      bad,
		"generated/sub/deep.rs": bad,
		"excluded/x.rs":         bad,
		"target/t.rs":           bad,
		".hidden/h.rs":          bad,
	})
	return root
}

func foundFiles(res *Result) string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, filepath.Base(f.Path))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

// A directory named on the command line that an ignore file ignores is not walked, and a
// warning says which pattern of which file ignores it or the directory above it.
func TestIgnoredDirectoryNamed(t *testing.T) {
	root := ignoredTree(t)
	t.Chdir(root)
	res := runScan(t, Options{Paths: []string{"."}})
	if got := foundFiles(res); got != "a.rs keep.tmp.rs" {
		t.Errorf("walk of the repository: %q", got)
	}
	if n := notesText(res.Notifications); n != "" {
		t.Errorf("notes for a walk whose root is not ignored: %s", n)
	}
	cases := []struct{ dir, want string }{
		{"generated", "not scanned: ignored by `generated/` at .gitignore:2; --no-ignore scans what ignore files skip"},
		{"generated/sub", "not scanned: generated is ignored by `generated/` at .gitignore:2; --no-ignore"},
		{"excluded", "not scanned: ignored by `excluded/` at " + filepath.Join(".git", "info", "exclude") + ":2"},
	}
	for _, c := range cases {
		res := runScan(t, Options{Paths: []string{c.dir}})
		if res.Files != 0 || len(res.Notifications) != 1 {
			t.Errorf("%s: %d files, notes %s", c.dir, res.Files, notesText(res.Notifications))
			continue
		}
		n := res.Notifications[0]
		if n.Path != filepath.Join(root, c.dir) || !strings.Contains(n.Message, c.want) || n.Level.String() != "warning" {
			t.Errorf("%s: note %s %q %s, want %q", c.dir, n.Path, n.Message, n.Level, c.want)
		}
	}
	// The ignore file is named relative to the current directory.
	t.Chdir(filepath.Join(root, "src"))
	res = runScan(t, Options{Paths: []string{"../generated"}})
	if n := notesText(res.Notifications); !strings.Contains(n, "at "+filepath.Join("..", ".gitignore")+":2") {
		t.Errorf("from a sub-directory: %s", n)
	}
	// Files named on the command line are scanned whatever ignores them.
	res = runScan(t, Options{Paths: []string{"../generated/gen.rs", "b.tmp.rs"}})
	if got := foundFiles(res); got != "b.tmp.rs gen.rs" || len(res.Notifications) != 0 {
		t.Errorf("named files: %q, %s", got, notesText(res.Notifications))
	}
}

// NoIgnore walks what ignore files skip, but not target/, .git/, hidden folders or what the
// configuration excludes.
func TestNoIgnore(t *testing.T) {
	root := ignoredTree(t)
	t.Chdir(root)
	res := runScan(t, Options{Paths: []string{"."}, NoIgnore: true})
	if got := foundFiles(res); got != "a.rs b.tmp.rs deep.rs gen.rs keep.tmp.rs x.rs" {
		t.Errorf("--no-ignore walk: %q", got)
	}
	res = runScan(t, Options{Paths: []string{"generated/sub"}, NoIgnore: true})
	if got := foundFiles(res); got != "deep.rs" || len(res.Notifications) != 0 {
		t.Errorf("--no-ignore, an ignored directory named: %q, %s", got, notesText(res.Notifications))
	}
	exclude := func(p string) bool { return filepath.Base(p) == "generated" }
	res = runScan(t, Options{Paths: []string{"."}, NoIgnore: true, Exclude: exclude})
	if got := foundFiles(res); got != "a.rs b.tmp.rs keep.tmp.rs x.rs" {
		t.Errorf("--no-ignore with an excluded directory: %q", got)
	}
	// A hidden or target directory is walked when named, as without --no-ignore.
	if err := os.WriteFile(filepath.Join(root, ".hidden", "target.rs"), []byte("fn f() { bad(); }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res = runScan(t, Options{Paths: []string{".hidden", "target"}, NoIgnore: true})
	if got := foundFiles(res); got != "h.rs t.rs target.rs" {
		t.Errorf("named hidden and target directories: %q", got)
	}
}
