package cargo

import (
	"os"
	"path/filepath"
	"testing"
)

// TestManifestFacts: what Load reads of a package's users from its manifest: `publish`
// (false or an empty registry list keep it off every registry; a registry list or the
// workspace's setting do not say so) and the library's crate-type (a cdylib or staticlib is
// loaded by a host program).
func TestManifestFacts(t *testing.T) {
	for _, tc := range []struct {
		name, extra           string
		unpublished, loadable bool
	}{
		{"plain", "", false, false},
		{"off", "publish = false\n", true, false},
		{"no-registries", "publish = []\n", true, false},
		{"own-registry", "publish = [\"internal\"]\n", false, false},
		{"from-workspace", "publish.workspace = true\n", false, false},
		{"extension", "\n[lib]\ncrate-type = [\"cdylib\"]\n", false, true},
		{"static", "\n[lib]\ncrate-type = [\"rlib\", \"staticlib\"]\n", false, true},
		{"rlib", "\n[lib]\ncrate-type = [\"rlib\"]\n", false, false},
	} {
		dir := t.TempDir()
		manifest := "[package]\nname = \"" + tc.name + "\"\nversion = \"0.1.0\"\n" + tc.extra
		if err := os.WriteFile(filepath.Join(dir, "Cargo.toml"), []byte(manifest), 0o644); err != nil {
			t.Fatal(err)
		}
		p := Load(dir)
		if p.Name != tc.name {
			t.Errorf("%s: name %q (manifest not read?)", tc.name, p.Name)
		}
		if p.Unpublished != tc.unpublished || p.Loadable != tc.loadable {
			t.Errorf("%s: Unpublished %v, Loadable %v; want %v, %v", tc.name, p.Unpublished, p.Loadable, tc.unpublished, tc.loadable)
		}
	}
}
