package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/rules"
)

// testRules stand for the registry, so that these tests do not change when the real rules
// gain options.
var testRules = []*rules.Rule{
	{ID: "detached_task", Level: finding.LevelWarning},
	{ID: "large_future_capture", Level: finding.LevelWarning, Options: map[string]any{"threshold": int64(16384)}},
	{ID: "blocking_in_async", Level: finding.LevelWarning, Options: map[string]any{"extra_blocking": []string{}}},
	{ID: "select_unbiased_priority", Level: finding.LevelAllow},
	{ID: "tuning", Level: finding.LevelNote, Options: map[string]any{"ratio": 0.5, "strict": false, "mode": "fast", "count": 3}},
}

const testdata = "../testdata/config"

func TestConfigValidRustauditToml(t *testing.T) {
	c, err := Load(filepath.Join(testdata, "valid", "rustaudit.toml"), testRules)
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(c.Path) || filepath.Base(c.Path) != "rustaudit.toml" || c.Table != "" {
		t.Errorf("path %q table %q", c.Path, c.Table)
	}
	wantLevels := map[string]finding.Level{
		"detached_task":            finding.LevelError,
		"large_future_capture":     finding.LevelNote,
		"select_unbiased_priority": finding.LevelWarning,
	}
	if !reflect.DeepEqual(c.Settings.Levels, wantLevels) {
		t.Errorf("levels = %v, want %v", c.Settings.Levels, wantLevels)
	}
	wantOptions := map[string]map[string]any{
		"large_future_capture": {"threshold": int64(512)},
		"blocking_in_async":    {"extra_blocking": []string{"my_crate::fs::read_all", "legacy::Client::call"}},
		"tuning":               {"ratio": 2.0, "strict": true, "mode": "slow", "count": 7},
	}
	if !reflect.DeepEqual(c.Settings.Options, wantOptions) {
		t.Errorf("options = %#v, want %#v", c.Settings.Options, wantOptions)
	}
	wantExclude := []string{"vendor", "third_party/**", "**/generated/*.rs", "benches"}
	if !reflect.DeepEqual(c.Exclude, wantExclude) {
		t.Errorf("exclude = %q, want %q", c.Exclude, wantExclude)
	}
}

func TestConfigValidCargoTables(t *testing.T) {
	c, err := Load(filepath.Join(testdata, "valid", "Cargo.toml"), testRules)
	if err != nil {
		t.Fatal(err)
	}
	if c.Table != "package.metadata.rustaudit" || !reflect.DeepEqual(c.Exclude, []string{"src/bindings.rs"}) ||
		c.Settings.Options["large_future_capture"]["threshold"] != int64(256) {
		t.Errorf("package table: %+v %+v", c, c.Settings)
	}
	c, err = Load(filepath.Join(testdata, "valid", "workspace", "Cargo.toml"), testRules)
	if err != nil {
		t.Fatal(err)
	}
	if c.Table != "workspace.metadata.rustaudit" || c.Settings.Levels["detached_task"] != finding.LevelAllow {
		t.Errorf("workspace table: %+v %+v", c, c.Settings)
	}
}

// TestConfigInvalid loads each file of testdata/config/invalid, whose first line is
// `# want: LINE: text`.
func TestConfigInvalid(t *testing.T) {
	wantRE := regexp.MustCompile(`^# want: (\d+): (.*)$`)
	var files []string
	entries, err := os.ReadDir(filepath.Join(testdata, "invalid"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		p := filepath.Join(testdata, "invalid", e.Name())
		if e.IsDir() {
			p = filepath.Join(p, "Cargo.toml")
		}
		files = append(files, p)
	}
	if len(files) < 10 {
		t.Fatalf("only %d invalid configurations", len(files))
	}
	for _, f := range files {
		t.Run(strings.TrimPrefix(f, testdata+"/invalid/"), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			m := wantRE.FindStringSubmatch(strings.SplitN(string(data), "\n", 2)[0])
			if m == nil {
				t.Fatalf("first line is not `# want: LINE: text`")
			}
			line, _ := strconv.Atoi(m[1])
			_, err = Load(f, testRules)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a config error", err)
			}
			if ce.Line != line || !strings.Contains(ce.Msg, m[2]) {
				t.Errorf("got line %d %q\nwant line %d %q", ce.Line, ce.Msg, line, m[2])
			}
			if !filepath.IsAbs(ce.Path) || !strings.HasSuffix(ce.Path, filepath.Base(f)) {
				t.Errorf("error names %q", ce.Path)
			}
			prefix := ce.Path
			if line > 0 {
				prefix += ":" + m[1] + ":"
			}
			if s := err.Error(); !strings.Contains(s, filepath.Base(f)) || (line > 0 && !strings.Contains(s, ":"+m[1]+": ")) {
				t.Errorf("message %q does not name the file and line (%s)", s, prefix)
			}
		})
	}
}

func TestConfigRealRegistry(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "rustaudit.toml", "[rules.detached_task]\nlevel = \"error\"\n\n[rules.unused_suppression]\nlevel = \"warning\"\n")
	c, err := Load(p, rules.All)
	if err != nil {
		t.Fatal(err)
	}
	if c.Settings.LevelOf(rules.ByID("detached_task")) != finding.LevelError || c.Settings.LevelOf(rules.ByID("unused_suppression")) != finding.LevelWarning {
		t.Errorf("levels: %v", c.Settings.Levels)
	}
	write(t, dir, "rustaudit.toml", "[rules.no_such_rule]\nlevel = \"error\"\n")
	_, err = Load(p, rules.All)
	if err == nil || !strings.Contains(err.Error(), strings.Join(rules.IDs(), ", ")) {
		t.Errorf("error %v does not list the registry's ids", err)
	}
}

// write creates dir/name (and its parents) holding text, and returns its path.
func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// repo makes a temporary repository root (with .git) inside a parent directory.
func repo(t *testing.T) (parent, root string) {
	parent = t.TempDir()
	root = filepath.Join(parent, "repo")
	if err := os.MkdirAll(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	return parent, root
}

func discoverPath(t *testing.T, start string) string {
	t.Helper()
	c, err := Discover(start, testRules)
	if err != nil {
		t.Fatal(err)
	}
	return c.Path
}

func TestConfigDiscoverPrecedence(t *testing.T) {
	parent, root := repo(t)
	lib := write(t, root, "crates/app/src/lib.rs", "")
	appDir := filepath.Join(root, "crates", "app")

	// Nothing anywhere: the empty configuration.
	if p := discoverPath(t, lib); p != "" {
		t.Errorf("found %q in an empty repository", p)
	}
	// A file above the repository root is not read.
	write(t, parent, "rustaudit.toml", "bad = true\n")
	if p := discoverPath(t, lib); p != "" {
		t.Errorf("found %q above the repository root", p)
	}
	// Cargo.toml without rustaudit tables, or that go-toml cannot read, is skipped.
	write(t, appDir, "Cargo.toml", "[package]\nname = \"app\"\n")
	write(t, root, "Cargo.toml", "[workspace]\nmembers = [\n  \"crates/*\", # TOML 1.1 allows newlines in inline tables:\n]\nx = { a = 1,\n b = 2 }\n")
	if p := discoverPath(t, lib); p != "" {
		t.Errorf("found %q", p)
	}
	// The root's workspace metadata, found from a file deep below.
	ws := write(t, root, "Cargo.toml", "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.metadata.rustaudit]\nexclude = [\"vendor\"]\n")
	if p := discoverPath(t, lib); p != ws {
		t.Errorf("found %q, want %q", p, ws)
	}
	// At the root, .rustaudit.toml beats Cargo.toml, and rustaudit.toml beats both.
	hidden := write(t, root, ".rustaudit.toml", "exclude = []\n")
	if p := discoverPath(t, lib); p != hidden {
		t.Errorf("found %q, want %q", p, hidden)
	}
	plain := write(t, root, "rustaudit.toml", "exclude = []\n")
	if p := discoverPath(t, appDir); p != plain {
		t.Errorf("found %q, want %q", p, plain)
	}
	// The nearest directory wins: the crate's own package metadata.
	pkg := write(t, appDir, "Cargo.toml", "[package]\nname = \"app\"\n\n[package.metadata.rustaudit.rules.detached_task]\nlevel = \"error\"\n")
	c, err := Discover(lib, testRules)
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != pkg || c.Table != "package.metadata.rustaudit" || c.Settings.Levels["detached_task"] != finding.LevelError {
		t.Errorf("found %q %q %v, want %q", c.Path, c.Table, c.Settings.Levels, pkg)
	}
	// Other paths of the repository still get the root's file.
	other := filepath.Join(root, "crates", "other")
	if err := os.MkdirAll(other, 0o755); err != nil {
		t.Fatal(err)
	}
	if p := discoverPath(t, other); p != plain {
		t.Errorf("found %q, want %q", p, plain)
	}
}

func TestConfigDiscoverFromWorkingDirectory(t *testing.T) {
	_, root := repo(t)
	want := write(t, root, ".rustaudit.toml", "")
	sub := filepath.Join(root, "src")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(sub)
	if p := discoverPath(t, ""); p != want {
		t.Errorf("found %q, want %q", p, want)
	}
}

func TestConfigDiscoverErrors(t *testing.T) {
	_, root := repo(t)
	write(t, root, "rustaudit.toml", "[rules.nope]\n")
	_, err := Discover(root, testRules)
	var ce *Error
	if !errors.As(err, &ce) || ce.Line != 1 || !strings.Contains(ce.Msg, `unknown rule "nope"`) {
		t.Errorf("got %v", err)
	}
	// A Cargo.toml that mentions rustaudit and does not parse is an error.
	_, root = repo(t)
	write(t, root, "Cargo.toml", "[package.metadata.rustaudit]\nexclude = [\n")
	if _, err := Discover(root, testRules); !errors.As(err, &ce) || !strings.Contains(ce.Msg, "invalid TOML") {
		t.Errorf("got %v", err)
	}
}

func TestConfigLoadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(filepath.Join(dir, "missing.toml"), testRules); err == nil || !strings.Contains(err.Error(), "cannot read configuration") {
		t.Errorf("missing file: %v", err)
	}
	// --config accepts any name for a rustaudit configuration.
	p := write(t, dir, "ci/audit.toml", "[rules.detached_task]\nlevel = \"note\"\n")
	c, err := Load(p, testRules)
	if err != nil || c.Settings.Levels["detached_task"] != finding.LevelNote {
		t.Errorf("got %v %v", c, err)
	}
}

func TestConfigExclude(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "rustaudit.toml", `exclude = ["vendor", "third_party/**", "**/generated/*.rs", "src/bindings.rs", "./benches/", "/examples"]`)
	c, err := Load(p, testRules)
	if err != nil {
		t.Fatal(err)
	}
	for rel, want := range map[string]bool{
		"vendor":                         true,
		"vendor/tokio/src/lib.rs":        true,
		"third_party":                    true, // "x/**" matches x itself too
		"third_party/a/b.rs":             true,
		"crates/a/generated/proto.rs":    true,
		"generated/proto.rs":             true,
		"crates/a/generated/sub/deep.rs": false,
		"src/bindings.rs":                true,
		"src/bindings_test.rs":           false,
		"crates/x/src/bindings.rs":       false, // globs are anchored at the config's directory
		"benches/b.rs":                   true,
		"examples/hello.rs":              true,
		"src/lib.rs":                     false,
		"vendored/lib.rs":                false,
	} {
		if got := c.Excluded(filepath.Join(dir, filepath.FromSlash(rel))); got != want {
			t.Errorf("Excluded(%s) = %v, want %v", rel, got, want)
		}
	}
	if c.Excluded(filepath.Join(filepath.Dir(dir), "vendor", "x.rs")) {
		t.Error("a path outside the configuration's directory is excluded")
	}
	if Empty().Excluded(filepath.Join(dir, "vendor")) {
		t.Error("the empty configuration excludes")
	}
}

func TestConfigContext(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "rustaudit.toml", `[context]
in-tests = "off"
in-examples = "warning"
test-paths = ["./crates/e2e/", "it/**/*.rs"]

[rules.blocking_in_async]
in-tests = "warning"
in-dev-tools = "off"
`)
	c, err := Load(p, rules.All)
	if err != nil {
		t.Fatal(err)
	}
	ctx := c.Settings.Context
	if ctx.Levels[rules.CtxTest] != rules.LevelAllow || ctx.Levels[rules.CtxExample] != rules.LevelWarning {
		t.Errorf("context levels %v", ctx.Levels)
	}
	if _, ok := ctx.Levels[rules.CtxDevTool]; ok {
		t.Errorf("in-dev-tools set without being configured: %v", ctx.Levels)
	}
	bl := ctx.RuleLevels["blocking_in_async"]
	if bl[rules.CtxTest] != rules.LevelWarning || bl[rules.CtxDevTool] != rules.LevelAllow {
		t.Errorf("blocking_in_async context levels %v", bl)
	}
	if got := ctx.Paths[rules.CtxTest]; len(got) != 2 || got[0] != "crates/e2e" || got[1] != "it/**/*.rs" {
		t.Errorf("test paths %q", got)
	}
	if ctx.Base != dir {
		t.Errorf("globs relative to %q, want %q", ctx.Base, dir)
	}
}
