package scan

import (
	"os"
	"path/filepath"
	"sync"

	"github.com/pelletier/go-toml/v2"
)

// crates finds the crate of each file (the directory of its nearest Cargo.toml) and the
// crate's Rust edition, caching answers per directory.
type crates struct {
	mu        sync.Mutex
	manifest  map[string]string // dir -> nearest Cargo.toml dir ("" if none)
	editions  map[string]string // Cargo.toml dir -> edition
	workspace map[string]string // dir -> edition of the nearest workspace at or above it
}

func newCrates() *crates {
	return &crates{manifest: map[string]string{}, editions: map[string]string{}, workspace: map[string]string{}}
}

type cargoManifest struct {
	Package *struct {
		Edition any `toml:"edition"` // "2021", or {workspace = true}
	} `toml:"package"`
	Workspace *struct {
		Package *struct {
			Edition string `toml:"edition"`
		} `toml:"package"`
	} `toml:"workspace"`
}

// lookup returns the crate root and edition for a file.
func (c *crates) lookup(file string) (root, edition string) {
	dir := filepath.Dir(file)
	c.mu.Lock()
	defer c.mu.Unlock()
	root = c.nearestManifest(dir)
	if root == "" {
		return dir, ""
	}
	return root, c.edition(root)
}

func (c *crates) nearestManifest(dir string) string {
	var chain []string
	found := ""
	for d := dir; ; {
		if m, ok := c.manifest[d]; ok {
			found = m
			break
		}
		chain = append(chain, d)
		if st, err := os.Stat(filepath.Join(d, "Cargo.toml")); err == nil && st.Mode().IsRegular() {
			found = d
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	for _, d := range chain {
		c.manifest[d] = found
	}
	return found
}

func (c *crates) edition(root string) string {
	if e, ok := c.editions[root]; ok {
		return e
	}
	e := ""
	m := readManifest(filepath.Join(root, "Cargo.toml"))
	if m != nil && m.Package != nil {
		switch v := m.Package.Edition.(type) {
		case string:
			e = v
		case map[string]any:
			if v["workspace"] == true {
				e = c.workspaceEdition(filepath.Dir(root))
			}
		case nil:
			e = "2015" // Cargo's default when a package names no edition
		}
	}
	c.editions[root] = e
	return e
}

// workspaceEdition finds [workspace.package] edition in a Cargo.toml above dir. The answer is
// kept for every directory on the way up: each member crate of a workspace asks it again,
// and parsing a large workspace manifest (deno's) for each of them showed in profiles.
func (c *crates) workspaceEdition(dir string) string {
	var chain []string
	e := ""
	for d := dir; ; {
		if v, ok := c.workspace[d]; ok {
			e = v
			break
		}
		chain = append(chain, d)
		if m := readManifest(filepath.Join(d, "Cargo.toml")); m != nil && m.Workspace != nil {
			if m.Workspace.Package != nil {
				e = m.Workspace.Package.Edition
			}
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	for _, d := range chain {
		c.workspace[d] = e
	}
	return e
}

func readManifest(path string) *cargoManifest {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var m cargoManifest
	if toml.Unmarshal(data, &m) != nil {
		return nil
	}
	return &m
}
