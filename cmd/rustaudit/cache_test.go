package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := filepath.Glob(filepath.Join(dir, "*", "*.gob"))
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// A warm run prints the report a cold one prints, byte for byte; what changes the settings
// (the configuration file, --disable) is never answered from an entry made under others.
func TestCacheWarmRunsAndSettings(t *testing.T) {
	root := t.TempDir()
	cache := t.TempDir()
	write(t, root, map[string]string{"Cargo.toml": "[package]\nname = \"x\"\nedition = \"2021\"\n", "src/lib.rs": detached})
	cold := rustaudit(t, root, "scan", "--cache-dir", cache, "--format", "json")
	if cold.code != 1 || !strings.Contains(cold.stdout, `"detached_task"`) {
		t.Fatalf("cold run: exit %d\n%s%s", cold.code, cold.stdout, cold.stderr)
	}
	if n := len(cacheEntries(t, cache)); n != 1 {
		t.Fatalf("%d cache entries after the cold run, want 1", n)
	}
	warm := rustaudit(t, root, "scan", "--cache-dir", cache, "--format", "json")
	if warm != cold {
		t.Errorf("warm run differs:\n%+v\n%+v", cold, warm)
	}
	for _, format := range []string{"text", "sarif", "github"} {
		a := rustaudit(t, root, "scan", "--cache-dir", cache, "--format", format)
		b := rustaudit(t, root, "scan", "--no-cache", "--format", format)
		if a != b {
			t.Errorf("%s: the cached report differs from --no-cache's:\n%+v\n%+v", format, a, b)
		}
	}
	off := rustaudit(t, root, "scan", "--cache-dir", cache, "--format", "json", "--disable", "detached_task")
	if off.code != 0 || strings.Contains(off.stdout, `"detached_task"`) {
		t.Errorf("--disable answered from the cache: exit %d\n%s", off.code, off.stdout)
	}
	write(t, root, map[string]string{"rustaudit.toml": "[rules.detached_task]\nlevel = \"note\"\n"})
	noted := rustaudit(t, root, "scan", "--cache-dir", cache, "--format", "json")
	if noted.code != 0 || !strings.Contains(noted.stdout, `"level": "note"`) {
		t.Errorf("a new configuration answered from the cache: exit %d\n%s%s", noted.code, noted.stdout, noted.stderr)
	}
	fresh := t.TempDir()
	if r := rustaudit(t, root, "scan", "--no-cache", "--cache-dir", fresh); r.code != 0 {
		t.Errorf("--no-cache: exit %d\n%s", r.code, r.stderr)
	}
	if es := cacheEntries(t, fresh); len(es) != 0 {
		t.Errorf("--no-cache wrote %v", es)
	}
	// RUSTAUDIT_CACHE_DIR is where entries go without --cache-dir.
	env := t.TempDir()
	t.Setenv("RUSTAUDIT_CACHE_DIR", env)
	rustaudit(t, root, "scan")
	if es := cacheEntries(t, env); len(es) != 1 {
		t.Errorf("RUSTAUDIT_CACHE_DIR: entries %v", es)
	}
	// An unwritable cache is no cache, not an error.
	if r := rustaudit(t, root, "scan", "--cache-dir", filepath.Join(root, "src", "lib.rs", "x"), "--format", "json"); r.stdout != noted.stdout {
		t.Errorf("unwritable cache changed the report: exit %d\n%s", r.code, r.stderr)
	}
}
