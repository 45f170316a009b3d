package scan

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/rules"
)

func ruleCounts(fs []finding.Finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		if !f.Suppressed {
			m[f.Rule]++
		}
	}
	return m
}

// A session settles a crate again after one file changes, as a scan of the new content
// would: a crate-wide fact from the changed file reaches the others, and an allow that
// silenced a finding settled from that fact is reported once the finding is gone.
func TestSessionUpdateSettlesTheCrate(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".git/HEAD":     "",
		"Cargo.toml":    "[package]\nname = \"demo\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
		"src/lib.rs":    "mod config;\nmod conn;\n",
		"src/config.rs": "pub const READ_BUF: usize = 64 * 1024;\n",
		"src/conn.rs": `use crate::config::READ_BUF;
pub async fn read_loop(mut sock: tokio::net::TcpStream) {
    // rustaudit:allow(large_future_capture) the task is boxed where it is spawned
    let mut buf = [0u8; READ_BUF];
    tokio::io::AsyncReadExt::read(&mut sock, &mut buf).await.ok();
    let mut other = [0u8; READ_BUF];
    tokio::io::AsyncReadExt::read(&mut sock, &mut other).await.ok();
}
`,
	})
	st := &rules.Settings{Levels: map[string]rules.Level{rules.UnusedSuppressionID: finding.LevelWarning}}
	s := NewSession(Options{Engine: rules.NewEngine(rules.All, st), Jobs: 1})
	defer s.Close()
	if _, err := s.Scan(context.Background(), []string{dir}); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(dir, "src", "config.rs")
	crate := s.CrateOf(config)
	if crate != dir {
		t.Fatalf("crate of config.rs = %q, want %q", crate, dir)
	}
	check := func(stage string, want map[string]int) {
		t.Helper()
		// Twice: settling must not depend on an earlier settle.
		for i := 0; i < 2; i++ {
			fs, _ := s.Settle(crate)
			got := ruleCounts(fs)
			if len(got) != len(want) {
				t.Fatalf("%s: findings %v, want %v", stage, got, want)
			}
			for r, n := range want {
				if got[r] != n {
					t.Fatalf("%s: findings %v, want %v", stage, got, want)
				}
			}
		}
	}
	check("after the scan", map[string]int{"large_future_capture": 1})

	if c, _ := s.Update(config, []byte("pub const READ_BUF: usize = 512;\n")); c != crate {
		t.Errorf("Update returned crate %q", c)
	}
	check("after READ_BUF shrank", map[string]int{rules.UnusedSuppressionID: 1})

	// Try sees a version without keeping it.
	if fs := s.Try(config, []byte("pub const READ_BUF: usize = 1 << 20;\n")); len(fs) != 0 {
		t.Errorf("Try: findings in config.rs %v", fs)
	}
	check("after Try", map[string]int{rules.UnusedSuppressionID: 1})

	s.Reload(config) // back to the file on disk
	check("after Reload", map[string]int{"large_future_capture": 1})

	if c := s.Forget(config); c != crate {
		t.Errorf("Forget returned crate %q", c)
	}
	check("without config.rs", map[string]int{rules.UnusedSuppressionID: 1})
	if held, _ := s.Holds(config); held {
		t.Error("config.rs still held after Forget")
	}
}
