package scan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/rules"
)

// TestPeerCallsAndCache: a library fn that only another package's main calls at start-up
// is a note; when that caller changes to call it per connection, the library, whose own
// files did not change and whose entry is in the cache, is settled again and warns.
func TestPeerCallsAndCache(t *testing.T) {
	root := t.TempDir()
	lib := "pub struct Config;\n\nimpl Config {\n    pub async fn init(path: &str) -> usize {\n        std::fs::read_to_string(path).map(|s| s.len()).unwrap_or(0)\n    }\n}\n"
	once := "#[tokio::main]\nasync fn main() {\n    let n = boot::Config::init(\"a.toml\").await;\n    let l = tokio::net::TcpListener::bind(\"0.0.0.0:1\").await.unwrap();\n    loop {\n        let (s, _) = l.accept().await.unwrap();\n        tokio::spawn(async move { drop((s, n)); });\n    }\n}\n"
	perConn := "#[tokio::main]\nasync fn main() {\n    let l = tokio::net::TcpListener::bind(\"0.0.0.0:1\").await.unwrap();\n    loop {\n        let (s, _) = l.accept().await.unwrap();\n        tokio::spawn(async move { let n = boot::Config::init(\"a.toml\").await; drop((s, n)); });\n    }\n}\n"
	writeFiles(t, root, map[string]string{
		"Cargo.toml":      "[workspace]\nmembers = [\"app\", \"boot\"]\n",
		"boot/Cargo.toml": packageManifest("boot", ""),
		"boot/src/lib.rs": lib,
		"app/Cargo.toml":  packageManifest("app", "\n[dependencies]\nboot = { path = \"../boot\" }\n"),
		"app/src/main.rs": once,
	})
	// Calls from other packages are read for start-up code, not for loops (see fileIOAnywhere).
	eng := rules.NewEngine([]*rules.Rule{rules.BlockingInAsync}, &rules.Settings{Options: fileIOAnywhere})
	level := func(label string, opts Options) finding.Level {
		t.Helper()
		res := runScan(t, opts)
		for _, f := range res.Findings {
			if strings.HasSuffix(filepath.ToSlash(f.Path), "boot/src/lib.rs") {
				return f.Level
			}
		}
		t.Fatalf("%s: no finding in boot", label)
		return 0
	}
	c := &Cache{Dir: t.TempDir(), Salt: []byte("test")}
	for _, label := range []string{"no cache", "cold", "warm"} {
		opts := Options{Paths: []string{root}, Engine: eng}
		if label != "no cache" {
			opts.Cache = c
		}
		if got := level(label, opts); got != finding.LevelNote {
			t.Errorf("%s: start-up call from app: level %s, want note", label, got)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "app", "src", "main.rs"), []byte(perConn), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := level("after the caller changed", Options{Paths: []string{root}, Engine: eng, Cache: c}); got != finding.LevelWarning {
		t.Errorf("after app calls it per connection: level %s, want warning", got)
	}
	if got := level("no cache, per connection", Options{Paths: []string{root}, Engine: eng}); got != finding.LevelWarning {
		t.Errorf("no cache, per connection: level %s, want warning", got)
	}
}
