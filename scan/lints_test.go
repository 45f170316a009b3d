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

// TestManifestClippyGroups: a group allow that turns off a lint Clippy runs by default
// (`all` or `suspicious` over `await_holding_refcell_ref`) silences lock_across_await, with the
// group named in the reason; a later entry of higher priority that turns the group or the lint
// back on keeps the finding, and so does an allow of another group.
func TestManifestClippyGroups(t *testing.T) {
	root := t.TempDir()
	held := "use std::cell::RefCell;\npub async fn run(c: &RefCell<Vec<u8>>) {\n    let v = c.borrow_mut();\n    tokio::task::yield_now().await;\n    drop(v);\n}\n"
	pkg := packageManifest
	members := map[string]string{
		"all":        "all = { level = \"allow\", priority = -2 }\ncorrectness = { level = \"warn\", priority = -1 }\n",
		"suspicious": "suspicious = \"allow\"\n",
		"reenabled":  "all = { level = \"allow\", priority = -2 }\nsuspicious = { level = \"warn\", priority = -1 }\n",
		"lintwins":   "suspicious = \"allow\"\nawait_holding_refcell_ref = \"warn\"\n",
		"style":      "style = \"allow\"\n",
		"split":      "suspicious = \"allow\"\nawait_holding_refcell_ref = \"warn\"\n",
	}
	files := map[string]string{"Cargo.toml": "[workspace]\nmembers = [\"*\"]\n"}
	for m, lints := range members {
		files[m+"/Cargo.toml"] = pkg(m, "\n[lints.clippy]\n"+lints)
		files[m+"/src/lib.rs"] = held
	}
	// The lock guard next to the borrow: in "split" only the lock is off (the group's
	// await_holding_lock), the borrow's own lint is back on.
	files["split/src/lib.rs"] = held + "pub async fn lock(m: &std::sync::Mutex<u8>) {\n    let g = m.lock().unwrap();\n    tokio::task::yield_now().await;\n    drop(g);\n}\n"
	writeFiles(t, root, files)
	res := runScan(t, Options{Paths: []string{root}, Engine: rules.NewEngine([]*rules.Rule{rules.LockAcrossAwait}, nil)})
	want := map[string]string{"all": "`all = \"allow\"`", "suspicious": "`suspicious = \"allow\"`"}
	seen := map[string]bool{}
	splits := 0
	for _, f := range res.Findings {
		m := filepath.Base(filepath.Dir(filepath.Dir(f.Path)))
		seen[m] = true
		if m == "split" {
			splits++
			if lock := !strings.Contains(f.Message, "RefCell"); f.Suppressed != lock {
				t.Errorf("split: %q: suppressed %v, want %v", f.Message, f.Suppressed, lock)
			}
			continue
		}
		if f.Suppressed != (want[m] != "") {
			t.Errorf("%s: suppressed %v, want %v (%s)", m, f.Suppressed, want[m] != "", f.Justification)
		}
		if f.Suppressed && (!strings.Contains(f.Justification, want[m]) || !strings.Contains(f.Justification, "turns off Clippy's `await_holding")) {
			t.Errorf("%s: the reason does not name the group and the lint: %q", m, f.Justification)
		}
	}
	for m := range members {
		if !seen[m] {
			t.Errorf("no finding in %s", m)
		}
	}
	if splits != 2 {
		t.Errorf("split: want the borrow and the lock, got %d findings", splits)
	}
}
