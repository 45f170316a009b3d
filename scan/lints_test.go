package scan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/rules"
)

// TestManifestClippyLints: `large_futures = "allow"` named in a package's [lints.clippy], or
// in [workspace.lints.clippy] for a member with `[lints] workspace = true`, silences
// large_future_capture in the package (suppressed, with the table as its reason); a member
// that does not inherit the table, and one that only allows the pedantic group, keep the
// warning. With the cache on, changing the manifest changes the result.
func TestManifestClippyLints(t *testing.T) {
	root := t.TempDir()
	big := "pub async fn recv_big(sock: &tokio::net::UdpSocket) -> u8 {\n    let mut buf = [0u8; 65536];\n    let _ = sock.recv(&mut buf).await;\n    buf[0]\n}\n"
	pkg := packageManifest
	writeFiles(t, root, map[string]string{
		"Cargo.toml":          "[workspace]\nmembers = [\"*\"]\n\n[workspace.lints.clippy]\nlarge-futures = { level = \"allow\", priority = 1 }\n",
		"inherits/Cargo.toml": pkg("inherits", "\n[lints]\nworkspace = true\n"),
		"inherits/src/lib.rs": big,
		"own/Cargo.toml":      pkg("own", "\n[lints.clippy]\nlarge_futures = \"allow\"\n"),
		"own/src/lib.rs":      big,
		"plain/Cargo.toml":    pkg("plain", ""),
		"plain/src/lib.rs":    big,
		"group/Cargo.toml":    pkg("group", "\n[lints.clippy]\npedantic = \"allow\"\n"),
		"group/src/lib.rs":    big,
	})
	eng := rules.NewEngine([]*rules.Rule{rules.LargeFutureCapture}, nil)
	check := func(label string, opts Options, silenced map[string]bool) {
		t.Helper()
		res := runScan(t, opts)
		seen := map[string]bool{}
		for _, f := range res.Findings {
			member := filepath.Base(filepath.Dir(filepath.Dir(f.Path)))
			seen[member] = true
			if f.Suppressed != silenced[member] {
				t.Errorf("%s: %s: suppressed %v, want %v (%s)", label, member, f.Suppressed, silenced[member], f.Justification)
			}
			if f.Suppressed && !strings.Contains(f.Justification, "large_futures = \"allow\"") {
				t.Errorf("%s: %s: the reason does not name the lint: %q", label, member, f.Justification)
			}
		}
		for _, m := range []string{"inherits", "own", "plain", "group"} {
			if !seen[m] {
				t.Errorf("%s: no finding in %s", label, m)
			}
		}
	}
	want := map[string]bool{"inherits": true, "own": true}
	check("no cache", Options{Paths: []string{root}, Engine: eng}, want)
	c := &Cache{Dir: t.TempDir(), Salt: []byte("test")}
	check("cold", Options{Paths: []string{root}, Engine: eng, Cache: c}, want)
	check("warm", Options{Paths: []string{root}, Engine: eng, Cache: c}, want)
	// The workspace drops its allow: the member that inherited it warns again.
	if err := os.WriteFile(filepath.Join(root, "Cargo.toml"), []byte("[workspace]\nmembers = [\"*\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	check("after the edit", Options{Paths: []string{root}, Engine: eng, Cache: c}, map[string]bool{"own": true})
}
